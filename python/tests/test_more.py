"""compare, who, scan and build_index through the binding, each against the
CLI where the CLI has the same command."""
import os

import pytest

import embargo
from conftest import ARTICLE_FILE, INDEX, ROOT, RUSSIANS, rounded


def test_compare_equals_cli(cli):
    pairs = [("Sergey I. Kislyak", "KISLYAK, Sergei Ivanovich"), ("Kossatchev", "KOSACHEV, Konstantin"),
             ("George Bush", "George Habbash"), ("Rosneft OOO", "ROSNEFT LLC")]
    for a, b in pairs:
        c = embargo.compare(a, b)
        w = cli("compare", "--json", a, b)[0]
        assert f"{c.score:.3f}" == f"{w['score']:.3f}"
        assert rounded(c.explanation.to_dict()) == rounded(w["explanation"])
    assert embargo.compare("Sergey I. Kislyak", "KISLYAK, Sergei Ivanovich").score > 0.9
    t = embargo.compare("Acme", "ACME Trading LLC", type="organization")
    w = cli("compare", "--json", "--type", "organization", "Acme", "ACME Trading LLC")[0]
    assert f"{t.score:.3f}" == f"{w['score']:.3f}"
    with pytest.raises(embargo.QueryError):
        embargo.compare("", "x")


def test_who_equals_cli(ix, cli):
    for name in ["Konstantin Kosachyov", "Maria Butina", "Rand Paul"]:
        w = ix.who(name)
        want = cli("who", "--index", INDEX, "--json", name)[0]
        assert len(want["lists"]) == len(w.lists)
        for g, c in zip(w.lists, want["lists"]):
            assert (g.list, g.jurisdiction, g.listed, g.list_date) == \
                (c["list"], c["jurisdiction"], c["listed"], c["list_date"])
            if g.listed:
                assert (g.id, g.name, list(g.programs), g.since, g.grouped_on) == \
                    (c["id"], c["name"], c["programs"], c["since"], c["grouped_on"])
                assert (g.score is None) == ("score" not in c)
                if g.score is not None:
                    assert f"{g.score:.3f}" == f"{c['score']:.3f}"
    w = ix.who("Konstantin Kosachyov")
    assert w.id == "ofac-sdn:24231" and w.listed
    assert {x.list for x in w.lists if x.listed} >= {"ofac-sdn", "uk"}
    assert not ix.who("Rand Paul").listed


def test_reference_equals_cli(ix):
    import subprocess, json as _json
    from conftest import CLI
    r = subprocess.run([CLI, "screen", "--index", INDEX, "--json", "Putin"], capture_output=True, timeout=300)
    rec = _json.loads(r.stdout.decode().splitlines()[0])
    assert len(ix.reference) == 32 and ix.reference == rec["screened_against"]


TEXT = ("Новости — 2018-08-06. Senator Rand Paul met Konstantin Kosachyov 🇷🇺 in Moscow; "
        "Mr. Kosachyov later spoke to Леонид Слуцкий and Maria Butina.\n")


def test_scan_offsets(ix):
    r = ix.scan(TEXT)
    ids = [e.id for e in r.entities]
    assert ids[:1] == ["ofac-sdn:24231"] and "ofac-sdn:35573" in ids
    b = TEXT.encode()
    for m in r.mentions:
        # Python string indices and UTF-8 byte offsets point at the same text
        assert TEXT[m.start:m.end] == m.text
        assert b[m.byte_start:m.byte_end].decode() == m.text
        assert m.byte_start > m.start  # Cyrillic and the flag come first
    hows = {m.how for m in r.mentions}
    assert "surname after an earlier full mention" in hows
    # bytes in: the same mentions, start/end count characters
    rb = ix.scan(b)
    assert [(m.start, m.end, m.byte_start) for m in rb.mentions] == \
        [(m.start, m.end, m.byte_start) for m in r.mentions]


def test_scan_lone_surrogate(ix):
    text = "\ud800 x " + TEXT
    r = ix.scan(text)
    assert r.mentions
    for m in r.mentions:
        assert text[m.start:m.end] == m.text


def test_scan_equals_cli(ix, cli, tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(TEXT * 3, encoding="utf-8")
    for doc in (path, ARTICLE_FILE):
        if doc == ARTICLE_FILE and not os.path.isfile(doc):
            pytest.skip(f"{doc} is absent")
        text = open(doc, encoding="utf-8").read()
        want = cli("scan", "--index", INDEX, "--json", str(doc))[0]
        got = ix.scan(text).to_dict()
        assert rounded(got) == rounded({k: v for k, v in want.items() if k != "file"})
    # the article: its five Russians, every mention
    found = {e.id for e in ix.scan(text).entities}
    assert {i for _, i in RUSSIANS} <= found


def test_scan_html(ix, cli, tmp_path):
    html = ("<html><body><p>We met Maria Butina &amp; friends in Moscow with "
            "<a href='x'>Konstantin&nbsp;Kosachyov</a>.</p><script>Vladimir Putin</script></body></html>")
    r = ix.scan(html)
    assert {e.id for e in r.entities} == {"ofac-sdn:35573", "ofac-sdn:24231"}
    for m in r.mentions:  # offsets point into the HTML source
        assert html[m.start:m.end].split("&")[0].startswith(m.text.split()[0])
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    want = cli("scan", "--index", INDEX, "--json", str(path))[0]
    assert rounded(r.to_dict()) == rounded({k: v for k, v in want.items() if k != "file"})
    assert ix.scan("nothing to see", threshold=0.9).entities == ()


def test_build_index(tmp_path):
    src = os.path.join(ROOT, "data", "lists", "un")
    if not os.path.isdir(src):
        pytest.skip("data/lists/un is absent")
    out = tmp_path / "un.idx"
    stages = []
    ix = embargo.build_index([src], out, progress=lambda s, d, t: stages.append(s))
    assert out.is_file() and stages
    assert [li.name for li in ix.lists] == ["un"]
    again = embargo.Index(out)
    assert again.info.entities == ix.info.entities
    hits = again.screen("Usama bin Laden")
    assert hits and {m.list for m in hits} == {"un"}
    ix.save(tmp_path / "copy.idx")
    assert embargo.Index(tmp_path / "copy.idx").info.entities == ix.info.entities
    no_groups = embargo.build_index(src, groups=False)
    assert no_groups.path is None and no_groups.info.entities == ix.info.entities


def test_build_index_errors(tmp_path):
    with pytest.raises(embargo.EmbargoError) as e:
        embargo.build_index([tmp_path / "absent.csv"])
    assert "absent.csv" in str(e.value)
    src = os.path.join(ROOT, "data", "lists", "ofac-sdn", "sdn.csv")
    if not os.path.isfile(src):
        pytest.skip("data/lists/ofac-sdn/sdn.csv is absent")
    broken = tmp_path / "ofac"
    broken.mkdir()
    lines = open(src, "rb").read().split(b"\n")[:50]
    lines[20] = b'123,"unterminated quote,\x00,,,'
    (broken / "sdn.csv").write_bytes(b"\n".join(lines))
    with pytest.raises(embargo.ListFormatError) as e:
        embargo.build_index([broken])
    assert e.value.status == "EFORMAT" and e.value.file and e.value.line > 0
    assert e.value.message in str(e.value)
    with pytest.raises(embargo.InvalidArgumentError):
        embargo.build_index([])


def test_progress_exception_propagates(tmp_path):
    src = os.path.join(ROOT, "data", "lists", "un")
    if not os.path.isdir(src):
        pytest.skip("data/lists/un is absent")

    def boom(stage, done, total):
        raise KeyError("stop")
    with pytest.raises(KeyError):
        embargo.build_index(src, progress=boom)
