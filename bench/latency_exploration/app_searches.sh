export KENNING_CONFIG_DIR=/tmp/apptest/config KENNING_DATA_DIR=/tmp/apptest/data XDG_RUNTIME_DIR=/tmp/apptest/run
M=/root/.local/share/kenning/models/all-MiniLM-L6-v2-Q8_0.gguf
QT_QPA_PLATFORM=offscreen .venv/bin/kenning gui --minimized --db /tmp/apptest/app.db --model $M > /tmp/apptest/gui.log 2>&1 &
APP=$!
sleep 8
for q in "parse a cookie header" "read a config file" "send an email message" "decode base64 text" "format a date string" "split a url into parts" "compare two version strings" "retry a failed upload" "walk a directory tree" "compress bytes with zlib" "open a socket" "hash a password"; do
  s=$(date +%s%N); .venv/bin/kenning search "$q" --db /tmp/apptest/app.db --model $M --json > /dev/null; e=$(date +%s%N); echo "$q $(( (e-s)/1000000 )) ms"
done
kill $APP; wait
