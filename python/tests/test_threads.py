"""Threads: screen_many in parallel equals screen one by one, and one Index
shared by many Python threads finds what one thread finds."""
import os
import threading

import pytest

import embargo
from conftest import INDEX, RUSSIANS, queries


def _key(results):
    return [[(m.id, m.score, m.matched_name) for m in r] for r in results]


def test_screen_many_equals_screen(ix):
    names = queries(600) + [n for n, _ in RUSSIANS]
    one = [ix.screen(n) for n in names]
    for threads in (1, 2, 4):
        assert _key(ix.screen_many(names, threads=threads, chunk=16)) == _key(one)
    assert ix.screen_many([]) == []
    assert ix.screen_many(iter(["Maria Butina"]))[0][0].id == "ofac-sdn:35573"


def test_screen_many_per_item_evidence(ix):
    names = ["Konstantin Kosachyov"] * 3
    dobs = ["1962-09-17", None, "1980"]
    got = ix.screen_many(names, dob=dobs, threshold=0.5)
    want = [ix.screen(n, dob=d, threshold=0.5) for n, d in zip(names, dobs)]
    assert _key(got) == _key(want)
    assert got[2][0].score < got[0][0].score
    assert _key(ix.screen_many(names, country="Russia")) == \
        _key([ix.screen(n, country="Russia") for n in names])
    import datetime
    assert _key(ix.screen_many(names, dob=[datetime.date(1962, 9, 17), None,
                                           datetime.datetime(1980, 1, 1, 12, 0)], threshold=0.5)) == \
        _key(want)
    with pytest.raises(embargo.QueryError, match="not a date") as e:
        ix.screen_many(names, dob="1962-13-01")
    assert e.value.position is None  # one error for all, before screening
    with pytest.raises(embargo.QueryError, match="unknown country"):
        ix.screen_many(names, country="Atlantis", errors="return")
    got = ix.screen_many(names, country=["Russia", "Atlantis", None], errors="return")
    assert isinstance(got[1], embargo.QueryError) and got[1].position == 1 and got[0] and got[2]
    with pytest.raises(ValueError, match="2 values for 3 names"):
        ix.screen_many(names, dob=["1962", "1963"])


def test_screen_many_errors(ix):
    names = ["Maria Butina", "", None, float("nan"), "Sergey I. Kislyak"]
    with pytest.raises(embargo.QueryError) as e:
        ix.screen_many(names, threads=1)
    assert e.value.position == 1 and "item 1" in str(e.value)
    got = ix.screen_many(names, errors="return", threads=2, chunk=1)
    assert got[0][0].id == "ofac-sdn:35573" and got[4][0].id == "ofac-sdn:36820"
    assert all(isinstance(g, embargo.QueryError) for g in got[1:4])
    assert [g.position for g in got[1:4]] == [1, 2, 3]
    with pytest.raises(ValueError):
        ix.screen_many(names, errors="ignore")


def test_shared_index_many_threads(ix):
    names = queries(300) + [n for n, _ in RUSSIANS]
    want = _key([ix.screen(n) for n in names])
    got = {}
    errors = []
    start = threading.Barrier(8)

    def run(k):
        try:
            start.wait()
            # each thread in its own order, mixing the calls that use matchers and scanners
            order = names[k * 37 % len(names):] + names[:k * 37 % len(names)]
            res = {n: ix.screen(n) for n in order}
            ix.scan("Konstantin Kosachyov met Maria Butina.")
            embargo.compare("Sergey I. Kislyak", "KISLYAK, Sergei Ivanovich")
            got[k] = _key([res[n] for n in names])
        except BaseException as e:  # reported below
            errors.append(e)
    ts = [threading.Thread(target=run, args=(k,)) for k in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors, errors
    assert all(got[k] == want for k in range(8))


def test_concurrent_screen_many_and_close():
    if not os.path.isfile(INDEX):
        pytest.skip("no index")
    ix = embargo.Index(INDEX)
    names = queries(2000)
    out = []
    started = threading.Event()

    def gen():  # read by screen_many once it holds the index
        started.set()
        yield from names
    t = threading.Thread(target=lambda: out.append(ix.screen_many(gen(), threads=2)))
    t.start()
    started.wait()
    ix.close()  # the running batch keeps what it uses; new calls are refused
    t.join()
    assert len(out) == 1 and len(out[0]) == len(names)
    with pytest.raises(ValueError):
        ix.screen_many(names[:1])
