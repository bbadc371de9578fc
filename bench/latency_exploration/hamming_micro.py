import numpy as np, time, statistics
rng = np.random.default_rng(0)
n=100_000
codes = rng.integers(0, 2**63, size=(n,6), dtype=np.uint64)
q = rng.integers(0, 2**63, size=(1,6), dtype=np.uint64)
allowed = rng.random(n) < 0.2
idx = np.flatnonzero(allowed)
def t(f, reps=50):
    ts=[]
    for _ in range(reps):
        s=time.perf_counter(); f(); ts.append((time.perf_counter()-s)*1000)
    return statistics.median(ts)
print("bitwise_count+sum u16", t(lambda: np.bitwise_count(codes ^ q).sum(axis=1, dtype=np.uint16)))
print("xor only", t(lambda: codes ^ q))
print("bitwise_count only", t(lambda: np.bitwise_count(codes ^ q)))
x = np.bitwise_count(codes ^ q)
print("sum u16", t(lambda: x.sum(axis=1, dtype=np.uint16)))
print("sum via add cols", t(lambda: x[:,0].astype(np.uint16)+x[:,1]+x[:,2]+x[:,3]+x[:,4]+x[:,5]))
ct = np.ascontiguousarray(codes.T)
def colwise():
    d = np.bitwise_count(ct[0] ^ q[0,0]).astype(np.uint16)
    for j in range(1,6): d += np.bitwise_count(ct[j] ^ q[0,j])
    return d
print("colwise (transposed store)", t(colwise))
print("gather allowed", t(lambda: codes[idx]))
print("subset count", t(lambda: np.bitwise_count(codes[idx] ^ q).sum(axis=1, dtype=np.uint16)))
def colwise_sub():
    d = np.bitwise_count(ct[0][idx] ^ q[0,0]).astype(np.uint16)
    for j in range(1,6): d += np.bitwise_count(ct[j][idx] ^ q[0,j])
    return d
print("colwise subset", t(colwise_sub))
d = np.bitwise_count(codes ^ q).sum(axis=1, dtype=np.uint16)
print("bincount+cumsum", t(lambda: np.cumsum(np.bincount(d))))
print("flatnonzero <", t(lambda: np.flatnonzero(d < 170)))
print("mask assign", t(lambda: d.__setitem__(~allowed, 999)))
print("----")
def strided():
    d = np.bitwise_count(codes[:,0] ^ q[0,0]).astype(np.uint16)
    for j in range(1,6): d += np.bitwise_count(codes[:,j] ^ q[0,j])
    return d
print("strided columns", t(strided))
def strided_sub():
    sub = codes[idx]
    d = np.bitwise_count(sub[:,0] ^ q[0,0]).astype(np.uint16)
    for j in range(1,6): d += np.bitwise_count(sub[:,j] ^ q[0,j])
    return d
print("strided subset", t(strided_sub))
buf = np.empty_like(codes); cnt = np.empty(codes.shape, dtype=np.uint8)
def inplace():
    np.bitwise_xor(codes, q, out=buf); np.bitwise_count(buf, out=cnt)
    return cnt[:,0].astype(np.uint16)+cnt[:,1]+cnt[:,2]+cnt[:,3]+cnt[:,4]+cnt[:,5]
print("inplace xor/count + col add", t(inplace))
def fresh_coladd():
    c = np.bitwise_count(codes ^ q)
    return c[:,0].astype(np.uint16)+c[:,1]+c[:,2]+c[:,3]+c[:,4]+c[:,5]
print("fresh + col add", t(fresh_coladd))
def fresh_coladd_view():
    c = np.bitwise_count(codes ^ q)
    d = c[:,0].astype(np.uint16)
    for j in range(1,6): np.add(d, c[:,j], out=d)
    return d
print("fresh + col add inplace", t(fresh_coladd_view))
def sub_coladd():
    c = np.bitwise_count(codes[idx] ^ q)
    d = c[:,0].astype(np.uint16)
    for j in range(1,6): np.add(d, c[:,j], out=d)
    return d
print("subset fresh + col add", t(sub_coladd))
def u8view():
    c = np.bitwise_count(codes ^ q)  # uint8 (n,6)
    # sum 6 bytes via matmul? use view trick: pad to 8 bytes -> uint64 then multiply
    return c.sum(axis=1, dtype=np.uint16)
assert (fresh_coladd()==np.bitwise_count(codes ^ q).sum(axis=1, dtype=np.uint16)).all()
assert (strided()==fresh_coladd()).all()
