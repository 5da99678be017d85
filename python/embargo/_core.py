"""The binding proper: indexes, screening, scanning, comparing, building.

Everything goes through the public C API (include/embargo.h) by way of the
cffi extension embargo._embargo; cffi releases the GIL around every call into
the library, so screening in several Python threads runs in parallel.

Threads, as the C API allows them: an Index is immutable and shared by any
number of threads. A matcher or a scanner serves one thread at a time, so
each thread gets its own (kept in thread-local storage of its Index), and
screen_many() gives each of its worker threads a matcher of its own. The
library's results live until the next call on the same matcher: they are
copied into Python objects before that.
"""
from __future__ import annotations

import datetime
import itertools
import json
import math
import os
import threading
from typing import Any, Callable, Iterable, Optional, Sequence, Union

from ._embargo import ffi, lib
from . import _types
from ._types import (Comparison, Entity, Explanation, IndexInfo, ListedBy, ListInfo, Match,
                     Mention, Name, Pair, ScanEntity, ScanResult, Who, WhoList)

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
Types = Union[None, str, Sequence[str]]
Lists = Union[None, str, Sequence[str]]

GROUP_MAX = 64  # as the CLI: members of a group reported per entity

# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------

_STATUS_NAMES = {
    lib.EMBARGO_OK: "OK", lib.EMBARGO_ENOMEM: "ENOMEM", lib.EMBARGO_EIO: "EIO",
    lib.EMBARGO_EFORMAT: "EFORMAT", lib.EMBARGO_EINDEX: "EINDEX",
    lib.EMBARGO_EVERSION: "EVERSION", lib.EMBARGO_EINVAL: "EINVAL",
    lib.EMBARGO_EQUERY: "EQUERY", lib.EMBARGO_EUNICODE: "EUNICODE",
    lib.EMBARGO_ENOTFOUND: "ENOTFOUND",
}


class EmbargoError(Exception):
    """A failure reported by the library.

    status is the library's status name ("EQUERY", "EINDEX", ...), code its
    number, message the library's text; for a broken list or index file,
    file, line and column say where (line and column 0: unknown)."""

    def __init__(self, code: int, message: str, file: Optional[str] = None,
                 line: int = 0, column: int = 0):
        self.code = code
        self.status = _STATUS_NAMES.get(code, str(code))
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        where = file or ""
        if where and line:
            where += f":{line}" + (f":{column}" if column else "")
        super().__init__(f"{where}: {message}" if where else message)


class QueryError(EmbargoError, ValueError):
    """A query the library cannot screen: empty, too long (over 1,024 bytes),
    invalid UTF-8, control characters, nothing left to match; or an evidence
    value that is not one (a birth date that is no date, an unknown country).
    position is the item's position in screen_many's input (else None)."""

    position: Optional[int] = None


class InvalidArgumentError(EmbargoError, ValueError):
    """A bad argument or option (EMBARGO_EINVAL)."""


class ListFormatError(EmbargoError):
    """A list file is malformed (file, line and column say where)."""


class IndexFormatError(EmbargoError):
    """An index file is corrupt, truncated, foreign, or of another format
    version."""


class NotFoundError(EmbargoError, LookupError):
    """A path or list holds nothing embargo can load; an id not in the index."""


class FileError(EmbargoError, OSError):
    """A file could not be read or written."""

    def __str__(self) -> str:  # OSError's own str() would show the code
        return Exception.__str__(self)


class OutOfMemoryError(EmbargoError, MemoryError):
    """The library ran out of memory."""


_ERROR_CLASSES = {
    lib.EMBARGO_EQUERY: QueryError, lib.EMBARGO_EINVAL: InvalidArgumentError,
    lib.EMBARGO_EFORMAT: ListFormatError, lib.EMBARGO_EINDEX: IndexFormatError,
    lib.EMBARGO_EVERSION: IndexFormatError, lib.EMBARGO_ENOTFOUND: NotFoundError,
    lib.EMBARGO_EIO: FileError, lib.EMBARGO_ENOMEM: OutOfMemoryError,
}


def _strerror(st: int) -> str:
    return ffi.string(lib.embargo_strerror(st)).decode()


def _error(st: int, message: Optional[str] = None, err: Any = None) -> EmbargoError:
    """The exception for status st, with the library's message: from an
    embargo_error record when it has one, else `message`, else strerror."""
    file, line, column = None, 0, 0
    if err is not None and err.message[0] != b"\0":
        message = ffi.string(err.message).decode("utf-8", "replace")
        file = ffi.string(err.file).decode("utf-8", "replace") or None
        line, column = int(err.line), int(err.column)
    if not message:
        message = _strerror(st)
    cls = _ERROR_CLASSES.get(st, EmbargoError)
    e = cls(st, message, file, line, column)
    if isinstance(e, OSError):
        e.args = (str(e),)
    return e


def _matcher_error(m: "_Matcher", st: int) -> EmbargoError:
    why = ffi.string(lib.embargo_matcher_message(m.ptr)).decode("utf-8", "replace")
    return _error(st, why)


# ---------------------------------------------------------------------------
# Names of the library's enumerations, read once
# ---------------------------------------------------------------------------

def _names(fn: Callable[[int], Any], n: int) -> tuple[str, ...]:
    return tuple(ffi.string(fn(i)).decode() for i in range(n))


_TYPE_NAMES = _names(lib.embargo_type_name, lib.EMBARGO_TYPE_AIRCRAFT + 1)
_PAIR_NAMES = _names(lib.embargo_pair_kind_name, lib.EMBARGO_PAIR_NAME_ONLY + 1)
_NAME_KINDS = _names(lib.embargo_name_kind_name, lib.EMBARGO_NAME_NKA + 1)
_FIELD_NAMES = _names(lib.embargo_field_kind_name, lib.EMBARGO_FIELD__COUNT)
_types.PAIR_KINDS = _PAIR_NAMES
_JURISDICTIONS: dict[bytes, str] = {}

DEFAULT_THRESHOLD: float = lib.EMBARGO_DEFAULT_THRESHOLD
MAX_QUERY_BYTES: int = lib.EMBARGO_MAX_QUERY_BYTES


def version() -> str:
    """The C library's version ("MAJOR.MINOR.PATCH")."""
    return ffi.string(lib.embargo_version()).decode()


def _jurisdiction(list_name: bytes) -> str:
    j = _JURISDICTIONS.get(list_name)
    if j is None:
        j = _JURISDICTIONS[list_name] = ffi.string(lib.embargo_list_jurisdiction(list_name)).decode()
    return j


def _str(p: Any, n: int) -> str:
    return ffi.unpack(p, n).decode("utf-8", "replace")


def _type_mask(type: Types) -> int:
    if type is None:
        return 0
    words = [type] if isinstance(type, str) else list(type)
    mask = 0
    for w in words:
        b = w.encode()
        t = lib.embargo_type_parse(b, len(b))
        if t == lib.EMBARGO_TYPE_UNKNOWN:
            raise InvalidArgumentError(lib.EMBARGO_EINVAL,
                                       f"unknown type {w!r} (person, organization, vessel, aircraft)")
        mask |= 1 << t
    return mask


def _is_missing(v: Any) -> bool:
    """None, NaN, pandas' NA and NaT: no value."""
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    try:
        return bool(v != v)  # NaN-like, pandas.NA raises
    except (TypeError, ValueError):
        return True


def _query_bytes(name: Any) -> bytes:
    if isinstance(name, str):
        # a lone surrogate becomes invalid UTF-8, which the library refuses
        return name.encode("utf-8", "surrogatepass")
    if isinstance(name, (bytes, bytearray, memoryview)):
        return bytes(name)
    if _is_missing(name):
        raise QueryError(lib.EMBARGO_EQUERY, "no name (None or NaN)")
    raise TypeError(f"a name is a str or bytes, not {type(name).__name__}")


def _evidence_bytes(v: Any) -> Optional[bytes]:
    """A birth date or country as the library takes it: None for none; a
    date or datetime (pandas' Timestamp too) as its ISO date."""
    if v is None or _is_missing(v):
        return None
    if isinstance(v, bytes):
        return v or None
    if isinstance(v, datetime.datetime):
        v = v.date()
    if isinstance(v, datetime.date):
        v = v.isoformat()
    s = v if isinstance(v, str) else str(v)
    return s.encode("utf-8", "surrogatepass") or None


# ---------------------------------------------------------------------------
# Objects of the library, freed when Python lets go of them
# ---------------------------------------------------------------------------

class _Handle:
    """Owns an embargo_index; closes it when the last holder (the Index, or
    a matcher or scanner made over it) lets go."""

    __slots__ = ("ptr", "__weakref__")

    def __init__(self, ptr: Any):
        self.ptr = ptr

    def __del__(self) -> None:
        if self.ptr is not None:
            lib.embargo_index_close(self.ptr)
            self.ptr = None


class _Matcher:
    """An embargo_matcher with its out-parameters; one thread at a time. It
    holds the index handle, so the index outlives it."""

    __slots__ = ("ptr", "handle", "out", "count", "buf", "cap")

    def __init__(self, handle: Optional[_Handle]):
        p = ffi.new("embargo_matcher **")
        st = lib.embargo_matcher_new(handle.ptr if handle else ffi.NULL, p)
        if st:
            raise _error(st)
        self.ptr = p[0]
        self.handle = handle
        self.out = ffi.new("const embargo_match **")
        self.count = ffi.new("size_t *")
        self.cap = 4096
        self.buf = ffi.new("unsigned char[]", self.cap)

    def explanation(self, x: Any) -> bytes:
        """The explanation x (valid until the next call on this matcher)
        copied into bytes."""
        n = lib.embpy_pack_explanation(x, self.buf, self.cap)
        if n > self.cap:
            self.cap = n
            self.buf = ffi.new("unsigned char[]", n)
            n = lib.embpy_pack_explanation(x, self.buf, self.cap)
        return ffi.buffer(self.buf, n)[:]

    def __del__(self) -> None:
        if getattr(self, "ptr", None) is not None:
            lib.embargo_matcher_free(self.ptr)
            self.ptr = None


class _Scanner:
    __slots__ = ("ptr", "handle", "key")

    def __init__(self, handle: _Handle, opts: Any, key: tuple):
        p = ffi.new("embargo_scanner **")
        st = lib.embargo_scanner_new(handle.ptr, opts, p)
        if st:
            raise _error(st)
        self.ptr = p[0]
        self.handle = handle
        self.key = key

    def __del__(self) -> None:
        if getattr(self, "ptr", None) is not None:
            lib.embargo_scanner_free(self.ptr)
            self.ptr = None


class _Entry:
    """What is fixed about one entity of an index, read once and cached."""

    __slots__ = ("id", "list", "jurisdiction", "name", "type", "programs", "birth_dates",
                 "nationalities", "since", "dataset_jurisdictions", "listed_by", "names",
                 "fields")


# Collecting mentions during a scan: the library calls back into Python.
@ffi.def_extern(onerror=lambda exc, val, tb: 1)
def _embpy_on_mention(ctx: Any, m: Any) -> int:
    collector = ffi.from_handle(ctx)
    collector.add(m)
    return 0


@ffi.def_extern()
def _embpy_on_progress(ctx: Any, stage: Any, done: int, total: int) -> None:
    state = ffi.from_handle(ctx)
    if state["error"] is not None:
        return
    try:
        state["fn"](ffi.string(stage).decode(), int(done), int(total))
    except BaseException as e:  # re-raised once the build returns
        state["error"] = e


# ---------------------------------------------------------------------------
# The index
# ---------------------------------------------------------------------------

def default_index_path() -> str:
    """The index Index() opens without a path, first found of:
    the environment variable EMBARGO_INDEX; the index installed with the
    package (embargo/data/default.idx, copied from the checkout's
    build/default.idx when the package was built); the build/default.idx of
    the checkout this package lies in (running from the source tree)."""
    env = os.environ.get("EMBARGO_INDEX")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [os.path.join(here, "data", "default.idx"),
                  os.path.join(os.path.dirname(os.path.dirname(here)), "build", "default.idx")]
    for c in candidates:
        if os.path.isfile(c):
            return c
    raise NotFoundError(lib.EMBARGO_ENOTFOUND,
                        "no default index: set EMBARGO_INDEX, give Index() a path, or build the "
                        "package from a checkout after `make` (which makes build/default.idx)")


_default_lock = threading.Lock()
_default_index: Optional["Index"] = None


def default_index() -> "Index":
    """The default index (default_index_path()), opened once per process and
    shared: what the module-level helpers use when given no index."""
    global _default_index
    with _default_lock:
        if _default_index is None or _default_index.closed:
            _default_index = Index()
        return _default_index


class Index:
    """A read-only index of sanctions lists, shared by any number of threads.

    Index(path) opens an index file (written by `embargo index` or
    build_index()); Index() opens the default one (default_index_path()).
    The file is read into memory: replacing it later does not change an open
    index. Close with close() or a with-block; an index still in use by
    another thread is released when that use ends.
    """

    def __init__(self, path: Optional[PathLike] = None):
        if path is None:
            path = default_index_path()
        out = ffi.new("embargo_index **")
        err = ffi.new("embargo_error *")
        st = lib.embargo_index_open(os.fsencode(path), out, err)
        if st:
            raise _error(st, err=err)
        self._setup(out[0], os.fsdecode(path))

    @classmethod
    def from_bytes(cls, data: Union[bytes, bytearray, memoryview]) -> "Index":
        """Opens an index image held in memory (the bytes of an index file)."""
        out = ffi.new("embargo_index **")
        err = ffi.new("embargo_error *")
        buf = ffi.from_buffer(data)
        st = lib.embargo_index_open_memory(buf, len(buf), out, err)
        if st:
            raise _error(st, err=err)
        ix = cls.__new__(cls)
        ix._setup(out[0], None)
        return ix

    @classmethod
    def _adopt(cls, ptr: Any, path: Optional[str]) -> "Index":
        ix = cls.__new__(cls)
        ix._setup(ptr, path)
        return ix

    def _setup(self, ptr: Any, path: Optional[str]) -> None:
        self.path: Optional[str] = path
        self._h: Optional[_Handle] = _Handle(ptr)
        self._local: Optional[threading.local] = threading.local()
        self._entries: dict[int, _Entry] = {}
        info = ffi.new("embargo_index_info *")
        lib.embargo_index_info_get(ptr, info)
        self.info = IndexInfo(int(info.format_version), int(info.entities), int(info.names),
                              int(info.tokens), int(info.lists), int(info.bytes), int(info.built_at))
        li = ffi.new("embargo_list_info *")
        lists = []
        for i in range(self.info.lists):
            if lib.embargo_index_list(ptr, i, li) == lib.EMBARGO_OK:
                name = ffi.string(li.name)
                lists.append(ListInfo(name.decode(), _jurisdiction(name),
                                      ffi.string(li.source).decode("utf-8", "replace"),
                                      ffi.string(li.date).decode(), int(li.entities),
                                      ffi.string(li.sha256).decode()))
        self.lists: tuple[ListInfo, ...] = tuple(lists)
        ref = ffi.new("char[]", lib.EMBARGO_REFERENCE_SIZE)
        lib.embargo_index_reference(ptr, ref)
        #: The reference of the list versions this index holds (as the
        #: CLI's "screened_against"): results carrying it can be replayed.
        self.reference: str = ffi.string(ref).decode()

    # -- life ---------------------------------------------------------------

    def close(self) -> None:
        """Lets go of the index: later calls raise ValueError. Calls running
        in other threads finish first; the memory is freed when they do."""
        self._h = None
        self._local = None

    @property
    def closed(self) -> bool:
        return self._h is None

    def __enter__(self) -> "Index":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __len__(self) -> int:
        return self.info.entities

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"{self.info.entities} entities"
        return f"<embargo.Index {self.path or '(memory)'}: {state}>"

    def _handle(self) -> _Handle:
        h = self._h
        if h is None:
            raise ValueError("the index is closed")
        return h

    def _matcher(self) -> _Matcher:
        """This thread's matcher over the index."""
        local = self._local
        if local is None:
            raise ValueError("the index is closed")
        m = getattr(local, "matcher", None)
        if m is None:
            m = local.matcher = _Matcher(self._handle())
        return m

    def save(self, path: PathLike) -> None:
        """Writes the index to a file, atomically (a temporary file beside it,
        renamed over path)."""
        err = ffi.new("embargo_error *")
        st = lib.embargo_index_save(self._handle().ptr, os.fsencode(path), err)
        if st:
            raise _error(st, err=err)

    # -- options ------------------------------------------------------------

    def list_mask(self, lists: Lists) -> int:
        """The mask of a selection of lists or jurisdictions ("US,UK",
        ["ofac-sdn", "uk"]); 0 (every list) for None."""
        if lists is None:
            return 0
        sel = lists if isinstance(lists, str) else ",".join(lists)
        mask = ffi.new("uint64_t *")
        bad = ffi.new("const char **")
        sb = sel.encode()  # alive while *bad points into it
        st = lib.embargo_index_list_mask(self._handle().ptr, sb, mask, bad)
        if st:
            word = ffi.string(bad[0]).decode().split(",")[0] if bad[0] != ffi.NULL else sel
            raise _error(st, f"no list or jurisdiction {word!r} in this index (lists: "
                             f"{', '.join(li.name for li in self.lists)})")
        return int(mask[0])

    def _screen_options(self, threshold: Optional[float], limit: Optional[int], type: Types,
                        lists: Lists) -> Any:
        o = ffi.new("embargo_screen_options *")
        lib.embargo_screen_options_init(o)
        if threshold is not None:
            o.threshold = float(threshold)
        if limit is not None:
            if not 1 <= int(limit) <= 1000:
                raise InvalidArgumentError(lib.EMBARGO_EINVAL, "limit must be between 1 and 1000")
            o.limit = int(limit)
        o.type_mask = _type_mask(type)
        o.list_mask = self.list_mask(lists)
        return o

    # -- entities -----------------------------------------------------------

    def _entry(self, h: _Handle, e: Any) -> _Entry:
        """The cached facts of entity e (an embargo_entity *)."""
        i = int(e.index)
        en = self._entries.get(i)
        if en is not None:
            return en
        ix = h.ptr
        en = _Entry()
        lst = ffi.string(e.list)
        en.id = _str(e.id, e.id_len)
        en.list = lst.decode()
        en.jurisdiction = _jurisdiction(lst)
        en.name = _str(e.name, e.name_len)
        en.type = _TYPE_NAMES[e.type]
        fields = []
        fl = ffi.new("embargo_field *")
        for k in range(e.field_count):
            if lib.embargo_entity_field(ix, e, k, fl) == lib.EMBARGO_OK:
                fields.append((_FIELD_NAMES[fl.kind], _str(fl.text, fl.len)))
        en.fields = tuple(fields)
        en.programs = tuple(t for k, t in fields if k == "program")
        en.birth_dates = tuple(t for k, t in fields if k == "birth_date")
        en.nationalities = tuple(t for k, t in fields if k == "nationality")
        since = [t for k, t in fields if k == "listed_on"]
        en.since = since[0] if since else None
        jur: list[str] = []
        for k, t in fields:
            if k == "dataset":
                b = t.encode()
                j = lib.embargo_dataset_jurisdiction(b, len(b))
                if j != ffi.NULL:
                    js = ffi.string(j).decode()
                    if js not in jur:
                        jur.append(js)
        en.dataset_jurisdictions = tuple(jur)
        en.listed_by = None  # filled on first use (needs the other members)
        en.names = None
        self._entries[i] = en
        return en

    def _listed_by(self, h: _Handle, en: _Entry, index: int) -> tuple[ListedBy, ...]:
        if en.listed_by is not None:
            return en.listed_by
        ix = h.ptr
        members = ffi.new("uint32_t[]", GROUP_MAX)
        n = lib.embargo_index_group(ix, index, members, GROUP_MAX)
        me = ffi.new("embargo_entity *")
        via = ffi.new("uint32_t *")
        why = ffi.new("char[]", 200)
        out = []
        for k in range(n):
            if lib.embargo_index_entity(ix, members[k], me):
                continue
            m = self._entry(h, me)
            gw = go = None
            if lib.embargo_index_group_evidence(ix, members[k], via, why, 200):
                v = ffi.new("embargo_entity *")
                if lib.embargo_index_entity(ix, via[0], v) == lib.EMBARGO_OK:
                    gw = _str(v.id, v.id_len)
                    go = ffi.string(why).decode("utf-8", "replace")
            out.append(ListedBy(m.jurisdiction, m.list, m.id, m.since, m.dataset_jurisdictions, gw, go))
        en.listed_by = tuple(out)
        return en.listed_by

    def _names_of(self, h: _Handle, en: _Entry, e: Any) -> tuple[Name, ...]:
        if en.names is not None:
            return en.names
        nm = ffi.new("embargo_name *")
        out = []
        for k in range(e.name_count):
            if lib.embargo_entity_name(h.ptr, e, k, nm) == lib.EMBARGO_OK:
                out.append(Name(_str(nm.text, nm.len), _NAME_KINDS[nm.kind], bool(nm.weak),
                                bool(nm.derived)))
        en.names = tuple(out)
        return en.names

    def entity(self, id: str) -> Entity:
        """Everything the index holds on one entity, by its id
        ("ofac-sdn:24231"); NotFoundError if it has none of that id."""
        h = self._handle()
        e = ffi.new("embargo_entity *")
        b = id.encode()
        st = lib.embargo_index_find(h.ptr, b, len(b), e)
        if st:
            raise _error(st, f"no entity {id!r} in this index")
        en = self._entry(h, e)
        return Entity(en.id, en.list, en.jurisdiction, en.type, en.name, self._names_of(h, en, e),
                      en.fields, en.programs, en.birth_dates, en.nationalities,
                      self._listed_by(h, en, int(e.index)))

    def same_group(self, a: str, b: str) -> bool:
        """Whether two ids are one person or organisation (one group)."""
        h = self._handle()
        ea, eb = ffi.new("embargo_entity *"), ffi.new("embargo_entity *")
        for i, e in ((a, ea), (b, eb)):
            bi = i.encode()
            st = lib.embargo_index_find(h.ptr, bi, len(bi), e)
            if st:
                raise _error(st, f"no entity {i!r} in this index")
        return bool(lib.embargo_index_same_group(h.ptr, ea.index, eb.index))

    # -- screening ----------------------------------------------------------

    def _match(self, h: _Handle, m: _Matcher, mt: Any) -> Match:
        e = ffi.addressof(mt, "entity")
        en = self._entry(h, e)
        names = self._names_of(h, en, e)
        ni = int(mt.name_index)
        if ni < len(names):
            nm = names[ni]
            kind, weak, derived = nm.kind, nm.weak, nm.derived
        else:
            kind, weak, derived = "primary", False, False
        return Match(en.id, en.list, en.jurisdiction, en.name,
                     _str(mt.matched_name, mt.matched_name_len), kind, weak, derived, en.type,
                     float(mt.score), en.programs, self._listed_by(h, en, int(e.index)),
                     en.birth_dates, en.nationalities,
                     m.explanation(ffi.addressof(mt, "explanation")))

    def _screen_with(self, h: _Handle, m: _Matcher, q: bytes, o: Any) -> list[Match]:
        st = lib.embargo_matcher_screen(m.ptr, q, len(q), o, m.out, m.count)
        if st:
            raise _matcher_error(m, st)
        n = m.count[0]
        if not n:
            return []
        mm = m.out[0]
        return [self._match(h, m, mm[k]) for k in range(n)]

    def screen(self, name: Union[str, bytes], *, dob: Optional[str] = None,
               country: Optional[str] = None, type: Types = None,
               threshold: Optional[float] = None, limit: Optional[int] = None,
               lists: Lists = None) -> list[Match]:
        """Screens one name; returns its matches, best first (empty if none).

        dob: a birth date as evidence ("1962" or "1962-09-17"): a listed
        birth year that differs lowers the score. country: a nationality or
        country (an ISO code, an English name or a demonym): one that differs
        from every listed country lowers the score. type: "person",
        "organization", "vessel" or "aircraft", or several. threshold: the
        lowest score reported (default 0.80). limit: at most this many
        matches (default 10). lists: only these lists or jurisdictions
        ("US,UK", ["ofac-sdn", "uk"]).
        Raises QueryError for a name the library cannot screen (empty, over
        1,024 bytes, invalid UTF-8, control characters) or evidence that is
        none (an impossible date, an unknown country)."""
        h = self._handle()
        m = self._matcher()
        o = self._screen_options(threshold, limit, type, lists)
        keep = []
        d = _evidence_bytes(dob)
        if d is not None:
            keep.append(ffi.new("char[]", d))
            o.birth_date = keep[-1]
        c = _evidence_bytes(country)
        if c is not None:
            keep.append(ffi.new("char[]", c))
            o.country = keep[-1]
        return self._screen_with(h, m, _query_bytes(name), o)

    def screen_many(self, names: Iterable[Any], *, dob: Union[None, str, Iterable[Any]] = None,
                    country: Union[None, str, Iterable[Any]] = None, type: Types = None,
                    threshold: Optional[float] = None, limit: Optional[int] = None,
                    lists: Lists = None, threads: Optional[int] = None,
                    errors: str = "raise", chunk: int = 64) -> list[Any]:
        """Screens many names in several threads; returns, in input order, one
        list of matches per name (as screen() would).

        names: any iterable of str (a list, a pandas Series, a generator).
        dob, country: one value for all (checked once: a bad one raises
        QueryError before screening), or an iterable of one per name (None,
        NaN or "" for none; a bad one is that item's error). threads: worker threads, each with a
        matcher of its own; default: the CPUs this process may use. The
        library runs without the GIL, so the threads screen in parallel.
        errors: "raise" (default) raises the first QueryError (its position
        attribute says which item; None and NaN names are errors too);
        "return" puts the exception in that item's place and goes on."""
        if errors not in ("raise", "return"):
            raise ValueError("errors is 'raise' or 'return'")
        h = self._handle()
        items = names.tolist() if hasattr(names, "tolist") else list(names)
        n = len(items)
        base = self._screen_options(threshold, limit, type, lists)
        # Evidence given once for all names is checked once: a bad date or
        # country is one error, not one per name.
        keep = []
        for field, v in (("birth_date", dob), ("country", country)):
            if isinstance(v, (str, bytes)) or (v is not None and not _is_sequence(v)):
                b = _evidence_bytes(v)
                if b is not None:
                    keep.append(ffi.new("char[]", b))
                    setattr(base, field, keep[-1])
        if keep:
            m = self._matcher()
            st = lib.embargo_matcher_check_options(m.ptr, base)
            if st:
                raise _matcher_error(m, st)
        dobs = _per_item(dob, n, "dob") if _is_sequence(dob) else None
        countries = _per_item(country, n, "country") if _is_sequence(country) else None
        results: list[Any] = [None] * n
        if n == 0:
            return results
        if threads is None:
            threads = _cpus()
        chunk = max(1, int(chunk))
        workers = max(1, min(int(threads), (n + chunk - 1) // chunk))
        chunks = itertools.count()
        failed: list[BaseException] = []

        def work(m: _Matcher) -> None:
            o = ffi.new("embargo_screen_options *", base[0])
            strings: dict[bytes, Any] = {}

            def cstr(b: Optional[bytes]) -> Any:
                if b is None:
                    return ffi.NULL
                s = strings.get(b)
                if s is None:
                    s = strings[b] = ffi.new("char[]", b)
                return s

            while not failed:
                start = next(chunks) * chunk
                if start >= n:
                    return
                for i in range(start, min(start + chunk, n)):
                    try:
                        if dobs is not None:
                            o.birth_date = cstr(_evidence_bytes(dobs[i]))
                        if countries is not None:
                            o.country = cstr(_evidence_bytes(countries[i]))
                        results[i] = self._screen_with(h, m, _query_bytes(items[i]), o)
                    except QueryError as e:
                        e.position = i
                        if errors == "raise":
                            failed.append(e)
                            return
                        results[i] = e
                    except BaseException as e:  # noqa: B902 - handed to the caller
                        failed.append(e)
                        return

        if workers == 1:
            work(self._matcher())
        else:
            ts = [threading.Thread(target=work, args=(_Matcher(h),), name=f"embargo-screen-{k}",
                                   daemon=True) for k in range(workers)]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
        if failed:
            e = failed[0]
            if isinstance(e, QueryError) and e.position is not None:
                e.args = (f"item {e.position}: {e.args[0]}",)
            raise e
        return results

    # -- who ----------------------------------------------------------------

    def who(self, name: str, *, threshold: Optional[float] = None) -> Who:
        """Which lists name this person or organisation, and since when (as
        `embargo who`): the best match is taken as the person meant, and
        every list of the index answers through that entity's group (the
        same person on other lists, joined on evidence beyond the name)."""
        h = self._handle()
        m = self._matcher()
        o = self._screen_options(threshold, 50, None, None)
        q = _query_bytes(name)
        st = lib.embargo_matcher_screen(m.ptr, q, len(q), o, m.out, m.count)
        if st:
            raise _matcher_error(m, st)
        n = int(m.count[0])
        mm = m.out[0]
        scored = [(ffi.string(mm[k].entity.list).decode(), int(mm[k].entity.index), float(mm[k].score),
                   _str(mm[k].entity.id, mm[k].entity.id_len)) for k in range(n)]
        group: list[int] = []
        best = None
        if n:
            members = ffi.new("uint32_t[]", GROUP_MAX)
            ng = lib.embargo_index_group(h.ptr, mm[0].entity.index, members, GROUP_MAX)
            group = [int(members[k]) for k in range(ng)]
            best = self._entry(h, ffi.addressof(mm[0], "entity"))
        e = ffi.new("embargo_entity *")
        via = ffi.new("uint32_t *")
        why = ffi.new("char[]", 200)
        answers = []
        for li in self.lists:
            shown = 0
            for g in group:
                if lib.embargo_index_entity(h.ptr, g, e) or ffi.string(e.list).decode() != li.name:
                    continue
                en = self._entry(h, e)
                score = next((s for lst, i, s, _ in scored if lst == li.name and i == g), None)
                grouped_on = None
                if lib.embargo_index_group_evidence(h.ptr, g, via, why, 200):
                    v = ffi.new("embargo_entity *")
                    if lib.embargo_index_entity(h.ptr, via[0], v) == lib.EMBARGO_OK:
                        grouped_on = (ffi.string(why).decode("utf-8", "replace")
                                      + f" (with {_str(v.id, v.id_len)})")
                answers.append(WhoList(li.name, li.jurisdiction, True, li.date, en.id, en.name,
                                       en.programs, en.since, en.dataset_jurisdictions, score,
                                       grouped_on))
                shown += 1
            if not shown:
                ns = next(((i, s) for lst, _, s, i in scored if lst == li.name), None)
                answers.append(WhoList(li.name, li.jurisdiction, False, li.date,
                                       namesake_id=ns[0] if ns else None,
                                       namesake_score=ns[1] if ns else None))
        return Who(name if isinstance(name, str) else q.decode("utf-8", "replace"),
                   best.id if best else None, best.name if best else None,
                   best.type if best else None, tuple(answers))

    # -- scanning -----------------------------------------------------------

    def _scanner(self, h: _Handle, key: tuple) -> _Scanner:
        local = self._local
        if local is None:
            raise ValueError("the index is closed")
        s = getattr(local, "scanner", None)
        if s is None or s.key != key:
            threshold, type_mask, html, date, list_mask = key
            o = ffi.new("embargo_scan_options *")
            lib.embargo_scan_options_init(o)
            o.threshold = threshold
            o.type_mask = type_mask
            o.html = html
            dt = ffi.new("char[]", date) if date else ffi.NULL
            o.date = dt
            o.list_mask = list_mask
            s = local.scanner = _Scanner(h, o, key)
        return s

    def scan(self, text: Union[str, bytes], *, html: Optional[bool] = None,
             date: Optional[str] = None, threshold: Optional[float] = None, type: Types = None,
             lists: Lists = None) -> ScanResult:
        """Finds every listed person or organisation a text mentions (a news
        article, a web page, a payment narrative), with every mention and its
        offsets: start/end as indices into `text` (text[m.start:m.end]) and
        byte_start/byte_end into its UTF-8 bytes.

        html: the text is HTML (tags, scripts and entities are skipped,
        offsets still point into the source); None decides by its content.
        date: the document's date (ISO 8601) for ages such as "the
        29-year-old"; None: found in the text if it states one near the top.
        threshold, type, lists: as for screen()."""
        h = self._handle()
        if isinstance(text, str):
            doc = text.encode("utf-8", "surrogatepass")
        elif isinstance(text, (bytes, bytearray, memoryview)):
            doc = bytes(text)
        else:
            raise TypeError(f"scan() takes str or bytes, not {text.__class__.__name__}")
        if html is None:
            html = bool(lib.embargo_looks_like_html(doc, len(doc)))
        if threshold is not None and not 0 <= threshold <= 1:
            raise InvalidArgumentError(lib.EMBARGO_EINVAL, "threshold must be between 0 and 1")
        key = (DEFAULT_THRESHOLD if threshold is None else float(threshold), _type_mask(type),
               1 if html else 0, date.encode() if date else None, self.list_mask(lists))
        s = self._scanner(h, key)
        col = _Collector(self, h, doc, text if isinstance(text, str) else None)
        handle = ffi.new_handle(col)
        st = lib.embargo_scanner_scan(s.ptr, doc, len(doc), lib._embpy_on_mention, handle)
        if col.error is not None:
            raise col.error
        if st:
            raise _error(st)
        hits = ffi.new("const embargo_scan_hit **")
        nh = ffi.new("size_t *")
        lib.embargo_scanner_hits(s.ptr, hits, nh)
        ents = []
        for k in range(nh[0]):
            hit = hits[0][k]
            en = self._entry(h, ffi.addressof(hit, "entity"))
            ev = ffi.string(hit.evidence).decode("utf-8", "replace") if hit.evidence != ffi.NULL else ""
            ents.append(ScanEntity(en.id, en.list, en.jurisdiction, en.name, en.type,
                                   float(hit.score), int(hit.mentions), en.programs,
                                   self._listed_by(h, en, int(hit.entity.index)), ev))
        return ScanResult(tuple(ents), tuple(col.mentions))


class _Collector:
    """Copies the mentions of one scan as the library reports them."""

    def __init__(self, ix: Index, h: _Handle, doc: bytes, text: Optional[str]):
        self.ix, self.h, self.doc, self.text = ix, h, doc, text
        self.mentions: list[Mention] = []
        self.error: Optional[BaseException] = None
        # Python indices from the library's character offsets, unless the
        # text holds lone surrogates (then counted here, from the bytes).
        self.own_count = text is not None and len(doc) != len(text) and _has_surrogates(text)
        self.at_byte = 0
        self.at_char = 0

    def _char(self, byte: int) -> int:
        # mentions come in document order; count from the last one
        if byte < self.at_byte:
            self.at_byte, self.at_char = 0, 0
        piece = self.doc[self.at_byte:byte].decode("utf-8", "surrogatepass")
        self.at_char += len(piece)
        self.at_byte = byte
        return self.at_char

    def add(self, m: Any) -> None:
        try:
            h = self.h
            en = self.ix._entry(h, ffi.addressof(m, "entity"))
            me = None
            if m.matched_entity.index != m.entity.index:
                me = _str(m.matched_entity.id, m.matched_entity.id_len)
            bs, be = int(m.start), int(m.end)
            if self.own_count:
                cs, ce = self._char(bs), self._char(be)
            else:
                cs, ce = int(m.char_start), int(m.char_end)
            self.mentions.append(Mention(en.id, cs, ce, bs, be, _str(m.text, m.len), float(m.score),
                                         _str(m.matched_name, m.matched_name_len), me,
                                         ffi.string(m.how).decode()))
        except BaseException as e:
            self.error = e
            raise


def _has_surrogates(s: str) -> bool:
    try:
        s.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def _is_sequence(v: Any) -> bool:
    """Whether an evidence argument gives one value per name."""
    return v is not None and not isinstance(v, (str, bytes, datetime.date)) and \
        (hasattr(v, "__iter__") or hasattr(v, "tolist"))


def _per_item(v: Any, n: int, what: str) -> Optional[Sequence[Any]]:
    if v is None:
        return None
    if isinstance(v, (str, bytes)):
        return [v] * n
    items = v.tolist() if hasattr(v, "tolist") else list(v)
    if len(items) != n:
        raise ValueError(f"{what} has {len(items)} values for {n} names")
    return items


def _cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# ---------------------------------------------------------------------------
# Functions without an index
# ---------------------------------------------------------------------------

_compare_local = threading.local()


def compare(a: str, b: str, *, type: Optional[str] = None) -> Comparison:
    """Compares two names without an index: the score in 0..1 and how the
    words were paired. type: what kind of entity b names ("person",
    "organization", ...; costs of omitted words differ); default: guessed
    from legal forms such as LLC or GmbH."""
    m = getattr(_compare_local, "matcher", None)
    if m is None:
        m = _compare_local.matcher = _Matcher(None)
    t = lib.EMBARGO_TYPE_UNKNOWN
    if type is not None:
        tb = type.encode()
        t = lib.embargo_type_parse(tb, len(tb))
        if t == lib.EMBARGO_TYPE_UNKNOWN:
            raise InvalidArgumentError(lib.EMBARGO_EINVAL,
                                       f"unknown type {type!r} (person, organization, vessel, aircraft)")
    lib.embargo_matcher_set_type(m.ptr, t)
    qa, qb = _query_bytes(a), _query_bytes(b)
    score = ffi.new("double *")
    expl = ffi.new("const embargo_explanation **")
    st = lib.embargo_matcher_compare(m.ptr, qa, len(qa), qb, len(qb), score, expl)
    if st:
        raise _matcher_error(m, st)
    return Comparison(float(score[0]), _types.unpack_explanation(m.explanation(expl[0])))


def build_index(paths: Union[PathLike, Iterable[PathLike]], out: Optional[PathLike] = None, *,
                groups: bool = True,
                progress: Optional[Callable[[str, int, int], None]] = None) -> Index:
    """Loads list files (or folders holding a set, such as OFAC's) and builds
    an index of them; writes it to `out` (atomically) when given, and returns
    it open. Each list is recognised by its content. groups=False skips
    grouping the entries of different lists (faster). progress(stage, done,
    total) is called now and then. A broken list raises ListFormatError with
    the file, line and column."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    ds = ffi.new("embargo_dataset **")
    st = lib.embargo_dataset_new(ds)
    if st:
        raise _error(st)
    ds_ptr = ds[0]
    err = ffi.new("embargo_error *")
    try:
        n = 0
        for p in paths:
            st = lib.embargo_dataset_load(ds_ptr, os.fsencode(p), err)
            if st:
                raise _error(st, f"{os.fsdecode(p)}: {_strerror(st)}", err)
            n += 1
        if n == 0:
            raise InvalidArgumentError(lib.EMBARGO_EINVAL, "no list to build an index from")
        o = ffi.new("embargo_build_options *")
        lib.embargo_build_options_init(o)
        if not groups:
            o.flags |= lib.EMBARGO_BUILD_NO_GROUPS
        state = {"fn": progress, "error": None}
        handle = None
        if progress is not None:
            handle = ffi.new_handle(state)
            o.progress = lib._embpy_on_progress
            o.progress_ctx = handle
        ix = ffi.new("embargo_index **")
        st = lib.embargo_index_build(ds_ptr, o, ix, err)
        if st:
            raise _error(st, err=err)
    finally:
        lib.embargo_dataset_free(ds_ptr)
    index = Index._adopt(ix[0], os.fsdecode(out) if out is not None else None)
    if state["error"] is not None:
        raise state["error"]  # type: ignore[misc]
    if out is not None:
        index.save(out)
    return index


def to_json(obj: Any) -> str:
    """JSON text of a result (anything with to_dict(), or a list of them)."""
    def conv(o: Any) -> Any:
        if hasattr(o, "to_dict"):
            return o.to_dict()
        raise TypeError(f"{type(o).__name__} is not JSON serialisable")
    return json.dumps(obj, default=conv, ensure_ascii=False)
