"""Metric roles (issue 15, item 1): the linker treats a metric by the role the pack declares
(a rate is a level), not by the id "percent"."""
import json
import shutil
from importlib import resources

import pytest

from renovex.api import build
from renovex.engines.linking.rules import LinkRules, pack_link_rules
from renovex.engines.quantities import metric_roles
from renovex.rules import check_pack

SENTENCE = ("The city has started 1,200 old communities, and 96 percent of those planned for this year "
            "have been completed; 300 were finished in June.")


@pytest.fixture(scope="module")
def renamed_pack(tmp_path_factory):
    """The renovation pack with its percent metric called coverage_rate (the role from its unit)."""
    folder = tmp_path_factory.mktemp("packs") / "renamed"
    shutil.copytree(resources.files("renovex") / "packs" / "renovation", folder)
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    spec = metrics["metrics"].pop("percent")
    spec.pop("role", None)
    metrics["metrics"]["coverage_rate"] = spec
    (folder / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
    return folder


def test_roles_come_from_the_pack_or_the_unit():
    roles = metric_roles({"metrics": {"a": {"unit": "percent"}, "b": {"unit": "cny"}, "c": {"heads": ["x"]},
                                      "d": {"unit": "km", "role": "count"}}})
    assert roles == {"a": "rate", "b": "amount", "c": "count", "d": "count"}
    with pytest.raises(ValueError, match="role must be one of count, amount, length, area, rate"):
        metric_roles({"metrics": {"e": {"heads": ["x"], "role": "level"}}})


def test_the_rate_metrics_reach_the_linker(renamed_pack):
    assert LinkRules.from_pack().rate_metrics == frozenset({"percent"})
    assert LinkRules.from_dict(pack_link_rules(str(renamed_pack))).rate_metrics == frozenset({"coverage_rate"})


def test_a_rate_under_another_name_links_as_percent_does(renamed_pack):
    standard = [(r.text, r.kind, r.metric) for r in build()(SENTENCE)._.records]
    renamed = [(r.text, r.kind, r.metric.replace("coverage_rate", "percent"))
               for r in build(str(renamed_pack))(SENTENCE)._.records]
    assert renamed == standard


def test_pack_check_names_a_bad_role(tmp_path, renamed_pack):
    folder = tmp_path / "bad"
    shutil.copytree(renamed_pack, folder)
    metrics = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    metrics["metrics"]["coverage_rate"]["role"] = "level"
    (folder / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
    report = check_pack(str(folder))
    assert not report.ok and any("role must be one of count, amount, length, area, rate" in e for e in report.errors)
