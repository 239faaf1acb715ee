"""docs/rules.md explains every rule id renovex gives on our corpora (issue 14: a glossary of
every rule id), so a rule added without its line in the glossary fails here."""
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
_TOKENS = {name for cell in re.findall(r"^\| ([^|]*`[^|]+) \|", GLOSSARY, re.M)
           for name in re.findall(r"`([^`]+)`", cell)}
LISTED = _TOKENS | {token.split(":")[0] for token in _TOKENS} | {
    match.group() for token in _TOKENS if (match := re.match(r"->[a-z_]+|\+[a-z_]+", token))}


def _family(rule_id: str) -> str:
    return re.split(r":|\+|->", rule_id)[0]


def _snapshot_rows():
    for path in sorted((ROOT / "tests" / "golden").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            yield json.loads(line)


def _unexplained() -> set[str]:
    missing: set[str] = set()

    def need(name: str, where: str) -> None:
        if name not in LISTED:
            missing.add(f"{where}: {name}")

    for row in _snapshot_rows():
        if "entity" in row and row["entity"][2] in ("PERIOD", "DATE"):
            need(_family(row["entity"][3]), "time rule")
        record = row.get("record")
        if not record:
            continue
        rules = record["rules"]
        need(_family(rules["metric"]), "metric")
        kind = rules["kind"].removeprefix("repeat:")
        need(_family(kind), "kind")
        if "+" in kind:
            need("ID+past_period" if kind.endswith("+past_period") else kind, "kind")
        need(rules["location"], "location")
        period = rules["period"].removeprefix("repeat:")
        how, _, rest = period.partition(":")
        need(how, "period")
        if how in ("clause", "sentence", "paragraph", "deadline", "list_lead_in", "article", "comparison",
                   "cumulative_since") and rest:
            need(_family(rest), "time rule")
            for modifier in re.findall(r"(->[a-z_]+|\+[a-z_]+)", rest):
                need(modifier, "period modifier")
        for part in rules["value"].split("|"):
            need(part.partition(":")[0], "value")
    return missing


def test_every_rule_id_on_our_corpora_is_in_the_glossary():
    assert _unexplained() == set()


def test_the_glossary_check_sees_a_missing_id():
    assert "clause_before" in LISTED and "year_range" in LISTED and "+since_then" in LISTED
    assert "no_such_rule" not in LISTED
