"""A time budget per article: a slow article is stopped, reported and skipped; the rest go on."""
import re
import signal
import threading
import time
import warnings

import pytest
from spacy.language import Language

from renovex.api import build, extract_many
from renovex.pipeline.batch import Failure, Job, extract_jobs
from renovex.cli import main
from renovex.pipeline.time_budget import OverBudget, OverBudgetWarning, time_limit

SLOW_MARK = "STALL"


@Language.component("renovex_test_stall")
def stall(doc):
    """Spins (in Python, then in the regex engine) on a text with the mark: a rule gone wrong."""
    if SLOW_MARK in doc.text:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            re.match(r"(a+)+$", "a" * 26 + "b")
    return doc


@pytest.fixture(scope="module")
def stalling_nlp():
    nlp = build()
    nlp.add_pipe("renovex_test_stall", first=True)
    return nlp


GOOD = "In 2023, Hebei plans to renovate 1,250 old communities."
SLOW = f"{SLOW_MARK}. In 2022, Hubei renovated 640 old communities."


def test_a_slow_article_is_stopped_and_reported_and_the_others_go_on(stalling_nlp):
    jobs = [Job("a", GOOD), Job("slow", SLOW), Job("c", GOOD)]
    started = time.monotonic()
    results = list(extract_jobs(stalling_nlp, jobs, time_budget=0.3))
    assert time.monotonic() - started < 10
    assert [job.article_id for job, _ in results] == ["a", "slow", "c"]
    failure = results[1][1]
    assert isinstance(failure, Failure) and failure.article_id == "slow"
    assert failure.message == "renovex_test_stall: over the time budget of 0.3 s for one article; skipped"
    assert [r.value for r in results[0][1]] == [r.value for r in results[2][1]] == [1250]


def test_extract_many_yields_nothing_for_a_slow_article_and_warns(stalling_nlp):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = list(extract_many([GOOD, SLOW], nlp=stalling_nlp, time_budget=0.3))
    assert [[r.value for r in records] for records in out] == [[1250], []]
    assert [w.category for w in caught] == [OverBudgetWarning]
    assert "over the time budget of 0.3 s" in str(caught[0].message)


def test_time_limit_interrupts_a_block_and_puts_the_callers_handler_back():
    def mine(signum, frame):
        pass

    old = signal.signal(signal.SIGALRM, mine)
    try:
        with pytest.raises(OverBudget):
            with time_limit(0.05):
                time.sleep(5)
        assert signal.getsignal(signal.SIGALRM) is mine
        assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
        with time_limit(1.0):
            pass  # a block that ends in time leaves no timer running
        assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    finally:
        signal.signal(signal.SIGALRM, old)


def test_no_limit_off_the_main_thread_or_without_a_budget():
    finished = []

    def work():
        with time_limit(0.01):
            time.sleep(0.05)
        finished.append(True)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert finished == [True]
    with time_limit(None):
        time.sleep(0.01)
    with time_limit(0):
        time.sleep(0.01)


@pytest.mark.parametrize("value", ["-1", "soon", "nan", "inf"])
def test_the_command_line_refuses_a_budget_that_is_not_seconds(value, tmp_path, capsys):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "x"}\n')
    with pytest.raises(SystemExit) as exit_:
        main(["extract", str(feed), "--time-budget", value])
    assert exit_.value.code == 2 and "--time-budget" in capsys.readouterr().err


def test_the_command_line_takes_a_budget(tmp_path, capsys):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(f'{{"id": "a", "text": "{GOOD}"}}\n')
    assert main(["extract", str(feed), "--time-budget", "0"]) == 0
    assert main(["extract", str(feed), "--time-budget", "2.5"]) == 0
    assert capsys.readouterr().out.count('"value": 1250') == 2


def test_the_budget_holds_in_worker_processes(stalling_nlp):
    jobs = [Job("a", GOOD), Job("slow", SLOW), Job("c", GOOD)]
    results = list(extract_jobs(stalling_nlp, jobs, batch_size=1, n_process=2, time_budget=0.3))
    assert [type(out).__name__ for _, out in results] == ["list", "Failure", "list"]
