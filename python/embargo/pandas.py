"""embargo.pandas: screen a column of a pandas DataFrame, get a DataFrame of alerts.

    import pandas as pd, embargo.pandas
    customers = pd.DataFrame({"customer_id": [1, 2], "name": ["Maria Butina", "Rand Paul"],
                              "dob": ["1988-11-10", None]})
    alerts = embargo.pandas.screen(customers, name="name", dob="dob", key="customer_id")

One row per alert (a record with three matches gives three rows, rank 1..3);
a record without a match gives none. Screening runs in several threads
(Index.screen_many).
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Optional, Sequence, Union

import pandas as pd

from ._core import EmbargoError, Index, default_index
from ._types import Match

# The columns of an alert, after the input key's.
ALERT_COLUMNS = ["query", "rank", "id", "list", "jurisdiction", "name", "matched_name", "type",
                 "score", "programs", "listed_by", "birth_dates", "nationalities", "note",
                 "explanation", "error"]


def _key_column(key: str) -> str:
    return f"input_{key}" if key in ALERT_COLUMNS else key


def alert_rows(keys: Sequence[Any], names: Sequence[Any], results: Sequence[Any]) -> dict[str, list]:
    """The alert columns (ALERT_COLUMNS, plus "key" first) of screen_many
    results: one row per match; an item whose result is an exception
    (errors="return") gives one row with its message in "error"."""
    cols: dict[str, list] = {c: [] for c in ["key"] + ALERT_COLUMNS}
    for k, q, res in zip(keys, names, results):
        if isinstance(res, EmbargoError):
            row = dict.fromkeys(cols)
            row.update(key=k, query=q if isinstance(q, str) else None, rank=0, score=float("nan"),
                       programs=[], listed_by=[], birth_dates=[], nationalities=[],
                       error=res.message)
            for c in cols:
                cols[c].append(row[c])
            continue
        m: Match
        for rank, m in enumerate(res, 1):
            cols["key"].append(k)
            cols["query"].append(q)
            cols["rank"].append(rank)
            cols["id"].append(m.id)
            cols["list"].append(m.list)
            cols["jurisdiction"].append(m.jurisdiction)
            cols["name"].append(m.name)
            cols["matched_name"].append(m.matched_name)
            cols["type"].append(m.type)
            cols["score"].append(m.score)
            cols["programs"].append(list(m.programs))
            cols["listed_by"].append([str(lb) for lb in m.listed_by])
            cols["birth_dates"].append(list(m.birth_dates))
            cols["nationalities"].append(list(m.nationalities))
            x = m.explanation
            cols["note"].append(x.note)
            cols["explanation"].append(json.dumps(x.to_dict(), ensure_ascii=False))
            cols["error"].append(None)
    return cols


def screen(df: pd.DataFrame, name: str = "name", dob: Optional[str] = None,
           country: Optional[str] = None, key: Optional[str] = None, *,
           index: Union[None, str, Index] = None, threshold: Optional[float] = None,
           limit: Optional[int] = None, type: Union[None, str, Iterable[str]] = None,
           lists: Union[None, str, Iterable[str]] = None, threads: Optional[int] = None,
           errors: str = "raise") -> pd.DataFrame:
    """Screens the names of one column of df; returns a DataFrame of alerts.

    name, dob, country: the columns holding the name and, optionally, a
    birth date and a nationality or country for each record (evidence: one
    that differs from the list lowers the score). key: the column that
    identifies a record, copied into each alert (default: df's index); it
    keeps its name unless an alert column has it ("id", "name", ...), then
    it is called "input_<key>". index: an Index, a path, or None for the
    default index. threshold, limit, type, lists: as Index.screen.
    errors="raise" raises on the first record the library cannot screen
    (an empty or missing name, an impossible date, an unknown country);
    errors="return" gives it one row with the library's message in "error".

    Columns: the key, then ALERT_COLUMNS: query, rank (1 = best match of the
    record), id, list, jurisdiction, name (as listed), matched_name, type,
    score, programs, listed_by ("US ofac-sdn:24231", "UK uk:RUS0879 since
    2022-03-15": every list that carries the same person), birth_dates,
    nationalities, note, explanation (JSON of the word pairs), error.
    """
    ix = index if isinstance(index, Index) else Index(index) if index is not None else default_index()
    for col in [c for c in (name, dob, country, key) if c is not None]:
        if col not in df.columns:
            raise KeyError(f"no column {col!r} in the DataFrame (columns: {list(df.columns)})")
    names = df[name].tolist()
    results = ix.screen_many(names, dob=df[dob] if dob else None,
                             country=df[country] if country else None, type=type,
                             threshold=threshold, limit=limit, lists=lists, threads=threads,
                             errors=errors)
    keys = df[key].tolist() if key else df.index.tolist()
    cols = alert_rows(keys, names, results)
    key_name = _key_column(key if key else (df.index.name or "index"))
    out = pd.DataFrame({key_name: pd.Series(cols.pop("key"),
                                            dtype=df[key].dtype if key else df.index.dtype)})
    for c in ALERT_COLUMNS:
        out[c] = cols[c]
    out["rank"] = out["rank"].astype("int64")
    out["score"] = out["score"].astype("float64")
    if errors == "raise":
        out = out.drop(columns=["error"])
    return out
