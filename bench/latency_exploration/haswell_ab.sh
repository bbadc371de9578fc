#!/bin/bash
# usage: haswell_ab.sh LIB_A LIB_B ROUNDS THREADS; the masked lane (cpuid_mask.so built from
# app/bench/cpuid_mask.c into /tmp/s17) with each libggml-cpu-haswell.so in turn; the
# shipped library saved first as /tmp/haswell-shipped.so and put back at the end.
LIB=/work/main/.venv/lib/python3.11/site-packages/llama_cpp/lib
export LD_PRELOAD=/tmp/s17/cpuid_mask.so KENNING_CPU_BACKEND=haswell
for r in $(seq $3); do
  cp $1 $LIB/libggml-cpu-haswell.so; /work/main/.venv/bin/python bench/latency_exploration/masked_lane.py /tmp/vA.npy $4 2>&1 | tail -1
  cp $2 $LIB/libggml-cpu-haswell.so; /work/main/.venv/bin/python bench/latency_exploration/masked_lane.py /tmp/vB.npy $4 2>&1 | tail -1
done
cp /tmp/haswell-shipped.so $LIB/libggml-cpu-haswell.so
unset LD_PRELOAD
/work/main/.venv/bin/python -c "
import numpy as np; a=np.load('/tmp/vA.npy'); b=np.load('/tmp/vB.npy'); print('max abs diff', abs(a-b).max(), 'min cos', (a*b).sum(1).min())"
