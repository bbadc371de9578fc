"""What a search asks for and what it returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Mode(StrEnum):
    HYBRID = "hybrid"
    SEMANTIC = "semantic"
    LEXICAL = "lexical"


@dataclass(frozen=True)
class SearchRequest:
    query: str
    k: int = 10
    mode: Mode = Mode.HYBRID
    use_bias: bool = True
    languages: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchResult:
    chunk_id: int
    path: str
    rel_path: str
    root: str
    start_line: int
    end_line: int
    symbol: str | None
    kind: str
    language: str
    score: float
    text: str
    # The whole definition the snippet is a piece of (None: not inside one, or an
    # index from before definitions were recorded).
    def_start: int | None = None
    def_end: int | None = None

    def to_json(self) -> dict[str, object]:
        """The `--json` contract: keys and order are part of the CLI's interface."""
        return {
            "path": self.path,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "symbol": self.symbol,
            "language": self.language,
            "score": round(self.score, 4),
            "text": self.text,
            "kind": self.kind,
            "rel_path": self.rel_path,
            "definition_start_line": self.def_start,
            "definition_end_line": self.def_end,
        }


@dataclass(frozen=True)
class SearchResponse:
    request: SearchRequest
    results: list[SearchResult] = field(default_factory=list)
    elapsed_ms: float = 0.0
    bias_applied: bool = False
