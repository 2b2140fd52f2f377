"""Every sandbox unit's document list (written by the generator, with planted false claims,
broken links, omissions, 文号 gaps and attribute overuse) cross-checked against its site:
recall and precision of every ``doclist.*`` id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checks.context import CheckContext
from checks.doclist import crosscheck, read_doclist
from checks.groundtruth import match_findings
from config.settings import Settings
from zwgk.commands.doclist_cmd import listed_urls, with_fetched

pytest.importorskip("sandbox.doclists")
pytestmark = pytest.mark.slow


def test_doclists_recall_and_precision(
    sandbox_snapshots: Any, sandbox_manifest: dict[str, Any], tmp_path: Path
) -> None:
    from support.sandbox_fetch import fetch_in_process

    from sandbox.doclists import write_doclist

    settings = Settings()
    findings = []
    units = []
    for unit_id, entry in sorted(sandbox_manifest["units"].items()):
        if not entry["doclist"]["file"]:
            continue  # the unreachable unit hands in nothing
        units.append(unit_id)
        doclist = read_doclist(write_doclist(unit_id, tmp_path))
        snapshot = sandbox_snapshots[unit_id]
        missing = [u for u in listed_urls(doclist) if snapshot.page(u) is None]
        result = crosscheck(
            doclist, CheckContext(with_fetched(snapshot, fetch_in_process(missing)), settings)
        )
        findings.extend(result.findings)
    # The list's planted problems sit under doclist.planted, not among the site's defects.
    planted_manifest = {
        "units": {u: {"defects": sandbox_manifest["units"][u]["doclist"]["planted"]} for u in units}
    }
    card = match_findings(findings, planted_manifest, "doclist.", units=units)
    assert card.perfect, card.summary()
    planted = {d["check"] for u in units for d in sandbox_manifest["units"][u]["doclist"]["planted"]}
    for check_id in planted:
        assert card.checks[check_id].tp, f"no planted {check_id} found"
