#!/bin/bash
# usage: quality_avx2.sh LIB TAG -- the quality set's eight smallest projects indexed and searched
# on the AVX2 path (CPUID masked, app/bench/cpuid_mask.c built as /tmp/s17/cpuid_mask.so), with
# /tmp/s17/LIB as llama.cpp's haswell library; report in /tmp/s17/q-TAG.md. Put the installed
# library back afterwards.
cd /work/main
cp /tmp/s17/$1 .venv/lib/python3.11/site-packages/llama_cpp/lib/libggml-cpu-haswell.so
LD_PRELOAD=/tmp/s17/cpuid_mask.so KENNING_CPU_BACKEND=haswell KENNING_QUALITY_INDEXES=/tmp/s17/qidx-$2 \
  .venv/bin/python -m app.quality --project query-core --project rack --project monolog --project penlight \
  --project thor --project trpc-server --project symfony-console --project cobra --out /tmp/s17/q-$2.md > /tmp/s17/q-$2.log 2>&1
echo "rc=$?" >> /tmp/s17/q-$2.log
