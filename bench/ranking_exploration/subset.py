"""A copy of the evaluation set holding only the queries whose number is in LO..HI:
python subset.py OUT_DIR LO HI (e.g. 21 30: the queries written blind on 6 Dec)."""
import json
import shutil
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "quality"
out, lo, hi = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
(out / "queries").mkdir(parents=True, exist_ok=True)
shutil.copy(SOURCE / "projects.toml", out / "projects.toml")
count = 0
for path in (SOURCE / "queries").glob("*.json"):
    data = json.loads(path.read_text())
    data["queries"] = [q for q in data["queries"] if lo <= int(q["id"].rsplit("-", 1)[1]) <= hi]
    count += len(data["queries"])
    (out / "queries" / path.name).write_text(json.dumps(data, indent=1))
print(count, "queries")
