"""The values the binding returns: plain, immutable records.

Each record mirrors an object of the command-line program's JSON output and
gives it back with to_dict() (same keys; numbers at full precision, where the
CLI prints 3 decimals for scores and 2 for similarities and weights).
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any, Optional

# The library's names of pair kinds, by number (set by embargo._core).
PAIR_KINDS: tuple[str, ...] = ()
_PAIR_HEAD = struct.Struct("=Bffii")


@dataclass(frozen=True, slots=True)
class Pair:
    """How one query word was paired with one word of the listed name.

    query or name is None for a word without a partner; how is one of
    exact, transliteration, phonetic, edit, initial, joined, legal_form,
    query_only, name_only."""

    query: Optional[str]
    name: Optional[str]
    how: str
    similarity: float
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "name": self.name, "how": self.how,
                "similarity": self.similarity, "weight": self.weight}


@dataclass(frozen=True, slots=True)
class Explanation:
    """The pairs of one name comparison, and a short note ("" if none)."""

    pairs: tuple[Pair, ...]
    note: str

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"pairs": [p.to_dict() for p in self.pairs]}
        if self.note:
            d["note"] = self.note
        return d


def unpack_explanation(raw: bytes) -> Explanation:
    """An explanation from the bytes the binding copied it into (the
    layout is described in build_ffi.py, embpy_pack_explanation)."""
    (n,) = struct.unpack_from("=I", raw)
    at = 4
    pairs = []
    for _ in range(n):
        kind, sim, weight, ql, nl = _PAIR_HEAD.unpack_from(raw, at)
        at += 17
        q = nm = None
        if ql >= 0:
            q = raw[at:at + ql].decode("utf-8", "replace")
            at += ql
        if nl >= 0:
            nm = raw[at:at + nl].decode("utf-8", "replace")
            at += nl
        pairs.append(Pair(q, nm, PAIR_KINDS[kind], sim, weight))
    return Explanation(tuple(pairs), raw[at:].decode("utf-8", "replace"))


@dataclass(frozen=True, slots=True)
class ListedBy:
    """One list's entry of a listed person or organisation (its group across
    lists): since is the date the list added it (ISO 8601) or None;
    grouped_with and grouped_on say which member's comparison joined it to
    the group and on what evidence (None for the member the group grew from)."""

    jurisdiction: str
    list: str
    id: str
    since: Optional[str]
    dataset_jurisdictions: tuple[str, ...] = ()
    grouped_with: Optional[str] = None
    grouped_on: Optional[str] = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"jurisdiction": self.jurisdiction, "list": self.list,
                             "id": self.id, "since": self.since}
        if self.dataset_jurisdictions:
            d["dataset_jurisdictions"] = list(self.dataset_jurisdictions)
        if self.grouped_with is not None:
            d["grouped_with"] = self.grouped_with
            d["grouped_on"] = self.grouped_on
        return d

    def __str__(self) -> str:
        s = f"{self.jurisdiction} {self.id}"
        return f"{s} since {self.since}" if self.since else s


@dataclass(frozen=True, slots=True)
class Match:
    """A listed entity a screened name matches, as `embargo screen --json`
    reports it: the entity (id, list, jurisdiction, name, type, programs,
    birth_dates, nationalities), the name of it that matched best
    (matched_name, matched_name_kind, weak_alias, derived_name), the score
    in 0..1, every list that carries the same person (listed_by) and how the
    words were paired (explanation, made from raw_explanation when asked)."""

    id: str
    list: str
    jurisdiction: str
    name: str
    matched_name: str
    matched_name_kind: str
    weak_alias: bool
    derived_name: bool
    type: str
    score: float
    programs: tuple[str, ...]
    listed_by: tuple[ListedBy, ...]
    birth_dates: tuple[str, ...]
    nationalities: tuple[str, ...]
    raw_explanation: bytes = field(repr=False)

    @property
    def explanation(self) -> Explanation:
        """How each word of the query was paired with a word of the matched
        name, and a note ("weak alias", evidence, ...)."""
        return unpack_explanation(self.raw_explanation)

    @property
    def note(self) -> str:
        """The explanation's note ("" if none)."""
        return self.explanation.note

    def to_dict(self) -> dict[str, Any]:
        """The match as the CLI's JSON object (same keys, in the same order)."""
        d: dict[str, Any] = {"id": self.id, "list": self.list, "jurisdiction": self.jurisdiction,
                             "name": self.name, "matched_name": self.matched_name,
                             "matched_name_kind": self.matched_name_kind}
        if self.weak_alias:
            d["weak_alias"] = True
        if self.derived_name:
            d["derived_name"] = True
        d["type"] = self.type
        d["score"] = self.score
        d["programs"] = list(self.programs)
        d["listed_by"] = [lb.to_dict() for lb in self.listed_by]
        if self.birth_dates:
            d["birth_dates"] = list(self.birth_dates)
        if self.nationalities:
            d["nationalities"] = list(self.nationalities)
        d["explanation"] = self.explanation.to_dict()
        return d


@dataclass(frozen=True, slots=True)
class Comparison:
    """The score of two names compared (embargo.compare) and its explanation."""

    score: float
    explanation: Explanation

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "explanation": self.explanation.to_dict()}


@dataclass(frozen=True, slots=True)
class Name:
    """One name of a listed entity: kind is primary, aka, fka or nka; a weak
    alias is evidence, not an alert on its own; a derived name was not
    published as such (a name without the acronym it ends with)."""

    text: str
    kind: str
    weak: bool
    derived: bool


@dataclass(frozen=True, slots=True)
class Entity:
    """Everything an index holds on one entity (as `embargo show`)."""

    id: str
    list: str
    jurisdiction: str
    type: str
    name: str
    names: tuple[Name, ...]
    fields: tuple[tuple[str, str], ...]   # (kind, text), e.g. ("birth_date", "1962-09-17")
    programs: tuple[str, ...]
    birth_dates: tuple[str, ...]
    nationalities: tuple[str, ...]
    listed_by: tuple[ListedBy, ...]

    def field(self, kind: str) -> tuple[str, ...]:
        """The values of one kind of field ("birth_date", "listed_on", ...)."""
        return tuple(t for k, t in self.fields if k == kind)


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a listed entity in a scanned text.

    start and end index the Python string given to scan() (text[start:end]);
    byte_start and byte_end are offsets in its UTF-8 bytes (for bytes input,
    start and end count characters of the UTF-8 decoded document). For HTML,
    text is what the page shows, and the offsets still point into the source.
    matched_entity is the entry whose name matched when that is another
    list's entry of the same person (else None); how is "name", "surname
    after an earlier full mention" or "single-word name"."""

    entity: str
    start: int
    end: int
    byte_start: int
    byte_end: int
    text: str
    score: float
    matched_name: str
    matched_entity: Optional[str]
    how: str

    def to_dict(self) -> dict[str, Any]:
        """As in `embargo scan --json` (start/end in bytes there)."""
        d: dict[str, Any] = {"entity": self.entity, "start": self.byte_start, "end": self.byte_end,
                             "char_start": self.start, "char_end": self.end, "text": self.text,
                             "score": self.score, "matched_name": self.matched_name}
        if self.matched_entity is not None:
            d["matched_entity"] = self.matched_entity
        d["how"] = self.how
        return d


@dataclass(frozen=True, slots=True)
class ScanEntity:
    """A listed entity a text mentions: best score over its mentions, how many
    mentions, and what the text says that agrees or differs (evidence)."""

    id: str
    list: str
    jurisdiction: str
    name: str
    type: str
    score: float
    mentions: int
    programs: tuple[str, ...]
    listed_by: tuple[ListedBy, ...]
    evidence: str

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "list": self.list, "jurisdiction": self.jurisdiction,
                             "name": self.name, "type": self.type, "score": self.score,
                             "mentions": self.mentions, "programs": list(self.programs),
                             "listed_by": [lb.to_dict() for lb in self.listed_by]}
        if self.evidence:
            d["evidence"] = self.evidence
        return d


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What scan() found: the entities in order of first mention, and every
    mention in document order."""

    entities: tuple[ScanEntity, ...]
    mentions: tuple[Mention, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"entities": [e.to_dict() for e in self.entities],
                "mentions": [m.to_dict() for m in self.mentions]}


@dataclass(frozen=True, slots=True)
class WhoList:
    """One list's answer to who(): whether it lists the person, under which
    id and programs, since when; score is the query's against that entry
    (None when the entry was found through its group only); grouped_on is
    the evidence that made it the same person. namesake_id/namesake_score:
    a list that does not carry the person but has a name match that nothing
    beyond the name confirms."""

    list: str
    jurisdiction: str
    listed: bool
    list_date: str
    id: Optional[str] = None
    name: Optional[str] = None
    programs: tuple[str, ...] = ()
    since: Optional[str] = None
    dataset_jurisdictions: tuple[str, ...] = ()
    score: Optional[float] = None
    grouped_on: Optional[str] = None
    namesake_id: Optional[str] = None
    namesake_score: Optional[float] = None


@dataclass(frozen=True, slots=True)
class Who:
    """who(): the person meant (the best match: id, name, type; None if the
    name matched nothing) and, for every list of the index, its answer."""

    query: str
    id: Optional[str]
    name: Optional[str]
    type: Optional[str]
    lists: tuple[WhoList, ...]

    @property
    def listed(self) -> bool:
        return any(w.listed for w in self.lists)


@dataclass(frozen=True, slots=True)
class ListInfo:
    """One source list of an index: its name, where it was loaded from, its
    publication date ("" if unknown), entity count, and its version: the
    SHA-256 of its source ("" if unknown)."""

    name: str
    jurisdiction: str
    source: str
    date: str
    entities: int
    sha256: str


@dataclass(frozen=True, slots=True)
class IndexInfo:
    """Counts of an index, its format version, size in bytes and build time."""

    format_version: int
    entities: int
    names: int
    tokens: int
    lists: int
    bytes: int
    built_at: int
