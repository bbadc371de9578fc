"""Which bias matrix applies to a model: a personal one if installed, else the shipped one.

Shipped matrices live in the repository's `models/bias/` (installed as
`<prefix>/share/kenning/models/bias/`), named by the first 16 hex digits of the
model fingerprint they were trained for. A personal matrix (`kenning bias
train --from-index`) lives in the user's data dir; the previous one is kept so
it can be rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.bias.matrix import BiasMatrix
from app.core.paths import data_dir, shipped_models_dirs


@dataclass(frozen=True)
class ActiveBias:
    matrix: BiasMatrix
    path: Path
    origin: str  # "shipped" or "personal"

    def describe(self) -> str:
        name = self.matrix.card.get("name", self.path.stem)
        return f"{name} ({self.origin}, {self.path})"


def matrix_name(fingerprint: str) -> str:
    return f"{fingerprint[:16]}.npy"


def shipped_path(fingerprint: str) -> Path | None:
    for folder in shipped_models_dirs():
        candidate = folder / "bias" / matrix_name(fingerprint)
        if candidate.is_file():
            return candidate
    return None


def personal_dir() -> Path:
    return data_dir() / "bias"


def personal_path(fingerprint: str) -> Path:
    return personal_dir() / matrix_name(fingerprint)


def active_bias(fingerprint: str) -> ActiveBias | None:
    """The matrix searches with this model use, or None when there is none."""
    personal = personal_path(fingerprint)
    if personal.is_file():
        return ActiveBias(BiasMatrix.load(personal), personal, "personal")
    shipped = shipped_path(fingerprint)
    if shipped is not None:
        return ActiveBias(BiasMatrix.load(shipped), shipped, "shipped")
    return None
