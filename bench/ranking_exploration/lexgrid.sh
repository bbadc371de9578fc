cd /work/main
for w in 2,1.5,1 8,1.5,1 4,0.5,1 4,3,1 4,1.5,2 1,1,1; do
  LEXW=$w .venv/bin/python /tmp/exp3/dump_vec.py /tmp/exp3/lex_$w.pkl > /dev/null 2>&1
  .venv/bin/python /tmp/exp3/score.py /tmp/exp3/lex_$w.pkl models/bias/d274298f9d490669.npy | sed "s/^/$w /"
done
