"""Property tests: whatever the text and language, the chunking invariants hold."""

from __future__ import annotations

import sysconfig
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.chunking.chunker import chunk_text
from app.core.chunking.specs import SPECS

LANGUAGES = [*sorted(SPECS), "json", "markdown", None]
BUDGETS = [8, 12, 24, 64, 256]

JS_SEED = """\
import { EventEmitter } from "events";

/** A queue that runs at most `limit` jobs at once. */
export class JobQueue extends EventEmitter {
  constructor(limit = 4) {
    super();
    this.limit = limit;
    this.running = 0;
    this.pending = [];
  }

  push(job) {
    return new Promise((resolve, reject) => {
      this.pending.push({ job, resolve, reject });
      this.#next();
    });
  }

  #next() {
    if (this.running >= this.limit || this.pending.length === 0) return;
    const { job, resolve, reject } = this.pending.shift();
    this.running += 1;
    Promise.resolve()
      .then(job)
      .then(resolve, reject)
      .finally(() => {
        this.running -= 1;
        this.emit("done");
        this.#next();
      });
  }
}

export const delay = (ms) => new Promise((r) => setTimeout(r, ms));
"""


def _python_seed() -> str:
    path = Path(sysconfig.get_paths()["stdlib"]) / "json" / "decoder.py"
    return path.read_text(encoding="utf-8") if path.is_file() else JS_SEED


SEEDS = {"python": _python_seed(), "javascript": JS_SEED}

code_alphabet = st.characters(codec="utf-8") | st.sampled_from(list("{}()[];:,.=#/*'\"\\\n\t "))
texts = st.text(alphabet=code_alphabet, max_size=600)


@st.composite
def mutated_source(draw: st.DrawFn) -> tuple[str, str]:
    """A real source with a few random edits: cuts, pastes, duplications, junk."""
    language = draw(st.sampled_from(sorted(SEEDS)))
    text = SEEDS[language]
    for _ in range(draw(st.integers(0, 6))):
        size = len(text)
        start = draw(st.integers(0, size))
        end = draw(st.integers(start, min(size, start + 400)))
        operation = draw(st.sampled_from(["delete", "insert", "duplicate", "replace"]))
        if operation == "delete":
            text = text[:start] + text[end:]
        elif operation == "insert":
            text = text[:start] + draw(texts) + text[start:]
        elif operation == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        else:
            token = draw(st.sampled_from(["{", "}", "(", '"""', "'", "\n", "def ", "*/"]))
            text = text[:start] + token + text[end:]
    return language, text


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(text=texts, language=st.sampled_from(LANGUAGES), max_tokens=st.sampled_from(BUDGETS))
def test_arbitrary_text_in_any_language(text, language, max_tokens, word_count, check):
    snippets = chunk_text(text, "some/file.x", language, word_count, max_tokens)
    check(snippets, text, word_count, max_tokens)
    assert bool(snippets) == bool(text.strip())


@FAST
@given(source=mutated_source(), max_tokens=st.sampled_from(BUDGETS))
def test_mutated_real_sources(source, max_tokens, word_count, check):
    language, text = source
    snippets = chunk_text(text, "src/module.py", language, word_count, max_tokens)
    check(snippets, text, word_count, max_tokens)


@FAST
@given(source=mutated_source(), language=st.sampled_from(LANGUAGES))
def test_sources_in_the_wrong_language(source, language, word_count, check):
    _, text = source
    snippets = chunk_text(text, "src/module", language, word_count, 64)
    check(snippets, text, word_count, 64)


@settings(max_examples=40, deadline=None)
@given(source=mutated_source(), max_tokens=st.sampled_from([32, 256]))
def test_mutated_sources_with_the_real_tokenizer(source, max_tokens, real_count, check):
    language, text = source
    snippets = chunk_text(text, "src/module.py", language, real_count, max_tokens)
    check(snippets, text, real_count, max_tokens)
