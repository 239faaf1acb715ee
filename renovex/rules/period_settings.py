"""``pack check`` for linking.json's period settings per metric role (``as_of_only_period``,
``deadline_period``, ``cumulative_period``): each an object of role -> one of its values."""
from __future__ import annotations

from typing import Any

from ..engines.linking.period_ladder import AS_OF_ONLY_PERIODS, CUMULATIVE_PERIODS
from ..engines.linking.periods import DEADLINE_PERIODS
from ..engines.quantities import METRIC_ROLES
from .files import _JsonFile

PERIOD_SETTINGS = {"as_of_only_period": AS_OF_ONLY_PERIODS, "deadline_period": DEADLINE_PERIODS,
                   "cumulative_period": CUMULATIVE_PERIODS}
"""linking.json key -> the values a metric role may take."""


def check_period_settings(f: _JsonFile, data: dict[str, Any]) -> None:
    """Each period setting is an object of metric role -> one of its values; names the key."""
    for key, values in PERIOD_SETTINGS.items():
        setting = data.get(key, {})
        if not isinstance(setting, dict):
            f.error((key,), f"must be an object of metric role ({', '.join(METRIC_ROLES)}) -> "
                    f"{' or '.join(values)}, got {setting!r}")
            continue
        for role, how in setting.items():
            if role not in METRIC_ROLES:
                f.error((key, role), f"unknown metric role {role!r}; roles: {', '.join(METRIC_ROLES)}")
            elif how not in values:
                f.error((key, role), f"must be {' or '.join(values)}, got {how!r}")
