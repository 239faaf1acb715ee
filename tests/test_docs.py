"""The documentation stays true: its examples run, it covers every command, its links resolve."""
import re
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
_PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_every_python_block_of_the_api_reference_runs(nlp, tmp_path, monkeypatch, capsys):
    """The blocks of docs/api.md run in order in one namespace, as a reader would run them
    (``nlp`` makes the session's cached pipeline the one ``renovex.load()`` returns)."""
    blocks = _PYTHON_BLOCK.findall((DOCS / "api.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 10
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # what the examples save lands here
    namespace: dict = {"__name__": "api_md"}
    for number, block in enumerate(blocks, 1):
        exec(compile(block, f"docs/api.md python block {number}", "exec"), namespace)
    assert namespace["nlp"] is nlp
    assert "Kunming communities plan 230.0 agreed" in capsys.readouterr().out


def _subcommands(parser):
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices
    return {}


def test_help_works_and_cli_md_documents_every_subcommand():
    from renovex.cli import build_parser

    parser = build_parser()
    assert "consolidate" in parser.format_help()  # a stray % in a help text breaks --help
    cli_md = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = _subcommands(parser)
    assert {"extract", "evaluate", "tag", "show", "consolidate", "pack"} <= set(commands)
    for name, sub in commands.items():
        assert sub.format_help()
        for nested in _subcommands(sub).values():
            assert nested.format_help()
        assert re.search(rf"^## renovex {name}\b", cli_md, re.M), f"docs/cli.md has no section for {name!r}"


def test_the_index_lists_every_document():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    listed = set(_LINK.findall(index))
    for doc in sorted(DOCS.glob("*.md")):
        if doc.name != "index.md":
            assert doc.name in listed, f"docs/index.md does not list {doc.name}"
    for path in sorted(ROOT.glob("examples/*.py")):
        assert f"examples/{path.name}" in index, f"docs/index.md does not list examples/{path.name}"


@pytest.mark.parametrize("page", [ROOT / "README.md", *sorted(DOCS.glob("*.md"))], ids=lambda p: p.name)
def test_relative_links_resolve(page):
    for target in _LINK.findall(page.read_text(encoding="utf-8")):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (page.parent / target).exists(), f"{page.name} links to {target}, which does not exist"
