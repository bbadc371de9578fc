"""python -m app.quality with queries embedded by $QUERY_MODEL (a GGUF); the index keeps the
shipped model's vectors (its engine is unchanged): the query-side adapter, measured as the
product would run it."""
import os, sys
from pathlib import Path
from app.core.engine import Engine
from app.core.model.embedder import Embedder
from app.core.search.query_vectors import QueryVectors

_query_model: list[Embedder] = []


def _query_vectors(self: Engine) -> QueryVectors:
    if not _query_model:
        _query_model.append(Embedder(Path(os.environ["QUERY_MODEL"])))
    return QueryVectors(_query_model[0].embed_one)


Engine.query_vectors = _query_vectors
from app.quality.__main__ import main
sys.exit(main())
