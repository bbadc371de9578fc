"""Per-language samples: the definitions each grammar yields, with their lines.

The expectations were read off the chunker's output and checked by eye
against the sources; they pin down node types, names, comment attachment and
splitting for every supported language.  Counts use the model's real tokenizer.
"""

from __future__ import annotations

import pytest
from tree_sitter_language_pack import get_language

from app.core.chunking.chunker import chunk_text
from app.core.chunking.definitions import extract_definitions
from app.core.chunking.languages import detect_language
from app.core.chunking.specs import SPECS

# ruff: noqa: E501  (sample sources are quoted verbatim)

PYTHON = '''\
"""Rate limiting for outgoing HTTP requests."""

import time
from collections import deque

DEFAULT_RATE = 10


class TokenBucket:
    """Allow bursts up to `capacity`, refilled at `rate` tokens per second."""

    def __init__(self, rate: float, capacity: int) -> None:
        self.rate = rate
        self.capacity = capacity
        self.tokens = float(capacity)
        self.updated = time.monotonic()

    # Refill lazily: only when someone asks for a token.
    def take(self, count: int = 1) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= count:
            self.tokens -= count
            return True
        return False


@functools.lru_cache(maxsize=None)
def bucket_for(host: str) -> TokenBucket:
    """One shared bucket per host name."""
    return TokenBucket(DEFAULT_RATE, capacity=DEFAULT_RATE * 2)


if __name__ == "__main__":
    print(bucket_for("example.org").take())
'''

JAVASCRIPT = '''\
import { readFile } from "node:fs/promises";

// Parse a .env file into an object, ignoring comments and blank lines.
export function parseEnv(text) {
  const out = {};
  for (const line of text.split("\\n")) {
    const match = /^\\s*([\\w.]+)\\s*=\\s*(.*)$/.exec(line);
    if (match) out[match[1]] = match[2].trim();
  }
  return out;
}

export const loadEnv = async (path) => {
  const text = await readFile(path, "utf8");
  return parseEnv(text);
};

export default class Config {
  constructor(values) {
    this.values = { ...values };
  }

  /** Read a value, falling back to `fallback` when it is missing. */
  get(key, fallback = undefined) {
    return key in this.values ? this.values[key] : fallback;
  }
}

const handlers = {
  reload(config, path) { return loadEnv(path).then((v) => Object.assign(config.values, v)); },
  dump: function (config) { return JSON.stringify(config.values, null, 2); },
};
'''

TYPESCRIPT = '''\
import type { Request, Response } from "express";

export interface User {
  id: number;
  name: string;
  email?: string;
  roles: Role[];
  lastSeen: Date | null;
}

export type UserId = User["id"];

export enum Role {
  Admin = "admin",
  Member = "member",
  Guest = "guest",
}

@Injectable()
export class UserService {
  private readonly users = new Map<UserId, User>();

  async find(id: UserId): Promise<User | undefined> {
    return this.users.get(id) ?? (await this.fetchRemote(id));
  }

  private async fetchRemote(id: UserId): Promise<User | undefined> {
    const response = await fetch(`/api/users/${id}`);
    return response.ok ? ((await response.json()) as User) : undefined;
  }
}

export const handleGetUser = async (req: Request, res: Response): Promise<void> => {
  const user = await new UserService().find(Number(req.params.id));
  res.status(user ? 200 : 404).json(user ?? { error: "not found" });
};
'''

TSX = '''\
import React, { useState } from "react";

interface CounterProps {
  initial: number;
  label?: string;
}

export function Counter({ initial, label = "Count" }: CounterProps) {
  const [count, setCount] = useState(initial);
  return (
    <button onClick={() => setCount(count + 1)}>
      {label}: {count}
    </button>
  );
}

export const Greeting = ({ name }: { name: string }) => (
  <h1 className="greeting">Hello, {name}! Welcome back to the dashboard.</h1>
);
'''

GO = '''\
package cache

import (
\t"sync"
\t"time"
)

// entry is one cached value with its expiry time.
type entry struct {
\tvalue   any
\texpires time.Time
}

// Cache is a map with per-key time-to-live, safe for concurrent use.
type Cache struct {
\tmu    sync.Mutex
\titems map[string]entry
\tttl   time.Duration
}

// New returns an empty cache whose entries live for ttl.
func New(ttl time.Duration) *Cache {
\treturn &Cache{items: make(map[string]entry), ttl: ttl}
}

// Get returns the value for key, if present and not expired.
func (c *Cache) Get(key string) (any, bool) {
\tc.mu.Lock()
\tdefer c.mu.Unlock()
\te, ok := c.items[key]
\tif !ok || time.Now().After(e.expires) {
\t\treturn nil, false
\t}
\treturn e.value, true
}

func (c *Cache) Set(key string, value any) {
\tc.mu.Lock()
\tdefer c.mu.Unlock()
\tc.items[key] = entry{value: value, expires: time.Now().Add(c.ttl)}
}
'''

RUST = '''\
use std::collections::HashMap;
use std::fmt;

/// A word-frequency table.
#[derive(Debug, Default)]
pub struct Histogram {
    counts: HashMap<String, usize>,
}

impl Histogram {
    /// Count every whitespace-separated word of `text`.
    pub fn from_text(text: &str) -> Self {
        let mut counts = HashMap::new();
        for word in text.split_whitespace() {
            *counts.entry(word.to_lowercase()).or_insert(0) += 1;
        }
        Histogram { counts }
    }

    pub fn most_common(&self, n: usize) -> Vec<(&String, &usize)> {
        let mut pairs: Vec<_> = self.counts.iter().collect();
        pairs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        pairs.into_iter().take(n).collect()
    }
}

impl fmt::Display for Histogram {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (word, count) in self.most_common(10) {
            writeln!(f, "{word:>12} {count}")?;
        }
        Ok(())
    }
}

pub enum Order { Ascending, Descending, Insertion, Alphabetical, ByLength }
'''

JAVA = '''\
package com.example.shop;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** A shopping cart that keeps line items in insertion order. */
public class Cart {
    private final List<LineItem> items = new ArrayList<>();

    /** Add `quantity` units of a product at its current price. */
    public void add(Product product, int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
        items.add(new LineItem(product, quantity, product.price()));
    }

    @Override
    public String toString() {
        return "Cart(" + items.size() + " items, total " + total() + ")";
    }

    public BigDecimal total() {
        BigDecimal sum = BigDecimal.ZERO;
        for (LineItem item : items) {
            sum = sum.add(item.price().multiply(BigDecimal.valueOf(item.quantity())));
        }
        return sum;
    }
}

interface PricingRule {
    BigDecimal apply(Cart cart, BigDecimal subtotal, String couponCode);
}
'''

C = '''\
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growable byte buffer. */
struct buffer {
    char *data;
    size_t len;
    size_t cap;
};

/* Make room for at least `extra` more bytes; returns 0 on success. */
static int buffer_reserve(struct buffer *buf, size_t extra)
{
    if (buf->len + extra <= buf->cap)
        return 0;
    size_t cap = buf->cap ? buf->cap * 2 : 64;
    while (cap < buf->len + extra)
        cap *= 2;
    char *data = realloc(buf->data, cap);
    if (!data)
        return -1;
    buf->data = data;
    buf->cap = cap;
    return 0;
}

int buffer_append(struct buffer *buf, const char *bytes, size_t n)
{
    if (buffer_reserve(buf, n) != 0)
        return -1;
    memcpy(buf->data + buf->len, bytes, n);
    buf->len += n;
    return 0;
}
'''

CPP = '''\
#include <string>
#include <unordered_map>

namespace http {

// Routes request paths to handlers.
class Router {
 public:
  using Handler = std::string (*)(const std::string& body);

  void add(const std::string& path, Handler handler) { routes_[path] = handler; }

  std::string dispatch(const std::string& path, const std::string& body) const;

 private:
  std::unordered_map<std::string, Handler> routes_;
};

}  // namespace http

std::string http::Router::dispatch(const std::string& path, const std::string& body) const {
  auto it = routes_.find(path);
  if (it == routes_.end()) {
    return "404 Not Found: no route for " + path;
  }
  return it->second(body);
}

template <typename T>
T clamp(T value, T low, T high) {
  return value < low ? low : (value > high ? high : value);
}
'''

CSHARP = '''\
using System;
using System.Collections.Generic;

namespace Inventory.Core
{
    /// <summary>Tracks stock levels per SKU.</summary>
    public class StockLedger
    {
        private readonly Dictionary<string, int> _levels = new();

        public int LevelOf(string sku) => _levels.TryGetValue(sku, out var n) ? n : 0;

        /// <summary>Record a delivery of <paramref name="quantity"/> units.</summary>
        public void Receive(string sku, int quantity)
        {
            if (quantity <= 0) throw new ArgumentOutOfRangeException(nameof(quantity));
            _levels[sku] = LevelOf(sku) + quantity;
        }
    }

    public interface IStockAlert
    {
        void OnLowStock(string sku, int level, int threshold, DateTime when);
    }
}
'''

RUBY = '''\
require "json"

# Loads and queries a JSON settings file.
module Settings
  class Store
    attr_reader :path

    def initialize(path)
      @path = path
      @data = File.exist?(path) ? JSON.parse(File.read(path)) : {}
    end

    # Fetch a dotted key such as "server.port".
    def dig(key, default = nil)
      value = key.split(".").reduce(@data) { |node, part| node.is_a?(Hash) ? node[part] : nil }
      value.nil? ? default : value
    end

    def self.load_default
      new(File.join(Dir.home, ".config", "app", "settings.json"))
    end
  end
end
'''

PHP = '''\
<?php

namespace App\\Http;

use App\\Models\\Post;

/**
 * Lists and shows blog posts.
 */
class PostController extends Controller
{
    public function index(Request $request): array
    {
        $posts = Post::query()->latest()->paginate($request->integer('per_page', 20));
        return ['data' => $posts->items(), 'total' => $posts->total()];
    }

    public function show(int $id): Post
    {
        return Post::query()->findOrFail($id);
    }
}

function slugify(string $title): string
{
    return trim(preg_replace('/[^a-z0-9]+/', '-', strtolower($title)), '-');
}
'''

KOTLIN = '''\
package com.example.notes

import java.time.Instant

/** A note with a title and a body. */
data class Note(val id: Long, val title: String, val body: String, val created: Instant)

class NoteRepository(private val notes: MutableMap<Long, Note> = mutableMapOf()) {
    // Newest first.
    fun recent(limit: Int): List<Note> =
        notes.values.sortedByDescending { it.created }.take(limit)

    fun save(note: Note): Note {
        notes[note.id] = note
        return note
    }

    companion object {
        fun withSamples(): NoteRepository = NoteRepository().apply {
            save(Note(1, "Hello", "First note", Instant.EPOCH))
        }
    }
}

fun String.toSlug(): String = lowercase().replace(Regex("[^a-z0-9]+"), "-").trim('-')
'''

SWIFT = '''\
import Foundation

/// A temperature reading from a sensor.
struct Reading {
    let sensor: String
    let celsius: Double

    var fahrenheit: Double { celsius * 9 / 5 + 32 }
}

protocol ReadingStore {
    func save(_ reading: Reading) throws
    func latest(for sensor: String) -> Reading?
}

final class MemoryStore: ReadingStore {
    private var readings: [String: Reading] = [:]

    func save(_ reading: Reading) throws {
        guard !reading.sensor.isEmpty else { throw StoreError.missingSensor }
        readings[reading.sensor] = reading
    }

    func latest(for sensor: String) -> Reading? {
        return readings[sensor]
    }
}

func average(of readings: [Reading]) -> Double {
    guard !readings.isEmpty else { return 0 }
    return readings.map(\\.celsius).reduce(0, +) / Double(readings.count)
}
'''

BASH = '''\
#!/usr/bin/env bash
set -euo pipefail

BACKUP_DIR="${BACKUP_DIR:-/var/backups/app}"

# Print a timestamped message to stderr.
log() {
  printf '%s %s\\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2
}

function rotate_backups {
  local keep="${1:-7}"
  ls -1t "$BACKUP_DIR"/*.tar.gz 2>/dev/null | tail -n "+$((keep + 1))" | xargs -r rm --
  log "kept the newest $keep backups in $BACKUP_DIR"
}

rotate_backups 14
'''


# language -> (sample, path, expected at 256 tokens, expected at 96 tokens)
EXPECTED: dict[str, tuple[str, str, list[tuple[str, str | None, int, int]], list[tuple[str, str | None, int, int]]]] = {
    "python": (
        PYTHON,
        "rate/limit.py",
        [
            ("block", None, 1, 6),
            ("class", "TokenBucket", 9, 26),
            ("function", "bucket_for", 29, 32),
            ("block", None, 35, 36),
        ],
        [
            ("block", None, 1, 6),
            ("class", "TokenBucket", 9, 10),
            ("method", "TokenBucket.__init__", 12, 16),
            ("method", "TokenBucket.take", 18, 20),
            ("method", "TokenBucket.take", 21, 26),
            ("function", "bucket_for", 29, 32),
            ("block", None, 35, 36),
        ],
    ),
    "javascript": (
        JAVASCRIPT,
        "config/env.js",
        [
            ("block", None, 1, 1),
            ("function", "parseEnv", 3, 11),
            ("function", "loadEnv", 13, 16),
            ("class", "Config", 18, 27),
            ("constant", "handlers", 29, 32),
        ],
        [
            ("block", None, 1, 1),
            ("function", "parseEnv", 3, 6),
            ("function", "parseEnv", 7, 7),
            ("function", "parseEnv", 8, 11),
            ("function", "loadEnv", 13, 16),
            ("class", "Config", 18, 27),
            ("constant", "handlers", 29, 32),
        ],
    ),
    "typescript": (
        TYPESCRIPT,
        "users/service.ts",
        [
            ("block", None, 1, 1),
            ("interface", "User", 3, 9),
            ("type", "UserId", 11, 11),
            ("enum", "Role", 13, 17),
            ("class", "UserService", 19, 31),
            ("function", "handleGetUser", 33, 36),
        ],
        [
            ("block", None, 1, 1),
            ("interface", "User", 3, 9),
            ("type", "UserId", 11, 11),
            ("enum", "Role", 13, 17),
            ("class", "UserService", 19, 21),
            ("method", "UserService.find", 23, 25),
            ("method", "UserService.fetchRemote", 27, 28),
            ("method", "UserService.fetchRemote", 29, 31),
            ("function", "handleGetUser", 33, 34),
            ("function", "handleGetUser", 35, 36),
        ],
    ),
    "tsx": (
        TSX,
        "ui/Counter.tsx",
        [
            ("block", None, 1, 6),
            ("function", "Counter", 8, 15),
            ("function", "Greeting", 17, 19),
        ],
        [
            ("block", None, 1, 6),
            ("function", "Counter", 8, 12),
            ("function", "Counter", 13, 15),
            ("function", "Greeting", 17, 19),
        ],
    ),
    "go": (
        GO,
        "cache/cache.go",
        [
            ("block", None, 1, 6),
            ("struct", "entry", 8, 12),
            ("struct", "Cache", 14, 19),
            ("function", "New", 21, 24),
            ("method", "Cache.Get", 26, 35),
            ("method", "Cache.Set", 37, 41),
        ],
        [
            ("block", None, 1, 6),
            ("struct", "entry", 8, 12),
            ("struct", "Cache", 14, 19),
            ("function", "New", 21, 24),
            ("method", "Cache.Get", 26, 29),
            ("method", "Cache.Get", 30, 35),
            ("method", "Cache.Set", 37, 41),
        ],
    ),
    "rust": (
        RUST,
        "src/histogram.rs",
        [
            ("block", None, 1, 2),
            ("struct", "Histogram", 4, 8),
            ("impl", "Histogram", 10, 25),
            ("impl", "Histogram", 27, 34),
            ("enum", "Order", 36, 36),
        ],
        [
            ("block", None, 1, 2),
            ("struct", "Histogram", 4, 8),
            ("method", "Histogram.from_text", 10, 13),
            ("method", "Histogram.from_text", 14, 18),
            ("method", "Histogram.most_common", 20, 21),
            ("method", "Histogram.most_common", 22, 22),
            ("method", "Histogram.most_common", 23, 25),
            ("method", "Histogram.fmt", 27, 29),
            ("method", "Histogram.fmt", 30, 34),
            ("enum", "Order", 36, 36),
        ],
    ),
    "java": (
        JAVA,
        "shop/Cart.java",
        [
            ("block", None, 1, 5),
            ("class", "Cart", 7, 31),
            ("interface", "PricingRule", 33, 35),
        ],
        [
            ("block", None, 1, 5),
            ("class", "Cart", 7, 9),
            ("method", "Cart.add", 11, 15),
            ("method", "Cart.add", 16, 17),
            ("method", "Cart.toString", 19, 22),
            ("method", "Cart.total", 24, 31),
            ("interface", "PricingRule", 33, 35),
        ],
    ),
    "c": (
        C,
        "lib/buffer.c",
        [
            ("block", None, 1, 3),
            ("struct", "buffer", 5, 10),
            ("function", "buffer_reserve", 12, 26),
            ("function", "buffer_append", 28, 35),
        ],
        [
            ("block", None, 1, 3),
            ("struct", "buffer", 5, 10),
            ("function", "buffer_reserve", 12, 14),
            ("function", "buffer_reserve", 15, 17),
            ("function", "buffer_reserve", 18, 23),
            ("function", "buffer_reserve", 24, 26),
            ("function", "buffer_append", 28, 31),
            ("function", "buffer_append", 32, 35),
        ],
    ),
    "cpp": (
        CPP,
        "http/router.cpp",
        [
            ("block", None, 1, 2),
            ("namespace", "http", 4, 19),
            ("method", "http.Router.dispatch", 21, 27),
            ("function", "clamp", 29, 32),
        ],
        [
            ("block", None, 1, 2),
            ("class", "http.Router", 4, 9),
            ("method", "http.Router.add", 11, 11),
            ("class", "http.Router", 13, 19),
            ("method", "http.Router.dispatch", 21, 22),
            ("method", "http.Router.dispatch", 23, 27),
            ("function", "clamp", 29, 32),
        ],
    ),
    "csharp": (
        CSHARP,
        "Inventory/StockLedger.cs",
        [
            ("block", None, 1, 2),
            ("namespace", "Inventory.Core", 4, 25),
        ],
        [
            ("block", None, 1, 2),
            ("class", "Inventory.Core.StockLedger", 4, 9),
            ("method", "Inventory.Core.StockLedger.LevelOf", 11, 11),
            ("method", "Inventory.Core.StockLedger.Receive", 13, 16),
            ("method", "Inventory.Core.StockLedger.Receive", 17, 19),
            ("interface", "Inventory.Core.IStockAlert", 21, 25),
        ],
    ),
    "ruby": (
        RUBY,
        "lib/settings.rb",
        [
            ("block", None, 1, 1),
            ("module", "Settings", 3, 23),
        ],
        [
            ("block", None, 1, 1),
            ("class", "Settings.Store", 3, 6),
            ("method", "Settings.Store.initialize", 8, 11),
            ("method", "Settings.Store.dig", 13, 17),
            ("method", "Settings.Store.load_default", 19, 23),
        ],
    ),
    "php": (
        PHP,
        "app/PostController.php",
        [
            ("block", None, 1, 5),
            ("class", "PostController", 7, 22),
            ("function", "slugify", 24, 27),
        ],
        [
            ("block", None, 1, 5),
            ("class", "PostController", 7, 11),
            ("method", "PostController.index", 12, 14),
            ("method", "PostController.index", 15, 16),
            ("method", "PostController.show", 18, 22),
            ("function", "slugify", 24, 27),
        ],
    ),
    "kotlin": (
        KOTLIN,
        "notes/NoteRepository.kt",
        [
            ("block", None, 1, 3),
            ("class", "Note", 5, 6),
            ("class", "NoteRepository", 8, 23),
            ("function", "toSlug", 25, 25),
        ],
        [
            ("block", None, 1, 3),
            ("class", "Note", 5, 6),
            ("method", "NoteRepository.recent", 8, 11),
            ("method", "NoteRepository.save", 13, 16),
            ("class", "NoteRepository.Companion", 18, 23),
            ("function", "toSlug", 25, 25),
        ],
    ),
    "swift": (
        SWIFT,
        "Sensors/Store.swift",
        [
            ("block", None, 1, 1),
            ("struct", "Reading", 3, 9),
            ("interface", "ReadingStore", 11, 14),
            ("class", "MemoryStore", 16, 27),
            ("function", "average", 29, 32),
        ],
        [
            ("block", None, 1, 1),
            ("struct", "Reading", 3, 9),
            ("interface", "ReadingStore", 11, 14),
            ("class", "MemoryStore", 16, 17),
            ("method", "MemoryStore.save", 19, 22),
            ("class", "MemoryStore", 24, 27),
            ("function", "average", 29, 32),
        ],
    ),
    "bash": (
        BASH,
        "bin/backup.sh",
        [
            ("block", None, 1, 4),
            ("function", "log", 6, 9),
            ("function", "rotate_backups", 11, 15),
            ("block", None, 17, 17),
        ],
        [
            ("block", None, 1, 4),
            ("function", "log", 6, 9),
            ("function", "rotate_backups", 11, 15),
            ("block", None, 17, 17),
        ],
    ),
}


def _layout(text: str, path: str, language: str, count, max_tokens: int):
    snippets = chunk_text(text, path, language, count, max_tokens)
    return snippets, [(s.kind, s.symbol, s.start_line, s.end_line) for s in snippets]


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_sample_yields_expected_definitions(language, real_count, check):
    text, path, whole, split = EXPECTED[language]
    assert detect_language(path) == language
    for max_tokens, expected in ((256, whole), (96, split)):
        snippets, layout = _layout(text, path, language, real_count, max_tokens)
        assert layout == expected, f"{language} at {max_tokens} tokens"
        check(snippets, text, real_count, max_tokens)
        assert all(s.language == language and s.path == path for s in snippets)


@pytest.mark.parametrize("language", sorted(SPECS))
def test_spec_node_types_exist_in_grammar(language):
    """A typo in a table would silently turn definitions into glue."""
    grammar = get_language(language)
    spec = SPECS[language]
    names = [*spec.definitions, *spec.wrappers, *spec.attachable, *spec.needs_body]
    missing = [name for name in names if grammar.id_for_node_kind(name, True) is None]
    assert not missing


def _snippet(language: str, symbol: str, max_tokens: int, count):
    text, path, _, _ = EXPECTED[language]
    return next(s for s in chunk_text(text, path, language, count, max_tokens) if s.symbol == symbol)


@pytest.mark.parametrize(
    ("language", "symbol", "first_line"),
    [
        ("go", "Cache.Get", "// Get returns the value for key, if present and not expired."),
        ("rust", "Histogram", "/// A word-frequency table."),
        ("java", "Cart", "/** A shopping cart that keeps line items in insertion order. */"),
        ("c", "buffer_reserve", "/* Make room for at least `extra` more bytes; returns 0 on success. */"),
        ("cpp", "http.Router", "namespace http {"),
        ("ruby", "Settings", "# Loads and queries a JSON settings file."),
        ("php", "PostController", "/**"),
        ("javascript", "parseEnv", "// Parse a .env file into an object, ignoring comments and blank lines."),
        ("typescript", "UserService", "@Injectable()"),
        ("python", "bucket_for", "@functools.lru_cache(maxsize=None)"),
        ("bash", "log", "# Print a timestamped message to stderr."),
        ("swift", "Reading", "/// A temperature reading from a sensor."),
        ("kotlin", "Note", "/** A note with a title and a body. */"),
    ],
)
def test_leading_comments_and_decorators_belong_to_the_definition(
    language, symbol, first_line, real_count
):
    max_tokens = 96 if symbol == "http.Router" else 256
    snippet = _snippet(language, symbol, max_tokens, real_count)
    assert snippet.text.splitlines()[0].strip() == first_line


def test_docstring_and_comments_inside_stay_with_their_method(real_count):
    snippet = _snippet("python", "TokenBucket.take", 96, real_count)
    assert snippet.text.splitlines()[0] == "    # Refill lazily: only when someone asks for a token."
    whole = _snippet("python", "bucket_for", 256, real_count)
    assert '"""One shared bucket per host name."""' in whole.text


def test_header_names_path_enclosing_symbol_and_signature(real_count):
    method = _snippet("python", "TokenBucket.__init__", 96, real_count)
    assert method.header == (
        "rate/limit.py · TokenBucket · def __init__(self, rate: float, capacity: int) -> None:"
    )
    assert method.embed_text == f"{method.header}\n{method.text}"
    top = _snippet("go", "New", 256, real_count)
    assert top.header == "cache/cache.go · func New(ttl time.Duration) *Cache {"
    text, path, _, _ = EXPECTED["go"]
    block = chunk_text(text, path, "go", real_count)[0]
    assert (block.kind, block.symbol, block.header) == ("block", None, "cache/cache.go")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("python", [("method", "TokenBucket.__init__"), ("method", "TokenBucket.take"), ("function", "bucket_for")]),
        ("go", [("function", "New"), ("method", "Cache.Get"), ("method", "Cache.Set")]),
        ("rust", [("method", "Histogram.from_text"), ("method", "Histogram.most_common"), ("method", "Histogram.fmt")]),
        ("cpp", [("method", "http.Router.add"), ("method", "http.Router.dispatch"), ("function", "clamp")]),
        ("javascript", [("function", "parseEnv"), ("function", "loadEnv"), ("method", "Config.constructor"),
                        ("method", "Config.get"), ("method", "handlers.reload"), ("method", "handlers.dump")]),
        ("kotlin", [("method", "NoteRepository.recent"), ("method", "NoteRepository.save"),
                    ("method", "NoteRepository.Companion.withSamples"), ("function", "toSlug")]),
        ("ruby", [("method", "Settings.Store.initialize"), ("method", "Settings.Store.dig"),
                  ("method", "Settings.Store.load_default")]),
    ],
)
def test_extract_definitions_uses_the_same_names(language, expected):
    text = EXPECTED[language][0]
    found = extract_definitions(text, language)
    assert [(d.kind, d.symbol) for d in found] == expected


def test_extract_definitions_splits_doc_from_code():
    by_symbol = {d.symbol: d for d in extract_definitions(PYTHON, "python")}
    bucket = by_symbol["bucket_for"]
    assert bucket.doc == "One shared bucket per host name."
    assert bucket.code == (
        "@functools.lru_cache(maxsize=None)\n"
        "def bucket_for(host: str) -> TokenBucket:\n"
        "    return TokenBucket(DEFAULT_RATE, capacity=DEFAULT_RATE * 2)"
    )
    assert (bucket.start_line, bucket.end_line, bucket.doc_lines) == (29, 32, (31, 31))
    take = by_symbol["TokenBucket.take"]
    assert take.doc == "Refill lazily: only when someone asks for a token."
    assert take.code.startswith("def take(self, count: int = 1) -> bool:\n    now =")

    go = {d.symbol: d for d in extract_definitions(GO, "go")}
    assert go["Cache.Get"].doc == "Get returns the value for key, if present and not expired."
    assert go["Cache.Get"].code.startswith("func (c *Cache) Get(")
    assert go["Cache.Set"].doc == "" and go["Cache.Set"].doc_lines is None

    java = {d.symbol: d for d in extract_definitions(JAVA, "java")}
    assert java["Cart.add"].doc == "Add `quantity` units of a product at its current price."
    assert java["Cart.toString"].code.startswith("@Override\npublic String toString()")
    rust = {d.symbol: d for d in extract_definitions(RUST, "rust")}
    assert rust["Histogram.from_text"].doc == "Count every whitespace-separated word of `text`."
    # Kotlin's grammar hangs the comment on the import above; it is still the class's doc.
    kotlin = extract_definitions(KOTLIN, "kotlin", kinds=frozenset({"class"}))
    assert (kotlin[0].symbol, kotlin[0].doc) == ("Note", "A note with a title and a body.")


def test_extract_definitions_of_unknown_or_empty_input():
    assert extract_definitions("whatever", None) == []
    assert extract_definitions("   \n", "python") == []
    assert extract_definitions("def broken(:\n  pass", "python") is not None


def test_extra_languages_lua_and_scala():
    lua = (
        "local M = {}\n\n"
        "-- Split `s` on `sep`, keeping empty fields.\n"
        "function M.split(s, sep)\n"
        "  local out = {}\n"
        "  for field in (s .. sep):gmatch('(.-)' .. sep) do table.insert(out, field) end\n"
        "  return out\n"
        "end\n\n"
        "function M:join(parts) return table.concat(parts, self.sep or ',') end\n\n"
        "return M\n"
    )
    found = extract_definitions(lua, "lua")
    assert [(d.kind, d.symbol) for d in found] == [("function", "M.split"), ("function", "M.join")]
    assert found[0].doc == "Split `s` on `sep`, keeping empty fields."
    scala = (
        "package shop\n\n"
        "trait Pricing { def price(sku: String): BigDecimal }\n\n"
        "object Catalog extends Pricing {\n"
        "  private val prices = Map(\"apple\" -> BigDecimal(1.25), \"pear\" -> BigDecimal(0.8))\n"
        "  def price(sku: String): BigDecimal = prices.getOrElse(sku, BigDecimal(0))\n"
        "}\n"
    )
    found = extract_definitions(scala, "scala")
    assert [(d.kind, d.symbol) for d in found] == [
        ("method", "Pricing.price"),
        ("method", "Catalog.price"),
    ]


def test_lua_functions_assigned_to_names_and_fields():
    # busted's output handlers: `handler.x = function ... end` inside a returned function.
    lua = (
        "return function()\n"
        "  local handler = {\n"
        "    -- How a result is shown.\n"
        "    show = function(self, text) print(text) end,\n"
        "    count = 0,\n"
        "  }\n"
        "  -- Whether a pending test is left out.\n"
        "  handler.cancelOnPending = function(element, parent, status)\n"
        "    return status ~= 'pending'\n"
        "  end\n"
        "  local trim = function(s) return (s:gsub('^%s+', '')) end\n"
        "  local run = function(element)\n"
        "    element.env.finally = function(fn) element.last = fn end\n"
        "  end\n"
        "  handler.x, handler.y = 1, function() end\n"
        "  handler.name = 'base'\n"
        "  return handler\n"
        "end\n"
    )
    found = extract_definitions(lua, "lua")
    assert [(d.kind, d.symbol, d.start_line) for d in found] == [
        ("method", "show", 4), ("function", "handler.cancelOnPending", 8),
        ("function", "trim", 11), ("function", "run", 12)]  # not its callback on line 13
    assert found[1].doc == "Whether a pending test is left out."


def test_a_split_class_keeps_its_name_where_its_header_line_went(real_count):
    """`class Editor:` with no docstring is one line: folded into the first method's
    piece, that piece must still define `Editor`, or a search for it cannot find it."""
    methods = "".join(
        f"    def step_{i}(self, value: int) -> int:\n"
        + "".join(f"        value = value * {j} + {i}\n" for j in range(8))
        + "        return value\n\n" for i in range(4))
    text = "import os\n\n\nclass Editor:\n" + methods
    snippets = chunk_text(text, "editor.py", "python", real_count, 64)
    holder = next(s for s in snippets if s.start_line == 4)
    assert holder.symbol == "Editor.step_0" and "Editor" in holder.names


def defined(text: str, language: str, kinds: frozenset[str] | None = None
            ) -> list[tuple[str, str]]:
    """(kind, symbol) of each definition `extract_definitions` finds (of `kinds`)."""
    found = extract_definitions(text, language, *([kinds] if kinds else []))
    return [(d.kind, d.symbol) for d in found]


def test_a_named_function_exported_whole_keeps_its_own_name():
    # postcss's `module.exports = function tokenizer(...)`: searched as `tokenizer`.
    js = (
        "module.exports = function tokenizer(input) {\n"
        "  return input.css\n"
        "}\n"
        "module.exports = function (opts) { return opts }\n"
        "exports.run = function runIt() { return 1 }\n"
        "module.exports = class Store {\n"
        "  get(key) { return this.map[key] }\n"
        "}\n"
    )
    assert defined(js, "javascript") == [
        ("function", "tokenizer"), ("function", "module.exports"),
        ("function", "exports.run"), ("method", "module.exports.Store.get")]


def test_an_exported_value_a_call_makes_is_a_definition():
    # redux-toolkit's `export const createSlice = buildCreateSlice()`: searched as `createSlice`.
    ts = (
        "export const createSlice = /* @__PURE__ */ buildCreateSlice()\n"
        "export const UserSchema = z.object({ name: z.string() }) as const\n"
        "export const NoBlending = 0\n"
        "const debug = makeDebug('app')\n"
        "export var Map = Evented.extend({\n"
        "  initialize: function (id) { this.id = id },\n"
        "})\n"
    )
    assert defined(ts, "typescript", frozenset({"constant", "function", "method"})) == [
        ("constant", "createSlice"), ("constant", "UserSchema"), ("method", "initialize")]


def test_a_function_a_call_makes_at_the_file_top_is_a_function_definition():
    # lodash's `var difference = baseRest(function(array, values) {...})` and
    # `var defineProperty = (function() {...}())`: searched as `difference`, and a
    # function's code, not top-level glue, for a sentence.
    js = (
        "var difference = baseRest(function(array, values) {\n"
        "  return values\n"
        "});\n"
        "var defineProperty = (function() {\n"
        "  try { return getNative(Object, 'defineProperty') } catch (e) {}\n"
        "}());\n"
        "export const onSave = debounce(() => save(), 100)\n"
        "var baseRest = require('./_baseRest');\n"
        "function run(items) {\n"
        "  var doubled = items.map(function (x) { return x * 2 })\n"
        "  return doubled\n"
        "}\n"
    )
    assert defined(js, "javascript") == [
        ("function", "difference"), ("function", "defineProperty"), ("function", "onSave"),
        ("function", "run")]


def test_babel_s_class_is_not_one_function_around_its_methods():
    # nunjucks, compiled by Babel: a function called at once without parentheses around
    # it; its constructor and methods stay definitions of their own, not pieces of one.
    js = (
        "var Loader = /*#__PURE__*/function (_EmitterObj) {\n"
        "  function Loader() { return _EmitterObj.apply(this, arguments) || this }\n"
        "  var _proto = Loader.prototype;\n"
        "  _proto.resolve = function resolve(from, to) { return to };\n"
        "  return Loader;\n"
        "}(EmitterObj);\n"
    )
    assert defined(js, "javascript") == [("function", "Loader"), ("function", "_proto.resolve")]
    assert extract_definitions(js, "javascript")[0].start_line == 2


def test_a_macro_on_a_line_of_its_own_does_not_swallow_the_namespace_after_it():
    # fmt opens its namespaces with `FMT_BEGIN_NAMESPACE`: the grammar read that and the
    # `namespace detail {...}` after it as one function named `namespace`.
    cpp = (
        "#include \"core.h\"\n"
        "\n"
        "FMT_BEGIN_NAMESPACE\n"
        "namespace detail {\n"
        "class compiled_string {};\n"
        "template <typename T>\n"
        "constexpr const auto& first(const T& value) {\n"
        "  return value;\n"
        "}\n"
        "}  // namespace detail\n"
        "FMT_END_NAMESPACE\n"
    )
    kinds = frozenset({"class", "function"})
    assert defined(cpp, "cpp", kinds) == [
        ("class", "detail.compiled_string"), ("function", "detail.first")]
    # a macro's name that goes on a statement, or an enum's last member, stays code
    c = "enum e {\n  A,\n  LAST_ONE\n};\nint f(void) {\n  return 1 +\n    MAX_SIZE\n    ;\n}\n"
    assert defined(c, "c", frozenset({"enum", "function"})) == [("enum", "e"), ("function", "f")]


def test_an_export_macro_in_a_class_head_is_not_the_class_name():
    # spdlog declares `class SPDLOG_API logger`: the grammar took the macro for the name,
    # lost the class and named its methods as free functions (`spdlog.log`).
    cpp = (
        "namespace spdlog {\n"
        "class SPDLOG_API logger\n"
        "{\n"
        "public:\n"
        "    void log(int level) { sink(level); }\n"
        "};\n"
        "class FMT_API format_error : public std::runtime_error {\n"
        "  int code;\n"
        "};\n"
        "struct FOO_BAR state;\n"
        "}\n"
    )
    kinds = frozenset({"class", "function", "method"})
    assert defined(cpp, "cpp", kinds) == [
        ("class", "spdlog.logger"), ("method", "spdlog.logger.log"),
        ("class", "spdlog.format_error")]
