"""embargo.spark on PySpark in local mode (local[2]): 100,000 generated records
with the article's five Russians mixed in; the alerts of both routes
(mapInPandas through the binding, RDD.pipe through the CLI) equal the CLI's
own batch on the same records. Run by make test-spark (its own virtualenv
with PySpark from PyPI; Java from Debian's default-jre-headless)."""
import os
import subprocess
import sys

import pytest

from conftest import CLI, INDEX, RUSSIANS
from records import records

pyspark = pytest.importorskip("pyspark")
pd = pytest.importorskip("pandas")
import embargo.spark  # noqa: E402

N = int(os.environ.get("EMBARGO_SPARK_RECORDS", "100000"))


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers: this virtualenv
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # loopback only
    s = (SparkSession.builder.master("local[2]").appName("embargo-tests")
         .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
         .config("spark.ui.enabled", "false")
         .config("spark.ui.showConsoleProgress", "false")
         .config("spark.sql.execution.arrow.pyspark.enabled", "true")
         .config("spark.sql.shuffle.partitions", "4")
         .getOrCreate())
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


@pytest.fixture(scope="module")
def data():
    recs, want = records(N)
    return pd.DataFrame(recs, columns=["customer", "full_name", "dob"]), want


@pytest.fixture(scope="module")
def cli_alerts(data):
    """(key, rank, id, score to 3 decimals) of `embargo screen --batch
    --json` on the same names and index."""
    df, _ = data
    if not os.access(CLI, os.X_OK):
        pytest.skip(f"{CLI} is absent")
    import json
    text = "\n".join(df["full_name"]) + "\n"
    r = subprocess.run([CLI, "screen", "--batch", "--json", "--index", INDEX], input=text.encode(),
                       capture_output=True, timeout=600)
    assert r.returncode in (0, 1), r.stderr.decode()[:500]
    out = set()
    lines = r.stdout.decode().splitlines()
    assert len(lines) == len(df)
    for key, line in zip(df["customer"], lines):
        for rank, m in enumerate(json.loads(line)["matches"], 1):
            out.add((key, rank, m["id"], f"{m['score']:.3f}"))
    return out


def _alerts(rows, key="customer"):
    return {(r[key], r["rank"], r["id"], f"{r['score']:.3f}") for r in rows}


def test_map_in_pandas_equals_cli(spark, data, cli_alerts):
    df, want = data
    sdf = spark.createDataFrame(df[["customer", "full_name"]]).repartition(8)
    alerts = embargo.spark.screen(sdf, name="full_name", key="customer", index=INDEX)
    assert alerts.columns[:4] == ["customer", "query", "rank", "id"]
    rows = alerts.collect()
    got = _alerts(rows)
    assert got == cli_alerts
    best = {r["customer"]: r["id"] for r in rows if r["rank"] == 1}
    for key, sdn in want.items():
        assert best.get(key) == sdn
    assert len(want) == len(RUSSIANS)


def test_pipe_equals_cli(spark, data, cli_alerts):
    df, _ = data
    sdf = spark.createDataFrame(df[["customer", "full_name"]]).repartition(4)
    alerts = embargo.spark.screen_pipe(sdf, name="full_name", key="customer", cli=CLI, index=INDEX)
    assert _alerts(alerts.collect()) == cli_alerts


def test_evidence_and_errors(spark, data):
    df, want = data
    small = df.iloc[: N // 50].copy()
    small.loc[small.index[3], "full_name"] = ""  # a record the library refuses
    sdf = spark.createDataFrame(small)
    with pytest.raises(Exception, match="empty"):
        embargo.spark.screen(sdf, name="full_name", dob="dob", key="customer", index=INDEX).collect()
    rows = embargo.spark.screen(sdf, name="full_name", dob="dob", key="customer", index=INDEX,
                                errors="return").collect()
    errs = [r for r in rows if r["error"]]
    assert [r["customer"] for r in errs] == [small["customer"].iloc[3]]
    # per-record evidence: the same as screening each record with its birth date
    ix = embargo.Index(INDEX)
    expect = set()
    for k, n, d in small.itertuples(index=False):
        if n:
            for rank, m in enumerate(ix.screen(n, dob=d), 1):
                expect.add((k, rank, m.id, f"{m.score:.3f}"))
    assert _alerts(r for r in rows if not r["error"]) == expect


def test_shipped_index(spark, data, tmp_path):
    """An index shipped with SparkContext.addFile, named by its file name."""
    import shutil
    df, want = data
    copy = tmp_path / "shipped.idx"
    shutil.copy(INDEX, copy)
    spark.sparkContext.addFile(str(copy))
    assert not os.path.exists("shipped.idx")  # found on the workers through SparkFiles only
    rows = embargo.spark.screen(spark.createDataFrame(df.iloc[: N // 10 + 1][["customer", "full_name"]]),
                                name="full_name", key="customer", index="shipped.idx").collect()
    assert {r["customer"]: r["id"] for r in rows if r["rank"] == 1}.get(next(iter(want))) == \
        next(iter(want.values()))


def test_spark_submit_examples(data, cli_alerts, tmp_path):
    """python/examples/spark_screen.py and spark_pipe.py under spark-submit
    (local[2]) on a CSV of the first records: the CLI's alerts for them."""
    import glob
    from conftest import ROOT
    df, _ = data
    part = df.iloc[: N // 20]
    src = tmp_path / "customers.csv"
    part[["customer", "full_name"]].to_csv(src, index=False)
    keys = set(part["customer"])
    want = {a for a in cli_alerts if a[0] in keys}
    submit = os.path.join(os.path.dirname(sys.executable), "spark-submit")
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable,
               SPARK_LOCAL_IP="127.0.0.1")
    for script, extra in (("spark_screen.py", ["--index", INDEX]),
                          ("spark_pipe.py", ["--cli", CLI, "--index", INDEX])):
        out = tmp_path / script.replace(".py", ".parquet")
        r = subprocess.run([submit, "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                            "--conf", "spark.driver.bindAddress=127.0.0.1",
                            "--conf", "spark.driver.host=127.0.0.1",
                            f"{ROOT}/python/examples/{script}", str(src), str(out),
                            "--name", "full_name", "--key", "customer", *extra],
                           capture_output=True, text=True, timeout=600, env=env)
        assert r.returncode == 0, r.stderr[-2000:]
        got = pd.concat(pd.read_parquet(f) for f in glob.glob(f"{out}/*.parquet"))
        assert got["error"].isna().all()
        assert {(k, int(rk), i, f"{s:.3f}") for k, rk, i, s in
                got[["customer", "rank", "id", "score"]].itertuples(index=False)} == want, script
