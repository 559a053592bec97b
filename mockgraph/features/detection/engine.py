"""How a rule is written and run: Microsoft's ``<Entity>``/``<Pattern>`` shape as data.

An entity has patterns, each a confidence level, the function that finds the number (its
``IdMatch``: a regex and a check) and the supporting evidence it needs within the entity's
proximity (``<Any minMatches="1">``) or must not find (``<Any maxMatches="0">``). A match takes
the highest level of the patterns it satisfies, and the evidence of that pattern.
See https://learn.microsoft.com/en-us/purview/sit-sensitive-information-type-entity-definitions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import accumulate

PROXIMITY = 300  # patternsProximity="300": evidence lies within 300 characters before or after


def always(_: str) -> bool:
    return True


def every(*checks: Callable[[str], bool]) -> Callable[[str], bool]:
    """A check passing when all of ``checks`` pass."""
    return lambda text: all(check(text) for check in checks)


@dataclass(frozen=True)
class Finder:
    """An ``IdMatch``: what the regex finds and ``check`` (a checksum, a range rule) accepts."""

    regex: re.Pattern[str]
    check: Callable[[str], bool] = always


@dataclass(frozen=True)
class Evidence:
    """Supporting evidence looked for near a match: a keyword list or a regex."""

    name: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Pattern:
    """One ``<Pattern confidenceLevel=...>``: ``any_of`` empty means no evidence is needed."""

    confidence: int
    finder: Finder
    any_of: tuple[Evidence, ...] = ()
    none_of: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Entity:
    """One built-in type's rule; ``source`` is the page it follows."""

    type_id: str
    recommended: int
    patterns: tuple[Pattern, ...]
    source: str


@dataclass(frozen=True)
class Hit:
    """Text found at ``start:end`` (Python indices)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Found:
    """A match of an entity: the value, its confidence and the evidence that supported it."""

    hit: Hit
    confidence: int
    evidences: tuple[Hit, ...]


def _edge(word: str, at: int) -> str:
    return r"\b" if word[at].isascii() and word[at].isalnum() else ""


def keywords(name: str, words: Iterable[str], case_sensitive: Iterable[str] = ()) -> Evidence:
    """A keyword list: whole words (where a word starts or ends with a letter or digit), case
    insensitive but for ``case_sensitive``, the longest first so "card number" beats "card"."""

    def alternative(word: str, flags: str) -> str:
        return f"(?{flags}:{_edge(word, 0)}{re.escape(word)}{_edge(word, -1)})"

    terms = [(w, "i") for w in words] + [(w, "-i") for w in case_sensitive]
    terms.sort(key=lambda term: -len(term[0]))
    return Evidence(name, re.compile("|".join(alternative(w, flags) for w, flags in terms)))


def hits(regex: re.Pattern[str], text: str) -> list[Hit]:
    return [Hit(m.start(), m.end(), m.group()) for m in regex.finditer(text)]


def _near(found: list[Hit], hit: Hit, *, inside: bool) -> list[Hit]:
    """The evidence within the proximity of ``hit``; ``inside``: in the match itself too (what
    excludes a match may be part of it; what supports one is beside it)."""
    low, high = hit.start - PROXIMITY, hit.end + PROXIMITY
    near = [e for e in found if low <= e.start and e.end <= high]
    return near if inside else [e for e in near if not _overlaps(e, hit)]


def _overlaps(one: Hit, other: Hit) -> bool:
    return one.start < other.end and other.start < one.end


def _supported(pattern: Pattern, hit: Hit, evidence: dict[str, list[Hit]]) -> list[Hit] | None:
    """The evidence for ``hit`` if ``pattern`` is satisfied there, else None."""
    if any(_near(evidence[e.name], hit, inside=True) for e in pattern.none_of):
        return None
    found = {h for e in pattern.any_of for h in _near(evidence[e.name], hit, inside=False)}
    near = sorted(found, key=lambda h: (h.start, h.end))
    return near if near or not pattern.any_of else None


def find(entity: Entity, text: str) -> list[Found]:
    """Every match of ``entity`` in ``text``, by position, each at its highest confidence."""
    needed = {e for p in entity.patterns for e in (*p.any_of, *p.none_of)}
    evidence = {e.name: hits(e.regex, text) for e in needed}
    best: dict[tuple[int, int], Found] = {}
    for pattern in entity.patterns:
        for hit in hits(pattern.finder.regex, text):
            key = (hit.start, hit.end)
            if key in best and best[key].confidence >= pattern.confidence:
                continue
            if not pattern.finder.check(hit.text):
                continue
            supporting = _supported(pattern, hit, evidence)
            if supporting is not None:
                best[key] = Found(hit, pattern.confidence, tuple(supporting))
    return [best[key] for key in sorted(best)]


class Utf16:
    """Python string indices as UTF-16 code units, as .NET (and so Graph) counts them: a
    character beyond the Basic Multilingual Plane (an emoji) counts 2."""

    def __init__(self, text: str) -> None:
        self._units: list[int] | None = None
        if not text.isascii():
            widths = (2 if ord(c) > 0xFFFF else 1 for c in text)
            self._units = [0, *accumulate(widths)]

    def offset(self, index: int) -> int:
        return index if self._units is None else self._units[index]

    def length(self, start: int, end: int) -> int:
        return self.offset(end) - self.offset(start)
