#!/usr/bin/env python3
"""bench_spark.py - records/s of embargo.spark on PySpark local[2], beside the
CLI's batch on the same machine and records.

usage: bench_spark.py [--records 1000000] [--cli ./embargo] [--index build/default.idx]
                      [--out bench/results-spark.txt]

The records are generated as the Spark tests generate them (python/tests/
spark/records.py: common American names, the article's five Russians mixed
in). Timed: embargo.spark.screen (mapInPandas through the binding) and
embargo.spark.screen_pipe (RDD.pipe through `embargo screen --batch --json`),
each writing its alerts to Spark's no-op sink after a small warm-up job (so
that Python workers are started and the index opened: what a long job pays
once); then, without Spark, Index.screen_many with 2 threads and the CLI's
batch (one process) over the same names. Run by
`make bench-spark` in build/venv-spark.
"""
import argparse
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, "..", "python", "tests"), os.path.join(HERE, "..", "python", "tests", "spark")]

from records import records  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--cli", default="./embargo")
    ap.add_argument("--index", default="build/default.idx")
    ap.add_argument("--out", default="bench/results-spark.txt")
    a = ap.parse_args()
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # loopback only
    import pandas as pd
    import pyspark
    from pyspark.sql import SparkSession

    import embargo
    import embargo.spark

    load0 = os.getloadavg()[0]
    recs, _ = records(a.records)
    df = pd.DataFrame(recs, columns=["customer", "full_name", "dob"])[["customer", "full_name"]]
    t = time.perf_counter()
    spark = (SparkSession.builder.master("local[2]").appName("embargo-bench")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
             .config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .config("spark.driver.memory", "2g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    start = time.perf_counter() - t
    sdf = spark.createDataFrame(df).repartition(8).cache()
    sdf.count()
    rows = []

    def timed(label, make):
        make(sdf.limit(2000)).write.format("noop").mode("overwrite").save()  # warm-up
        t0 = time.perf_counter()
        make(sdf).write.format("noop").mode("overwrite").save()
        w = time.perf_counter() - t0
        rows.append((label, w))

    timed("embargo.spark.screen (mapInPandas)",
          lambda d: embargo.spark.screen(d, name="full_name", key="customer", index=a.index))
    timed("embargo.spark.screen_pipe (RDD.pipe)",
          lambda d: embargo.spark.screen_pipe(d, name="full_name", key="customer",
                                              cli=os.path.abspath(a.cli), index=a.index))
    spark.stop()
    names = df["full_name"].tolist()
    ix = embargo.Index(a.index)
    ix.screen_many(names[:2000])
    t0 = time.perf_counter()
    ix.screen_many(names, threads=2)
    rows.append(("Index.screen_many, 2 threads (no Spark)", time.perf_counter() - t0))
    text = ("\n".join(names) + "\n").encode()
    t0 = time.perf_counter()
    p = subprocess.run([a.cli, "screen", "--batch", "--json", "--index", a.index], input=text,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    cw = time.perf_counter() - t0
    assert p.returncode in (0, 1), p.stderr[:300]
    rows.append(("CLI batch, 1 process (no Spark)", cw))
    load1 = os.getloadavg()[0]
    n = a.records
    lines = [
        "# make bench-spark: records/s of embargo.spark on PySpark local[2] and of the CLI batch",
        f"# {time.strftime('%Y-%m-%d')}, PySpark {pyspark.__version__}, Python {platform.python_version()}, "
        f"library {embargo.version()}, {os.cpu_count()} CPUs, load average {load0:.1f} -> {load1:.1f}",
        f"# {n} generated records (python/tests/spark/records.py), 8 partitions; index {a.index}; "
        f"Spark session start {start:.1f} s (not counted)",
        "",
        f"{'run':40s} {'wall s':>8s} {'records/s':>10s}",
    ]
    for label, w in rows:
        lines.append(f"{label:40s} {w:8.1f} {n / w:10.0f}")
    lines += ["", "The machine is shared: compare rows of one run (the load average above),",
              "not runs of different days. Spark's cost over the binding is the first row",
              "against the screen_many row; on a cluster, records/s grow with workers x cores."]
    out = "\n".join(lines) + "\n"
    sys.stdout.write(out)
    with open(a.out, "w") as f:
        f.write(out)


if __name__ == "__main__":
    main()
