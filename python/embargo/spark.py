"""embargo.spark: screen a Spark DataFrame of records on every worker.

Two routes, the same alerts:

screen(df, ...)       mapInPandas: each Python worker of each executor opens the
                      index once (kept for the worker's life) and screens its
                      partitions' records in batches through the binding
                      (Index.screen_many). Needs this package installed on
                      the workers. Returns typed columns, full-precision
                      scores.
screen_pipe(df, ...)  RDD.pipe through `embargo screen --batch --json`: every
                      partition streams its names through the command-line
                      program, one JSON line per name, in order. Needs only
                      the `embargo` program (and an index) on the workers, no
                      Python package; scores come rounded to 3 decimals, as
                      the CLI prints them.

The index: a path every worker can read (a shared file system, or the same
path on every node), or a file shipped with SparkContext.addFile(path) and
named here by its file name (found with SparkFiles.get on the workers), or
None for the index installed with the package (screen) or the program's own
default (screen_pipe). An index is read into each worker process's memory:
an executor needs, beside Spark's own, the index's size (build/default.idx:
18 MB; the generated 1,000,000-entity index of make bench-scale: 518 MB)
once per concurrent Python worker, that is per core it runs tasks on.
"""
from __future__ import annotations

import json
import os
import shlex
import threading
from typing import Any, Iterator, Optional, Union

from pyspark import SparkFiles
from pyspark.sql import DataFrame
from pyspark.sql import types as T

# The alert columns (after the key), as embargo.pandas.ALERT_COLUMNS.
_ALERT_FIELDS = [
    T.StructField("query", T.StringType()),
    T.StructField("rank", T.IntegerType()),
    T.StructField("id", T.StringType()),
    T.StructField("list", T.StringType()),
    T.StructField("jurisdiction", T.StringType()),
    T.StructField("name", T.StringType()),
    T.StructField("matched_name", T.StringType()),
    T.StructField("type", T.StringType()),
    T.StructField("score", T.DoubleType()),
    T.StructField("programs", T.ArrayType(T.StringType())),
    T.StructField("listed_by", T.ArrayType(T.StringType())),
    T.StructField("birth_dates", T.ArrayType(T.StringType())),
    T.StructField("nationalities", T.ArrayType(T.StringType())),
    T.StructField("note", T.StringType()),
    T.StructField("explanation", T.StringType()),
    T.StructField("error", T.StringType()),
]

_lock = threading.Lock()
_open: dict[Optional[str], Any] = {}


def resolve_index(index: Optional[str]) -> Optional[str]:
    """On a worker: the path of `index` there. A path that exists is
    itself; otherwise the file of that name shipped with addFile."""
    if index is None or os.path.exists(index):
        return index
    shipped = SparkFiles.get(os.path.basename(index))
    if os.path.exists(shipped):
        return shipped
    raise FileNotFoundError(f"index {index!r} is neither a path on this worker nor a file shipped "
                            f"with SparkContext.addFile")


def worker_index(index: Optional[str]) -> Any:
    """The index of this worker process, opened on first use and kept: every
    task the process runs shares it (an Index is thread-safe)."""
    import embargo
    with _lock:
        ix = _open.get(index)
        if ix is None:
            path = resolve_index(index)
            ix = _open[index] = embargo.Index(path) if path else embargo.default_index()
        return ix


def alert_schema(df: DataFrame, key: Optional[str], errors: str = "raise") -> T.StructType:
    """The schema of screen()'s result for df: the key column (as in df;
    renamed input_<key> if an alert column has its name), then the alerts'."""
    fields = [f for f in _ALERT_FIELDS if errors == "return" or f.name != "error"]
    if key is None:
        return T.StructType(fields)
    kf = df.schema[key]
    name = f"input_{key}" if key in {f.name for f in _ALERT_FIELDS} else key
    return T.StructType([T.StructField(name, kf.dataType, True)] + fields)


def screen(df: DataFrame, name: str = "name", dob: Optional[str] = None,
           country: Optional[str] = None, key: Optional[str] = None, *,
           index: Optional[str] = None, threshold: Optional[float] = None,
           limit: Optional[int] = None, type: Optional[str] = None, lists: Optional[str] = None,
           threads: int = 1, errors: str = "raise") -> DataFrame:
    """Screens the `name` column of a Spark DataFrame on the workers with
    mapInPandas; returns a DataFrame of alerts, one row per match, with the
    `key` column of the record (None: no key column, the query only).

    dob, country: columns of evidence per record. index: see the module's
    doc (a path on every worker, an addFile'd file name, or None).
    threshold, limit, type, lists: as Index.screen. threads: screening
    threads per task (Spark already runs a task per core: 1 is right unless
    executors have spare cores). errors: "raise" fails the job on a record
    the library cannot screen (an empty name, an unknown country, ...);
    "return" gives such a record one row with the message in "error".

    Columns: key, query, rank, id, list, jurisdiction, name, matched_name,
    type, score, programs, listed_by, birth_dates, nationalities, note,
    explanation (JSON), [error] -- as embargo.pandas.screen.
    """
    if errors not in ("raise", "return"):
        raise ValueError("errors is 'raise' or 'return'")
    cols = [c for c in (key, name, dob, country) if c is not None]
    for c in cols:
        if c not in df.columns:
            raise KeyError(f"no column {c!r} in the DataFrame (columns: {df.columns})")
    schema = alert_schema(df, key, errors)
    names = [f.name for f in schema.fields]
    src = df.select(*dict.fromkeys(cols))

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        from embargo.pandas import alert_rows
        ix = worker_index(index)
        for b in batches:
            if len(b) == 0:
                continue
            res = ix.screen_many(b[name], dob=b[dob] if dob else None,
                                 country=b[country] if country else None, type=type,
                                 threshold=threshold, limit=limit, lists=lists, threads=threads,
                                 errors=errors)
            keys = b[key].tolist() if key else [None] * len(b)
            rows = alert_rows(keys, b[name].tolist(), res)
            if not rows["key"]:
                continue
            if key is None:
                rows.pop("key")
            else:
                rows[names[0]] = rows.pop("key")
            if errors != "return":
                rows.pop("error")
            yield pd.DataFrame({n: rows[n] for n in names})

    return src.mapInPandas(run, schema)


def _pipe_line(v: Any) -> str:
    """A name as one input line of the CLI: None becomes an empty line and a
    line break a control character, each refused by the CLI with an error
    record of its own, so that output lines still follow input lines."""
    if v is None:
        return ""
    s = str(v)
    return s.replace("\r", "\x01").replace("\n", "\x01")


def _pipe_rows(key_name: Optional[str], errors: str):
    def rows(pair: Any) -> list:
        k, line = pair
        rec = json.loads(line)
        if "error" in rec:
            if errors != "return":
                raise ValueError(f"record {k!r}: {rec['error']}")
            r = {"query": rec.get("query"), "rank": 0, "id": None, "list": None,
                 "jurisdiction": None, "name": None, "matched_name": None, "type": None,
                 "score": None, "programs": [], "listed_by": [], "birth_dates": [],
                 "nationalities": [], "note": None, "explanation": None, "error": rec["error"]}
            return [r if key_name is None else {key_name: k, **r}]
        out = []
        for rank, m in enumerate(rec["matches"], 1):
            expl = m["explanation"]
            r = {"query": rec["query"], "rank": rank, "id": m["id"], "list": m["list"],
                 "jurisdiction": m["jurisdiction"], "name": m["name"],
                 "matched_name": m["matched_name"], "type": m["type"], "score": m["score"],
                 "programs": m["programs"],
                 "listed_by": [f"{lb['jurisdiction']} {lb['id']}"
                               + (f" since {lb['since']}" if lb.get("since") else "")
                               for lb in m["listed_by"]],
                 "birth_dates": m.get("birth_dates", []),
                 "nationalities": m.get("nationalities", []), "note": expl.get("note", ""),
                 "explanation": json.dumps(expl, ensure_ascii=False), "error": None}
            out.append(r if key_name is None else {key_name: k, **r})
        return out
    return rows


def screen_pipe(df: DataFrame, name: str = "name", key: Optional[str] = None, *,
                cli: str = "embargo", index: Optional[str] = None,
                args: Union[list[str], tuple[str, ...]] = (), errors: str = "raise") -> DataFrame:
    """Screens the `name` column through the command-line program with
    RDD.pipe: `cli screen --batch --json [--index INDEX] ARGS` runs once per
    partition on the workers, reading one name per line and writing one JSON
    object per name, in order; the answers are paired with their records by
    position. Returns the same columns as screen() (scores rounded to 3
    decimals, as the CLI prints them). cli: the program's path on the
    workers; index: the index's path on the workers, as the program opens
    it (a relative path from the worker's working directory, where
    spark-submit --files puts files on YARN and Kubernetes; None: the
    program's default data);
    args: more options (["--threshold", "0.85", "--lists", "US,UK"]); no
    per-record evidence on this route (--dob and --country apply to all)."""
    if errors not in ("raise", "return"):
        raise ValueError("errors is 'raise' or 'return'")
    cols = [c for c in (key, name) if c is not None]
    for c in cols:
        if c not in df.columns:
            raise KeyError(f"no column {c!r} in the DataFrame (columns: {df.columns})")
    schema = alert_schema(df, key, errors)
    key_name = schema.fields[0].name if key is not None else None
    cmd = [cli, "screen", "--batch", "--json"] + list(args)
    if index is not None:
        cmd += ["--index", index]
    records = df.select(*cols).rdd.map(lambda r: (r[key] if key else None, r[name])).persist()
    lines = records.map(lambda kv: _pipe_line(kv[1]))
    # pipe() runs the command without a shell, split as shlex.split splits
    out = lines.pipe(" ".join(shlex.quote(c) for c in cmd), checkCode=False)
    paired = records.map(lambda kv: kv[0]).zip(out)
    rows = paired.flatMap(_pipe_rows(key_name, errors))
    names = [f.name for f in schema.fields]
    return df.sparkSession.createDataFrame(rows.map(lambda r: tuple(r.get(n) for n in names)),
                                           schema)
