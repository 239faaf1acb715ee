"""Processed Docs serialise (msgpack codecs of renovex values), the pipeline pickles, and
worker processes give exactly the records of one process, failures included."""
import json
import multiprocessing
import pickle
from datetime import date, datetime

import pytest
import srsly
from spacy.tokens import Doc, DocBin

import renovex
from renovex.api import make_doc
from renovex.pipeline.extensions import SPAN_GROUP
from renovex.engines.gazetteer import Entry, Place
from renovex.engines.patterns import PatternRule
from renovex.engines.quantities import QuantityMatch
from renovex.core.records import Record
from renovex.engines.terms import PolicyTerm
from renovex.engines.timex import TimeMatch

PLACE = Place(code="210100", name="Shenyang", level="prefecture", parent="210000", province="Liaoning")
VALUES = [
    date(2023, 3, 5),
    PLACE,
    Entry(place=PLACE, forms=("Shenyang", "Mukden"), suffix_only=True),
    TimeMatch(start=3, end=40, label="PERIOD", period=(2021, 2025), as_of=date(2022, 6, 30), type="fyp",
              relative=True, rule="fyp", day=date(2022, 1, 2), since_year=2019),
    QuantityMatch(start=1, end=30, number_start=1, number_end=6, value=1200.0, value_max=1500.5,
                  approx="about", unit="count", unit_text="old communities", metric="communities", rule="digits"),
    PolicyTerm(id="works.elevator", category="works", label="elevator installation",
               phrases=("elevator installation", "installing elevators"),
               patterns=(({"LOWER": {"IN": ["lift", "elevator"]}}, {"LOWER": "retrofit", "OP": "?"}),),
               note="a note"),
    PatternRule(id="project.named", label="PROJECT", pattern="sunshine project"),
    PatternRule(id="project.token", label="PROJECT",
                pattern=({"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": ["project", "programme"]}})),
    Record(doc="a1", kind="plan", metric="communities", value=1200.0, value_max=None, approx="about",
           location="Shenyang", province="Liaoning", period={"start": 2021, "end": 2025}, as_of="2022-06-30",
           text="about 1,200 old communities", start=10, end=37, sentence="...", group=3,
           terms=["works.elevator"], rules={"kind": "cue:plan.plans_to"}),
]


@pytest.mark.parametrize("value", VALUES, ids=[f"{type(v).__name__}{i}" for i, v in enumerate(VALUES)])
@pytest.mark.parametrize("use_list", [True, False], ids=["Doc.from_bytes", "DocBin"])
def test_values_come_back_as_the_same_class_with_the_same_field_types(value, use_list):
    # Doc.from_bytes unpacks arrays as lists, DocBin as tuples: both must give the original back.
    back = srsly.msgpack_loads(srsly.msgpack_dumps({"v": value}), use_list=use_list)["v"]
    assert type(back) is type(value)
    assert back == value
    assert repr(back) == repr(value)  # same container types inside (tuple vs list), not just equal


def test_other_objects_are_left_to_other_codecs():
    with pytest.raises(TypeError):
        srsly.msgpack_dumps(datetime(2023, 3, 5, 12, 0))  # a datetime is not silently cut to a date
    plain = {"__renovex__": "NoSuchClass", "v": 1}
    assert srsly.msgpack_loads(srsly.msgpack_dumps(plain)) == plain


ARTICLE = ("On March 3, 2023, Shenyang city in Liaoning Province said it plans to renovate about 1,200 old "
           "communities during the 14th Five-Year Plan period, with elevator installation and 3.5 billion yuan "
           "invested. As of the end of June, Hebei had completed 300 old residential areas, benefiting 45,000 households.")


def _entities(doc: Doc) -> list[tuple]:
    return sorted((s.start_char, s.end_char, s.label_, repr(s._.value), s._.rule) for s in doc.spans[SPAN_GROUP])


def test_processed_doc_survives_docbin_with_user_data(nlp):
    doc = nlp(make_doc(nlp, ARTICLE, "2023-03-05", "a1"))
    assert doc._.records and {type(s._.value) for s in doc.spans[SPAN_GROUP]} >= {Place, TimeMatch, QuantityMatch,
                                                                                   PolicyTerm}
    data = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    (back,) = DocBin().from_bytes(data).get_docs(nlp.vocab)
    assert list(back._.records) == doc._.records  # DocBin gives user-data arrays back as tuples
    assert back._.published == date(2023, 3, 5) and back._.article_id == "a1"
    assert _entities(back) == _entities(doc)


def test_processed_doc_survives_to_bytes(nlp):
    doc = nlp(make_doc(nlp, ARTICLE, "2023-03-05", "a1"))
    back = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert back._.records == doc._.records
    assert _entities(back) == _entities(doc)


def test_the_pipeline_pickles_and_the_copy_gives_the_same_records(nlp):
    copy = pickle.loads(pickle.dumps(nlp))
    assert [name for name, _ in copy.pipeline] == [name for name, _ in nlp.pipeline]
    assert renovex.extract(ARTICLE, "2023-03-05", "a1", nlp=copy) == renovex.extract(ARTICLE, "2023-03-05", "a1", nlp=nlp)


PLACES = ["Shenyang city", "Hebei Province", "Wuhu", "Chengdu, Sichuan Province", "Jilin", "Xinjiang"]


def _articles(count: int) -> list[dict]:
    out = []
    for i in range(count):
        place = PLACES[i % len(PLACES)]
        text = (f"In {2019 + i % 5}, {place} plans to renovate {100 + 37 * i:,} old communities, benefiting "
                f"{1000 + 113 * i:,} households. So far it has installed {10 + i} elevators."
                if i % 3 else
                f"{place} has completed the renovation of {200 + i} old residential areas since 2020, "
                f"with an investment of {1 + i / 10:.1f} billion yuan.")
        out.append({"id": f"n{i}", "text": text, "published": f"2023-0{1 + i % 9}-15"})
    return out


def test_extract_many_with_two_processes_gives_the_same_records_in_order(nlp):
    articles = _articles(20)
    one = list(renovex.extract_many(articles, nlp=nlp, batch_size=4))
    two = list(renovex.extract_many(articles, nlp=nlp, batch_size=4, n_process=2))
    assert sum(map(len, one)) > 20
    assert two == one


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the failing component is monkeypatched, which only forked workers see")
def test_cli_with_two_processes_writes_the_same_and_reports_the_failing_article(tmp_path, capsys, monkeypatch,
                                                                               caplog):
    import renovex.pipeline.components.records as records_component
    from renovex.cli import main

    real_link = records_component.link

    def fragile_link(text, *args, **kwargs):
        if "Xinjiang" in text:
            raise RuntimeError("boom")
        return real_link(text, *args, **kwargs)

    monkeypatch.setattr(records_component, "link", fragile_link)
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(a) + "\n" for a in _articles(20)), encoding="utf-8")
    outputs = {}
    for n in ("1", "2"):
        assert main(["extract", str(feed), "--n-process", n, "-o", str(tmp_path / f"out{n}.jsonl")]) == 1
        err = capsys.readouterr().err
        outputs[n] = (tmp_path / f"out{n}.jsonl").read_text(encoding="utf-8")
        # every sixth article names Xinjiang: n5, n11, n17 fail, each reported by id; the others are written
        for failed in ("n5", "n11", "n17"):
            assert f"article {failed}: renovex_records failed: RuntimeError: boom" in err
        assert "17 articles" in err and "3 errors" in err
    docs = [json.loads(line)["doc"] for line in outputs["1"].splitlines()]
    assert "n5" not in docs and docs.index("n4") < docs.index("n6") < docs.index("n19")
    assert outputs["2"] == outputs["1"]
    assert "worker process stopped" not in caplog.text  # the workers did the work, not a fallback here


def test_a_failure_is_reported_by_extract_jobs_in_one_process_too(nlp, monkeypatch):
    import renovex.pipeline.components.records as records_component
    from renovex.pipeline.batch import Failure, Job, extract_jobs

    real_link = records_component.link
    monkeypatch.setattr(records_component, "link",
                        lambda text, *a, **k: (_ for _ in ()).throw(ValueError("bad")) if "Wuhu" in text
                        else real_link(text, *a, **k))
    jobs = [Job(a["id"], a["text"], date.fromisoformat(a["published"])) for a in _articles(4)]
    results = list(extract_jobs(nlp, jobs, batch_size=2))
    assert [job for job, _ in results] == jobs
    assert [type(r).__name__ for _, r in results] == ["list", "list", "Failure", "list"]
    assert results[2][1] == Failure("n2", "renovex_records failed: ValueError: bad")
    assert results[1][1] and all(record.doc == "n1" for record in results[1][1])


def _parallel_jobs(count: int):
    from renovex.pipeline.batch import Job

    return [Job(a["id"], a["text"], date.fromisoformat(a["published"])) for a in _articles(count)]


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the crashing component is monkeypatched, which only forked workers see")
def test_a_worker_that_dies_loses_nothing(nlp, monkeypatch, caplog):
    import os

    import renovex.pipeline.components.records as records_component
    from renovex.pipeline.batch import extract_jobs

    jobs = _parallel_jobs(12)
    expected = list(extract_jobs(nlp, jobs, batch_size=2))
    real_link = records_component.link

    def deadly_link(text, *args, **kwargs):
        if "Xinjiang" in text and multiprocessing.current_process().name != "MainProcess":
            os._exit(3)  # as a killed or crashed worker would
        return real_link(text, *args, **kwargs)

    monkeypatch.setattr(records_component, "link", deadly_link)
    assert list(extract_jobs(nlp, jobs, batch_size=2, n_process=2)) == expected
    assert "worker process stopped" in caplog.text


def test_a_pool_that_breaks_while_batches_are_submitted_loses_nothing(nlp, monkeypatch, caplog):
    """Issue 16: a worker that died between two results made the next submit raise
    BrokenProcessPool, which escaped: the run crashed and half the records were lost
    (2 runs in 12). Here the pool refuses its third batch, as a broken one does."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from renovex.pipeline.batch import extract_jobs

    jobs = _parallel_jobs(12)
    expected = list(extract_jobs(nlp, jobs, batch_size=2))
    real_submit = ProcessPoolExecutor.submit
    calls = []

    def breaking_submit(self, *args, **kwargs):
        calls.append(1)
        if len(calls) >= 3:
            raise BrokenProcessPool("A child process terminated abruptly")
        return real_submit(self, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", breaking_submit)
    assert list(extract_jobs(nlp, jobs, batch_size=2, n_process=2)) == expected
    assert "worker process stopped" in caplog.text


def test_workers_read_the_input_as_they_go(nlp):
    """Only a few batches are in flight: a feed of any length runs in bounded memory."""
    from renovex.pipeline.batch import extract_jobs

    pulled = []

    def feed():
        for job in _parallel_jobs(40):
            pulled.append(job.article_id)
            yield job

    results = extract_jobs(nlp, feed(), batch_size=2, n_process=2)
    first = next(results)
    assert first[0].article_id == "n0"
    assert len(pulled) <= 2 * 2 * 2 + 2  # 2 batches per worker, and the one being read
    assert [job.article_id for job, _ in [first, *results]] == [f"n{i}" for i in range(40)]


def test_extract_many_with_workers_raises_a_component_error(nlp, monkeypatch):
    import renovex.pipeline.components.records as records_component

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the failing component is monkeypatched, which only forked workers see")
    monkeypatch.setattr(records_component, "link", lambda *a, **k: (_ for _ in ()).throw(ValueError("bad")))
    with pytest.raises(ValueError, match="bad"):
        list(renovex.extract_many(_articles(6), nlp=nlp, batch_size=2, n_process=2))


def test_run_in_batches_gives_a_component_with_pipe_the_batch_and_keeps_order(nlp):
    from renovex.pipeline.batch import Failure, run_in_batches

    class Counting:
        """A user's component with its own pipe, like a statistical one."""

        def __init__(self):
            self.batches: list[int] = []

        def __call__(self, doc):
            raise AssertionError("a batched component is called through pipe")

        def pipe(self, docs, batch_size=128):
            docs = list(docs)
            self.batches.append(len(docs))
            for doc in docs:
                doc.user_data["seen"] = True
                yield doc

    counting = Counting()
    pipeline = nlp.pipeline + [("counting", counting)]

    class Stub:
        """nlp with one extra component, without touching the shared pipeline."""

        def __init__(self):
            self.pipeline = pipeline

    docs = [make_doc(nlp, a["text"], a["published"], a["id"]) for a in _articles(5)]
    results = list(run_in_batches(Stub(), docs, batch_size=2))
    assert counting.batches == [2, 2, 1]
    assert [d._.article_id for d in results] == [f"n{i}" for i in range(5)]
    assert all(d.user_data["seen"] and not isinstance(d, Failure) for d in results)


def test_extract_many_in_one_process_raises_a_component_error(nlp, monkeypatch):
    import renovex.pipeline.components.records as records_component

    monkeypatch.setattr(records_component, "link", lambda *a, **k: (_ for _ in ()).throw(ValueError("bad")))
    with pytest.raises(ValueError, match="bad"):
        list(renovex.extract_many(["Beijing will renovate 3 old communities."], nlp=nlp))
