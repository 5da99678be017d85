"""embargo.pandas.screen: a DataFrame in, a DataFrame of alerts out, with the
input key, equal to screening each record by itself."""
import pytest

import embargo
from conftest import AMERICANS, INDEX, RUSSIANS

pd = pytest.importorskip("pandas")
import embargo.pandas  # noqa: E402


@pytest.fixture
def customers():
    names = [n for n, _ in RUSSIANS] + AMERICANS
    return pd.DataFrame({"customer_id": [f"C{i:03d}" for i in range(len(names))], "full_name": names,
                         "dob": ["1962-09-17", None, "", "1988", None, None, None, None, None, None],
                         "nationality": ["Russia"] + [None] * (len(names) - 1)})


def test_alerts_with_key(ix, customers):
    a = embargo.pandas.screen(customers, name="full_name", dob="dob", country="nationality",
                              key="customer_id", index=ix)
    assert list(a.columns[:4]) == ["customer_id", "query", "rank", "id"]
    best = a[a["rank"] == 1].set_index("customer_id")["id"].to_dict()
    want = {f"C{i:03d}": i_d for i, (_, i_d) in enumerate(RUSSIANS)}
    assert best == want  # the five Russians, none of the Americans
    # each record's alerts are what screen() gives for it
    for i, row in customers.iterrows():
        ms = ix.screen(row.full_name, dob=row.dob or None, country=row.nationality)
        got = a[a.customer_id == row.customer_id]
        assert got["id"].tolist() == [m.id for m in ms]
        assert got["score"].tolist() == [m.score for m in ms]
    assert a["score"].dtype == "float64" and a["rank"].dtype == "int64"
    assert "error" not in a.columns
    lb = a[a["id"] == "ofac-sdn:24231"]["listed_by"].iloc[0]
    assert lb[0] == "US ofac-sdn:24231" and any(s.startswith("UK uk:") for s in lb)


def test_index_as_key_and_clashing_key(ix, customers):
    a = embargo.pandas.screen(customers.set_index("customer_id"), name="full_name", index=ix)
    assert a.columns[0] == "customer_id" and "C000" in set(a["customer_id"])
    b = customers.rename(columns={"customer_id": "id"})
    a = embargo.pandas.screen(b, name="full_name", key="id", index=ix)
    assert a.columns[0] == "input_id" and a["id"].iloc[0] == "ofac-sdn:24231"
    none = embargo.pandas.screen(customers.iloc[5:], name="full_name", key="customer_id", index=ix)
    assert len(none) == 0 and list(none.columns[:2]) == ["customer_id", "query"]


def test_errors(ix, customers):
    bad = pd.concat([customers, pd.DataFrame({"customer_id": ["X1", "X2"], "full_name": ["", None],
                                              "dob": [None, None], "nationality": [None, None]})])
    with pytest.raises(embargo.QueryError):
        embargo.pandas.screen(bad, name="full_name", key="customer_id", index=ix)
    a = embargo.pandas.screen(bad, name="full_name", key="customer_id", index=ix, errors="return")
    errs = a[a["error"].notna()]
    assert errs["customer_id"].tolist() == ["X1", "X2"]
    assert all(isinstance(e, str) and e for e in errs["error"])
    with pytest.raises(KeyError, match="nope"):
        embargo.pandas.screen(customers, name="nope", index=ix)


def test_default_index(customers, monkeypatch):
    monkeypatch.setenv("EMBARGO_INDEX", INDEX)
    a = embargo.pandas.screen(customers, name="full_name", key="customer_id")
    assert set(a["id"][a["rank"] == 1]) == {i for _, i in RUSSIANS}


def test_example_screen_csv(tmp_path, customers):
    """python/examples/screen_csv.py: a CSV of customers in, alerts out."""
    import subprocess
    import sys
    from conftest import ROOT
    src, out = tmp_path / "customers.csv", tmp_path / "alerts.csv"
    bad = pd.DataFrame({"customer_id": ["X1"], "full_name": [""], "dob": [""], "nationality": [""]})
    pd.concat([customers, bad]).to_csv(src, index=False)
    r = subprocess.run([sys.executable, f"{ROOT}/python/examples/screen_csv.py", str(src), str(out),
                        "--name", "full_name", "--key", "customer_id", "--dob", "dob",
                        "--index", INDEX], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    a = pd.read_csv(out)
    assert set(a["id"][a["rank"] == 1]) == {i for _, i in RUSSIANS}
    assert a[a["error"].notna()]["customer_id"].tolist() == ["X1"]
    assert "1 records refused" in r.stdout
