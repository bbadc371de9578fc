import sys; sys.path.insert(0,"/work/main"); sys.path.insert(0,"/tmp/bx")
import numpy as np, proxy, pickle
from app.core.bias.train import evaluate
a=np.load("/tmp/harvest/arrays.npz"); PS=pickle.load(open("proxy.pkl","rb"))
W=np.load(sys.argv[1]); I=np.eye(384, dtype=np.float32)
for al in [0.5, 1.0, 1.5, 2.0, 3.0]:
    Wa = I + al*(W-I)
    print(al, "val", round(evaluate(a["vaq"], a["vad"], Wa).mrr,4), proxy.evaluate(Wa, PS), flush=True)
