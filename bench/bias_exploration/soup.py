import sys; sys.path.insert(0,"/work/main"); sys.path.insert(0,"/tmp/bx")
import numpy as np, pickle, proxy
from app.core.bias.train import evaluate
a=np.load("/tmp/harvest/arrays.npz"); PS=pickle.load(open("proxy.pkl","rb"))
names=["W_base","W_raw_base","W_doc","W_groupedTrue","W_normTrue","W_hard6"]
Ws=[np.load(f"/tmp/bx/{n}.npy") for n in names]
S=np.mean(Ws,axis=0); np.save("/tmp/bx/W_soup.npy", S)
print("soup val", round(evaluate(a["vaq"],a["vad"],S).mrr,4), proxy.evaluate(S,PS))
