import sys, tempfile
from pathlib import Path
from app.core.model.gguf_convert import convert_checkpoint
from app.core.model.provision import _quantize
src, dst = Path(sys.argv[1]), Path(sys.argv[2])
with tempfile.TemporaryDirectory() as tmp:
    f32 = Path(tmp) / "f32.gguf"
    convert_checkpoint(src, f32, f16=False, name="all-MiniLM-L6-v2-code")
    _quantize(f32, dst)
print(dst, dst.stat().st_size)
