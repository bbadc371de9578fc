#!/bin/bash
cd /work/main
while pgrep -f "train_exp.py base" >/dev/null; do sleep 5; done
for args in "samerepo samerepo=1 save=1" "seed1 seed=1 save=1" "samerepo_h4 samerepo=1 hard=4 save=1" "tau07 tau=0.07 save=1" "samerepo_s1 samerepo=1 seed=1 save=1"; do
  .venv/bin/python /tmp/exp3/train_exp.py $args > /tmp/exp3/$(echo $args | cut -d' ' -f1).log 2>&1
done
echo done > /tmp/exp3/queue.done
