"""A C name given by `typedef struct X Y;` finds X's definition first (a real index)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_kenning

HEADER = """\
/* Public API of the decoder. */
#include <stddef.h>

/** The decoder's state: opaque, made by decoder_create. */
typedef struct decoder_state_s decoder_t;

decoder_t *decoder_create(void);
int decoder_feed(decoder_t *d, const unsigned char *in, size_t n);
"""

SOURCE = """\
#include "decoder.h"

struct decoder_state_s {
  int stage;
  size_t consumed;
  unsigned char window[4096];
};

decoder_t *decoder_create(void) {
  static decoder_t one;
  one.stage = 0;
  one.consumed = 0;
  return &one;
}

int decoder_feed(decoder_t *d, const unsigned char *in, size_t n) {
  d->consumed += n;
  return in != NULL && d->stage >= 0;
}
"""


def test_the_struct_a_typedef_names_comes_first_then_the_typedef(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "include").mkdir(parents=True)
    (src / "include" / "decoder.h").write_text(HEADER)
    (src / "decoder.c").write_text(SOURCE)
    db = tmp_path / "i.db"
    assert run_kenning(["index", src, "--db", db]).code == 0
    run = run_kenning(["search", "decoder_t", "--json", "-k", "3", "--db", db])
    assert run.code == 0, run.err
    first, second = run.json_lines()[0]["results"][:2]
    assert (first["symbol"], Path(first["path"]).name) == ("decoder_state_s", "decoder.c")
    assert (second["symbol"], Path(second["path"]).name) == ("decoder_t", "decoder.h")
