"""Screening through the binding: the article's names, equality with the
CLI's JSON, options, and errors carrying the library's message."""
import os

import pytest

import embargo
from conftest import AMERICANS, INDEX, RUSSIANS, queries, rounded


@pytest.mark.parametrize("name,want", RUSSIANS)
def test_article_russians_found_first(ix, name, want):
    got = ix.screen(name)
    assert got, f"{name}: no match"
    assert got[0].id == want
    assert got[0].score >= embargo.DEFAULT_THRESHOLD


@pytest.mark.parametrize("name", AMERICANS)
def test_article_americans_no_match(ix, name):
    assert ix.screen(name) == []


def test_match_fields(ix):
    m = ix.screen("Konstantin Kosachyov")[0]
    assert (m.list, m.jurisdiction, m.type) == ("ofac-sdn", "US", "person")
    assert m.name == "KOSACHEV, Konstantin Iosifovich"
    assert "RUSSIA-EO14024" in m.programs
    assert m.birth_dates == ("1962-09-17",)
    # listed_by: the group across lists, this entry first, with since dates
    assert m.listed_by[0].id == "ofac-sdn:24231"
    uk = [lb for lb in m.listed_by if lb.list == "uk"]
    assert uk and uk[0].since and uk[0].grouped_with == "ofac-sdn:24231" and uk[0].grouped_on
    pairs = {(p.query, p.name): p.how for p in m.explanation.pairs}
    assert pairs[("kosachyov", "kosachev")] == "transliteration"
    assert isinstance(m.note, str)


def test_equal_to_cli_json(ix, cli):
    """Every field of every match equals `embargo screen --batch --json` on
    the same names and index (numbers as the CLI rounds them)."""
    names = [n for n, _ in RUSSIANS] + AMERICANS + ["Леонид Слуцкий", "Kossatchev"] + queries(1500)
    want = cli("screen", "--index", INDEX, "--batch", "--json", stdin="\n".join(names).encode() + b"\n")
    assert len(want) == len(names)
    got = ix.screen_many(names)
    hits = 0
    for name, w, g in zip(names, want, got):
        w.pop("line", None)
        hits += bool(g)
        assert rounded({"query": name, "matches": [m.to_dict() for m in g]}) == rounded(w), name
    assert hits > 100  # the comparison covered real matches


def test_equal_to_cli_with_options(ix, cli):
    args = ["--threshold", "0.7", "--limit", "3", "--type", "person", "--lists", "US",
            "--dob", "1962", "--country", "Russia"]
    names = [n for n, _ in RUSSIANS] + queries(200)
    want = cli("screen", "--index", INDEX, "--batch", "--json", *args,
               stdin="\n".join(names).encode() + b"\n")
    assert len(want) == len(names)
    for name, w in zip(names, want):
        w.pop("line", None)
        g = ix.screen(name, threshold=0.7, limit=3, type="person", lists="US", dob="1962",
                      country="Russia")
        assert rounded({"query": name, "matches": [m.to_dict() for m in g]}) == rounded(w), name


def test_options(ix):
    full = ix.screen("Vladimir V. Putin")
    assert {m.list for m in full} >= {"ofac-sdn", "uk"}
    assert {m.list for m in ix.screen("Vladimir V. Putin", lists="UK")} == {"uk"}
    assert {m.list for m in ix.screen("Vladimir V. Putin", lists=["ofac-sdn"])} == {"ofac-sdn"}
    assert len(ix.screen("Vladimir V. Putin", limit=1)) == 1
    assert ix.screen("Vladimir V. Putin", type="organization") == []
    assert all(m.score >= 0.99 for m in ix.screen("Vladimir V. Putin", threshold=0.99))
    # evidence: a birth year that differs lowers the score
    same = ix.screen("Konstantin Kosachyov", dob="1962-09-17")[0].score
    other = ix.screen("Konstantin Kosachyov", dob="1980", threshold=0.5)[0].score
    assert other < same
    assert ix.screen(b"Maria Butina")[0].id == "ofac-sdn:35573"


@pytest.mark.parametrize("name,fragment", [
    ("", "empty"),
    ("x" * 2000, "long"),
    ("Maria\x01Butina", "control"),
    ("Maria \ud800Butina", "UTF-8"),
    (b"Maria \xff Butina", "UTF-8"),
])
def test_bad_query_raises_library_message(ix, name, fragment):
    with pytest.raises(embargo.QueryError) as e:
        ix.screen(name)
    assert e.value.status == "EQUERY"
    assert fragment.lower() in str(e.value).lower()
    assert isinstance(e.value, ValueError)


def test_bad_options(ix):
    with pytest.raises(embargo.QueryError, match="not a date"):
        ix.screen("Maria Butina", dob="1962-13-45")
    with pytest.raises(embargo.QueryError, match="unknown country"):
        ix.screen("Maria Butina", country="Atlantis")
    with pytest.raises(embargo.InvalidArgumentError, match="threshold"):
        ix.screen("Maria Butina", threshold=1.5)
    with pytest.raises(embargo.InvalidArgumentError, match="nowhere"):
        ix.screen("Maria Butina", lists="US,nowhere")
    with pytest.raises(embargo.InvalidArgumentError, match="unknown type"):
        ix.screen("Maria Butina", type="planet")
    with pytest.raises(TypeError):
        ix.screen(42)


def test_index_errors(tmp_path):
    with pytest.raises(embargo.FileError) as e:
        embargo.Index(tmp_path / "absent.idx")
    assert e.value.status == "EIO" and isinstance(e.value, OSError)
    bad = tmp_path / "bad.idx"
    bad.write_bytes(b"not an index at all" * 100)
    with pytest.raises(embargo.IndexFormatError) as e:
        embargo.Index(bad)
    assert e.value.message
    with pytest.raises(embargo.IndexFormatError):
        embargo.Index.from_bytes(b"\0" * 64)


def test_truncated_index(tmp_path):
    data = open(INDEX, "rb").read() if os.path.isfile(INDEX) else pytest.skip("no index")
    t = tmp_path / "cut.idx"
    t.write_bytes(data[: len(data) // 2])
    with pytest.raises(embargo.IndexFormatError):
        embargo.Index(t)
    # the whole image opens from memory and finds the same
    ix = embargo.Index.from_bytes(data)
    assert ix.screen("Maria Butina")[0].id == "ofac-sdn:35573"
    ix.close()


def test_index_info_and_entity(ix):
    assert len(ix) == ix.info.entities > 1000
    names = {li.name for li in ix.lists}
    assert {"ofac-sdn", "uk", "un"} <= names
    sdn = [li for li in ix.lists if li.name == "ofac-sdn"][0]
    assert sdn.jurisdiction == "US" and len(sdn.sha256) == 64 and sdn.entities > 1000
    e = ix.entity("ofac-sdn:24231")
    assert e.name == "KOSACHEV, Konstantin Iosifovich" and e.type == "person"
    assert e.names[0].kind == "primary"
    assert e.field("birth_date") == ("1962-09-17",)
    assert ix.same_group("ofac-sdn:24231", "uk:RUS0879")
    assert not ix.same_group("ofac-sdn:24231", "ofac-sdn:35573")
    with pytest.raises(embargo.NotFoundError):
        ix.entity("ofac-sdn:0")


def test_closed_index():
    ix = embargo.Index(INDEX) if os.path.isfile(INDEX) else pytest.skip("no index")
    assert ix.screen("Maria Butina")
    ix.close()
    assert ix.closed
    with pytest.raises(ValueError, match="closed"):
        ix.screen("Maria Butina")


def test_default_index(monkeypatch):
    monkeypatch.setenv("EMBARGO_INDEX", INDEX)
    assert embargo.default_index_path() == INDEX
    with embargo.Index() as ix:
        assert ix.screen("Maria Butina")[0].id == "ofac-sdn:35573"
    monkeypatch.delenv("EMBARGO_INDEX")
    # installed beside the package (make test installs it so)
    path = embargo.default_index_path()
    assert os.path.isfile(path)


def test_version():
    assert embargo.version() == embargo.__version__
    assert embargo.__version__.count(".") == 2
