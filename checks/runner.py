"""Run every registered check over a unit's snapshot."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable

from checks.base import REGISTRY, Check, CheckResult
from config.settings import Settings
from storage.snapshot import UnitSnapshot

log = logging.getLogger(__name__)

# The check families; importing one registers its checks.
FAMILIES = ("checks.disclosure", "checks.ipv6", "checks.interpretation", "checks.inspection")


def load_all() -> dict[str, Check]:
    for family in FAMILIES:
        importlib.import_module(family)
    return REGISTRY


def run_checks(
    snapshot: UnitSnapshot, settings: Settings, *, only: Iterable[str] | None = None
) -> list[CheckResult]:
    """Each check's result; a check that raises becomes an undecided result, never a crash."""
    checks = load_all()
    wanted = set(only) if only is not None else None
    results = []
    for check_id, check in sorted(checks.items()):
        if wanted is not None and not any(check_id == w or check_id.startswith(w + ".") for w in wanted):
            continue
        try:
            results.append(check.run(snapshot, settings))
        except Exception as exc:
            log.exception("check %s failed on %s", check_id, snapshot.unit.id)
            results.append(
                CheckResult(
                    check_id=check_id,
                    unit_id=snapshot.unit.id,
                    score=None,
                    display_value="检查程序出错 check crashed",
                    undecided_reason=f"{type(exc).__name__}: {exc}",
                )
            )
    return results


def topics() -> dict[str, str]:
    return {check_id: check.topic for check_id, check in load_all().items()}
