"""Where training code comes from: pinned packages of several ecosystems.

Each package stands for one repository; the train/validation/test split is by
package, so no query is judged on code from a project the matrix learned from.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Literal

Ecosystem = Literal["pypi", "npm", "debian"]
Split = Literal["train", "validation", "test"]

MANIFEST = "sources.toml"


@dataclass(frozen=True, slots=True)
class Source:
    ecosystem: Ecosystem
    name: str
    version: str

    @property
    def key(self) -> str:
        return f"{self.ecosystem}:{self.name}"

    def split(self) -> Split:
        """A stable split by package: 80% train, 10% validation, 10% test."""
        bucket = int(hashlib.sha256(self.key.encode()).hexdigest()[:8], 16) % 10
        return "test" if bucket == 0 else "validation" if bucket == 1 else "train"


def load_manifest() -> list[Source]:
    text = resources.files("app.core.bias.data").joinpath(MANIFEST).read_text("utf-8")
    data = tomllib.loads(text)
    return [Source(ecosystem, name, version)
            for ecosystem in ("pypi", "npm", "debian")
            for name, version in data.get(ecosystem, {}).items()]
