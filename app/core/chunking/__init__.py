"""Cutting source files into snippets the embedding model can take whole."""

from app.core.chunking.chunker import chunk_text
from app.core.chunking.definitions import Definition, extract_definitions
from app.core.chunking.languages import detect_language
from app.core.chunking.snippet import Snippet

__all__ = ["Definition", "Snippet", "chunk_text", "detect_language", "extract_definitions"]
