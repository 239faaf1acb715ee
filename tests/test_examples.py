"""Every runnable script in examples/ runs and prints what it promises.

The scripts run in this process (``runpy``, as ``__main__``), sharing the test session's
cached pipeline; one of them also runs as a separate script, as a user would start it.
"""
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("script", sorted(EXAMPLES.glob("*.py")), ids=lambda p: p.name)
def test_example_runs(script, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "argv", [str(script)])
    monkeypatch.chdir(tmp_path)  # anything a script writes beside it lands here
    runpy.run_path(str(script), run_name="__main__")
    assert "records" in capsys.readouterr().out


def test_quickstart_runs_as_a_script_and_finds_the_example_articles_figures():
    result = subprocess.run([sys.executable, str(EXAMPLES / "quickstart.py")], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "plan     communities" in result.stdout and "Lanzhou" in result.stdout
    assert "published (from the article's furniture): 2023-03-02" in result.stdout
