"""The registry and ``docs/checks.md`` name the same checks (the id contract)."""

from __future__ import annotations

import re
from pathlib import Path

from checks.runner import load_all

DOC = Path(__file__).parent.parent / "docs" / "checks.md"
# Ids the document says come from outside the registry (``zwgk doclist check``).
PRODUCED_ELSEWHERE = ("doclist.",)


def documented_ids() -> set[str]:
    """The ids in the first column of the document's tables."""
    return set(re.findall(r"^\| `([a-z0-9_]+\.[a-z0-9_]+)` \|", DOC.read_text(encoding="utf-8"), re.M))


def test_every_documented_id_is_registered_and_every_registered_id_documented() -> None:
    documented = documented_ids()
    registered = set(load_all())
    assert "`doclist.*`" in DOC.read_text(encoding="utf-8")  # the exception is written down
    assert {i for i in documented if not i.startswith(PRODUCED_ELSEWHERE)} == registered
    assert len(registered) >= 30


def test_every_registered_check_carries_what_officials_read() -> None:
    for check in load_all().values():
        assert check.title and check.failure_title and check.label, check.id
        assert check.id.split(".")[0] in ("disclosure", "ipv6", "interpretation", "inspection"), check.id
