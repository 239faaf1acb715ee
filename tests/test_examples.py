"""Every runnable script in examples/ runs and prints what it promises."""
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.parametrize("script", sorted(EXAMPLES.glob("*.py")), ids=lambda p: p.name)
def test_example_runs(script):
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "records" in result.stdout


def test_quickstart_finds_the_example_articles_figures():
    result = subprocess.run([sys.executable, str(EXAMPLES / "quickstart.py")], capture_output=True, text=True,
                            timeout=120)
    assert "plan     communities" in result.stdout and "Lanzhou" in result.stdout
    assert "published (from the article's furniture): 2023-03-02" in result.stdout
