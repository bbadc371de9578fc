import sys, json, time, pickle
sys.path.insert(0,"/work/main"); sys.path.insert(0,"/tmp/bx")
import numpy as np
from app.core.bias.train import mine_hard_negatives, _softmax_grad
from app.core.bias.metrics import metrics_from_ranks
from app.core.search.fusion import reciprocal_rank_fusion
import proxy
a = np.load("/tmp/harvest/arrays.npz"); c = np.load("/tmp/harvest/conala.npz")
trq = np.vstack([a["trq"], c["tq"]]).astype(np.float64); trd = np.vstack([a["trd"], c["td"]]).astype(np.float64)
vaq, vad = a["vaq"].astype(np.float64), a["vad"].astype(np.float64)
def unit(x): n=np.linalg.norm(x,axis=1,keepdims=True); return x/n, n
def norm_back(g,u,n): return (g-u*(u*g).sum(1,keepdims=True))/n
def val(A,B):
    q,_=unit(vaq@A.T); d,_=unit(vad@B.T); s=q@d.T; own=np.diag(s)
    return metrics_from_ranks(list((s>own[:,None]).sum(1)+1)).mrr
def run(lr=1e-4, tau=0.05, l2=1e-3, hard=2, epochs=25, batch=256, seed=0):
    rng=np.random.default_rng(seed); I=np.eye(384); A=I.copy(); B=I.copy()
    mA=np.zeros_like(A); vA=np.zeros_like(A); mB=np.zeros_like(A); vB=np.zeros_like(A); t=0
    H=mine_hard_negatives(trq.astype(np.float32), trd.astype(np.float32), 20)
    best=val(A,B); bAB=(A.copy(),B.copy()); wait=0
    for ep in range(epochs):
        o=rng.permutation(len(trq))
        for off in range(0,len(o)-batch+1,batch):
            idx=o[off:off+batch]; picks=H[idx[:,None], rng.integers(0,20,size=(len(idx),hard))]
            cidx=np.concatenate([idx,picks.ravel()])
            p=trq[idx]@A.T; u,nu=unit(p); cc=trd[cidx]@B.T; v,nv=unit(cc)
            l1,g1=_softmax_grad(u@v.T/tau); l2_,g2=_softmax_grad(v[:batch]@u.T/tau)
            gu=(g1@v+g2.T@v[:batch])/tau; gv=(g1.T@u)/tau; gv[:batch]+=(g2@u)/tau
            gA=norm_back(gu,u,nu).T@trq[idx]+2*l2*(A-I); gB=norm_back(gv,v,nv).T@trd[cidx]+2*l2*(B-I)
            t+=1
            mA=.9*mA+.1*gA; vA=.999*vA+.001*gA*gA; A-=lr*(mA/(1-.9**t))/(np.sqrt(vA/(1-.999**t))+1e-8)
            mB=.9*mB+.1*gB; vB=.999*vB+.001*gB*gB; B-=lr*(mB/(1-.9**t))/(np.sqrt(vB/(1-.999**t))+1e-8)
        m=val(A,B); print(ep, round(m,4), flush=True)
        if m>best: best=m; bAB=(A.copy(),B.copy()); wait=0
        else:
            wait+=1
            if wait>=4: break
    return best,bAB
best,(A,B)=run()
np.save("/tmp/bx/A.npy",A); np.save("/tmp/bx/B.npy",B)
PS=pickle.load(open("proxy.pkl","rb"))
for s in PS.values():
    d,_=unit(s["vec"].astype(np.float64)@B.T); s["vec"]=d.astype(np.float32)
print("both-sides val", round(best,4), proxy.evaluate(A.astype(np.float32), PS))
