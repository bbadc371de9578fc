# The window probe (python -m app.bench.gui_probe) with three versions of
# app/gui/search_worker.py, interleaved, 4 rounds: no index warming (9919ee7),
# warming at once (24f4423), warming after WARM_INDEX_DELAY_MS (the working copy,
# saved first as /tmp/sw_delayed.py). Run from the checkout; restores the file.
cp app/gui/search_worker.py /tmp/sw_delayed.py
git show 24f4423:app/gui/search_worker.py > /tmp/sw_atonce.py
git show 9919ee7:app/gui/search_worker.py > /tmp/sw_none.py
M=$HOME/.local/share/kenning/models/all-MiniLM-L6-v2-Q8_0.gguf
DB=${1:-/tmp/syn100k.db}
for r in 1 2 3 4; do for v in none atonce delayed; do
  cp /tmp/sw_$v.py app/gui/search_worker.py
  echo "$v $(QT_QPA_PLATFORM=offscreen .venv/bin/python -m app.bench.gui_probe "$DB" "$M" "parse a cookie header into a dict" "$(date +%s.%N)" 2>/dev/null | tail -1)"
done; done
cp /tmp/sw_delayed.py app/gui/search_worker.py
