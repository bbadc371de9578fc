"""Turn a doc comment into the kind of query people type into a code search box.

Documentation speaks in third person and markup ("Returns the :class:`Foo` for
``name``."); searches are short, lowercase, imperative or keyword-like, and
name no identifiers the searcher does not know ("get foo by name"). Training on
raw doc sentences teaches a matrix to match documentation style, which is why
the earlier trial did not transfer; these rewrites close that gap.
"""

from __future__ import annotations

import random
import re

MIN_WORDS = 3
MAX_WORDS = 24

_MARKUP = [
    (re.compile(r":[a-z:]+:`~?([^`]+)`"), r"\1"),          # :func:`x`  (Sphinx roles)
    (re.compile(r"\{@\w+\s+([^}]+)\}"), r"\1"),             # {@link X}  (Javadoc/JSDoc)
    (re.compile(r"\[`?([^\]`]+)`?\]\([^)]*\)"), r"\1"),     # [`x`](url) (Markdown links)
    (re.compile(r"\[`([^\]`]+)`\]"), r"\1"),                # [`x`]      (rustdoc links)
    (re.compile(r"`+([^`]+)`+"), r"\1"),                     # ``x`` `x`
    (re.compile(r"</?[a-zA-Z][^>]*>"), " "),                 # <code>, <p>
    (re.compile(r"\*\*?([^*]+)\*\*?"), r"\1"),              # *em* **strong**
    (re.compile(r"https?://\S+"), " "),
]
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]'\"])[.!?](?:\s|$)|\n\s*\n")
_TAG_LINE = re.compile(r"^\s*[@:](param|return|returns|throws|raises|type|rtype|arg)\b", re.I)
_LEADING = re.compile(
    r"^(?:this|the)\s+(?:function|method|helper|routine|procedure|func|fn|class)\s+"
    r"(?:will\s+|is\s+used\s+to\s+|that\s+)?|^(?:helper|method|function|utility)\s+"
    r"(?:to|that|for|which)\s+|^(?:a|an)\s+(?:helper|function|method)\s+(?:to|that)\s+"
    r"|^(?:used\s+to|is\s+used\s+to|will|to)\s+|^(?:\w+\(\)|\w+)\s+(?:returns|creates)\s+(?=\w)",
    re.I,
)
_REJECT = re.compile(
    r"^(?:todo|fixme|xxx|hack|deprecated|internal|private|see\b|alias|same as|implements?\b"
    r"|overrides?\b|inherit|copied|generated|auto-generated|nolint|noqa|type:|pylint|eslint"
    r"|@|#|\$|-|\*|constructor\b|creates? (?:a |an )?new instance|default constructor"
    r"|getter|setter|gets? or sets?|tests?\b|test case|example|usage|note\b|warning\b)",
    re.I,
)
_IDENTIFIER = re.compile(r"^(?:\w+\.)+\w+$|^\w*[a-z][A-Z]\w*$|^\w+_\w+$|^\w+\(\)$")
_ARTICLES = frozenset({"the", "a", "an"})
_FUNCTION_WORDS = frozenset(
    "the a an of to for in on at by with from into onto as is are be been that this these those "
    "it its and or if when which whether given specified provided current".split())
COMMON_VERBS = frozenset(
    "get set return create make build parse read write convert check compute calculate find "
    "remove delete add insert update load save open close send receive handle process validate "
    "format render generate sort filter map merge split join compare copy move rename encode "
    "decode escape unescape serialize deserialize compress decompress hash sign verify encrypt "
    "decrypt register initialize start stop run execute call invoke wait retry connect "
    "disconnect fetch download upload resolve normalize sanitize strip trim wrap unwrap apply "
    "reset clear flush iterate emit dispatch listen subscribe publish notify log print display "
    "show hide draw scale resize round truncate count sum measure match search replace extract "
    "collect group partition cache lock unlock acquire release allocate free push pop append "
    "prepend extend clone configure install mount bind attach detach enable disable toggle "
    "schedule cancel abort raise throw ignore skip determine ensure guess detect infer select "
    "choose pick shuffle sample transform translate tokenize compile evaluate dump export "
    "import list test try lookup look make turn split strip pad wrap quote unquote".split())
# A summary that stops mid-thought ("A value is missing if:", "Following the example in").
_UNFINISHED = re.compile(
    r"(?::|\b(?:if|when|the|a|an|of|to|and|or|with|for|in|by|from|as|that|which|e\.g|i\.e))$",
    re.I)
_REAL_WORD = re.compile(r"\b[a-zA-Z]{3,}\b")
_QUOTE = re.compile(r"(?<!\w)['\"`]|['\"`](?!\w)|\"")

# Third person → base form for the verbs doc comments start with.
_IRREGULAR = {"does": "do", "has": "have", "is": "check if", "goes": "go"}


def first_sentence(doc: str) -> str:
    """The summary sentence of a doc comment, markup removed, on one line."""
    lines = []
    for line in doc.strip().splitlines():
        if _TAG_LINE.match(line):
            break
        lines.append(line.strip())
    text = "\n".join(lines)
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    match = _SENTENCE_END.search(text)
    sentence = text[: match.start()] if match else text
    return " ".join(sentence.split()).strip(" ;,-")


def _base_form(verb: str) -> str:
    lower = verb.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith(("sses", "shes", "ches", "xes", "zes")):
        return lower[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(lower) > 3:
        return lower[:-1]
    return lower


def summary_query(doc: str, name: str = "") -> str | None:
    """The doc's summary as a plain search phrase, or None if it is no good as a query.

    `name` is the documented function's own name: Go and Java doc comments start
    with it ("ParseConfig reads …"), which nobody searching for it can know.
    """
    sentence = first_sentence(doc)
    words = sentence.split()
    if name and words and words[0].strip("():,").lower() == name.lower():
        sentence = " ".join(words[1:])
    if not sentence or _REJECT.match(sentence) or _UNFINISHED.search(sentence):
        return None
    sentence = _LEADING.sub("", sentence).strip()
    words = sentence.split()
    if not (MIN_WORDS <= len(words) <= MAX_WORDS):
        return None
    if sum(bool(_IDENTIFIER.match(w.strip(".,;:()'\""))) for w in words) > len(words) / 2:
        return None
    if len(_REAL_WORD.findall(sentence)) < MIN_WORDS:
        return None
    words[0] = _base_form(words[0])
    text = _QUOTE.sub(" ", " ".join(words).lower())
    return " ".join(text.split()) or None


def search_style(query: str, rng: random.Random) -> str:
    """One of the ways people phrase the same need, chosen at random.

    Kept: the full phrase; the phrase without articles and identifiers (people
    rarely know the names); a keyword form of its content words; and, for
    phrases that start with a verb, a "how to" question.
    """
    words = query.split()
    plain = [w for w in words if w not in _ARTICLES and not _IDENTIFIER.match(w.strip(".,;:()"))]
    plain = plain if len(plain) >= MIN_WORDS - 1 else words
    style = rng.random()
    if style < 0.35:
        return query
    if style < 0.7:
        return " ".join(plain)
    if style < 0.88 or words[0] not in COMMON_VERBS:
        content = [w for w in plain if w not in _FUNCTION_WORDS] or plain
        return " ".join(content[: rng.randint(3, 7)])
    return "how to " + " ".join(plain)
