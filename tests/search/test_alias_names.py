"""A name given to code written under another name finds that code first (a real index):
`ListCache.prototype.set = listCacheSet`, `alias_method :unescape, :unencode`; and the
name lookup of a common name keeps the qualified one."""

from __future__ import annotations

from pathlib import Path

import apsw
import pytest

from app.core.search.aliases import Alias
from app.core.search.candidates import MAX_DEFINITIONS, aliased_names, definitions_named
from tests.conftest import index_files, run_kenning

FILES = {
    "_listCacheSet.js": """\
/**
 * Sets the list cache `key` to `value`.
 */
function listCacheSet(key, value) {
  var data = this.__data__,
      index = assocIndexOf(data, key);

  if (index < 0) {
    ++this.size;
    data.push([key, value]);
  } else {
    data[index][1] = value;
  }
  return this;
}

module.exports = listCacheSet;
""",
    "_ListCache.js": """\
var listCacheClear = require('./_listCacheClear'),
    listCacheSet = require('./_listCacheSet');

function ListCache(entries) {
  var index = -1,
      length = entries == null ? 0 : entries.length;

  this.clear();
  while (++index < length) {
    var entry = entries[index];
    this.set(entry[0], entry[1]);
  }
}

// Add methods to `ListCache`.
ListCache.prototype.clear = listCacheClear;
ListCache.prototype.set = listCacheSet;

module.exports = ListCache;
""",
    "client.js": """\
function serialize(object) {
  if (!isObject(object)) return object;
  const pairs = [];
  for (const key in object) {
    if (hasOwn(object, key)) pushEncodedKeyValuePair(pairs, key, object[key]);
  }
  return pairs.join('&');
}

/**
 * Expose serialization method.
 */

request.serializeObject = serialize;
""",
    "serializer.js": """\
class Serializer {
  serialize(value) {
    return JSON.stringify(value, null, this.indent);
  }
}
""",
    "uri.rb": """\
module Addressable
  class URI
    def self.unencode(uri, return_type = String)
      return nil if uri.nil?
      result = uri.gsub(/%[0-9a-f]{2}/i) do |sequence|
        sequence[1..3].to_i(16).chr
      end
      result.force_encoding("utf-8")
    end

    class << self
      alias_method :unescape, :unencode
    end

    def self.encode_component(component, character_class = "a-zA-Z0-9")
      return nil if component.nil?
      component = component.to_s.dup.force_encoding(Encoding::ASCII_8BIT)
      component.gsub!(/[^#{character_class}]/) do |char|
        char.unpack("C*").map { |byte| "%" + byte.to_s(16).upcase.rjust(2, "0") }.join
      end
      component.force_encoding(Encoding::UTF_8)
    end

    def normalized_host
      return nil unless @host
      @normalized_host ||= begin
        host = @host.strip.downcase
        host = host[0...-1] if host.end_with?(".")
        host.empty? ? nil : host
      end
    end
  end
end
""",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("aliases")
    return index_files(root / "src", FILES, root / "i.db")


def first(db: Path, query: str) -> tuple[str, str]:
    run = run_kenning(["search", query, "--json", "-k", "3", "--db", db])
    assert run.code == 0, run.err
    top = run.json_lines()[0]["results"][0]
    return top["symbol"], Path(top["path"]).name


@pytest.mark.parametrize(("query", "expected"), [
    # required from another file: the definition there
    ("ListCache.prototype.set", ("listCacheSet", "_listCacheSet.js")),
    # this file's `serialize`, not another file's method of that name
    ("serializeObject", ("serialize", "client.js")),
    # Ruby's alias inside `class << self`: the method it renames
    ("URI.unescape", ("Addressable.URI.unencode", "uri.rb")),
])
def test_an_alias_finds_the_code_it_names_first(index: Path, query: str,
                                                expected: tuple[str, str]) -> None:
    assert first(index, query) == expected


def test_an_alias_takes_the_qualifier_of_the_definition_it_names() -> None:
    assert Alias("unescape", "unencode").named_for("Addressable.URI.unencode") == \
        "Addressable.URI.unescape"
    assert Alias("ListCache.prototype.set", "listcacheset").named_for("listCacheSet") == \
        "ListCache.prototype.set"


def test_an_alias_names_the_definitions_of_its_own_file_when_there_are_any() -> None:
    names = {1: ["serialize"], 2: ["Serializer.serialize"], 3: ["listCacheSet"]}
    files = {1: 10, 2: 20, 3: 30}
    aliased_names(names, files, [Alias("request.serializeObject", "serialize", 10),
                                 Alias("ListCache.prototype.set", "listcacheset", 40)])
    assert names == {1: ["serialize", "request.serializeObject"],
                     2: ["Serializer.serialize"],
                     3: ["listCacheSet", "ListCache.prototype.set"]}


def test_a_common_name_s_lookup_puts_the_qualified_one_among_those_it_takes(
        tmp_path: Path) -> None:
    # 30 classes define `write`; the lookup takes 20: `StreamHandler::write`, indexed
    # last, must be in.
    handlers = {f"handler_{i:02}.js": f"class Handler{i:02} {{\n  write(data) {{\n"
                f"    return this.sink{i}.push(data)\n  }}\n}}\n" for i in range(30)}
    db = index_files(tmp_path / "src", handlers, tmp_path / "i.db")
    index_files(tmp_path / "src", {"stream_handler.js": (
        "class StreamHandler {\n  write(record) {\n"
        "    return this.stream.write(record.formatted)\n  }\n}\n")}, db)
    conn = apsw.Connection(str(db), flags=apsw.SQLITE_OPEN_READONLY)
    [[stream_id]] = conn.execute("SELECT chunk_id FROM chunk_names WHERE name = ?",
                                 ("StreamHandler.write",)).fetchall()
    assert conn.execute("SELECT count(*) FROM chunk_names WHERE key = 'write'"
                        ).fetchone()[0] > MAX_DEFINITIONS
    qualified = definitions_named(conn, "write", "1", [], "streamhandler")
    assert qualified[0] == stream_id and len(qualified) == MAX_DEFINITIONS
    plain = definitions_named(conn, "write", "1", [])
    assert len(plain) == MAX_DEFINITIONS
