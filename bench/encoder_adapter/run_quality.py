"""python -m app.quality with the default model swapped for $FT_MODEL (the engine's provisioning patched)."""
import os, sys
from pathlib import Path
import app.core.engine as engine
model = Path(os.environ["FT_MODEL"])
engine.ensure_default_model = lambda *a, **k: model
from app.quality.__main__ import main
sys.exit(main())
