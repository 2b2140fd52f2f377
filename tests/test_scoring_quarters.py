"""A24/B23 rank on the whole year's quarterly inspections: two audits of the sandbox in
different quarters (as ``zwgk audit --as-of`` runs them), and a second Q4 night, give the
ranking item from both quarters; the combination is checked here by hand from the stored
quarterly results. The sites are generated for 2020-09-15 and served as they are on the
later nights, so the quarters differ (news ages, deadlines pass)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from config.loader import with_overrides
from scoring import service
from scoring.model import UnitScore
from storage.db import Database
from storage.models import InspectionResult
from zwgk.pipeline import AuditOptions, run_audit

pytestmark = [pytest.mark.slow, pytest.mark.browser]

UNITS = ["mzj", "rsj", "jyj", "gaj"]
NIGHTS = {dt.date(2020, 9, 15): "2020Q3", dt.date(2020, 12, 15): "2020Q4", dt.date(2020, 12, 16): "2020Q4"}


@dataclass(frozen=True)
class Year:
    db: Database
    scores: dict[str, UnitScore]
    results: dict[tuple[str, str], InspectionResult]


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Year]:
    from sandbox.server import run_sandbox

    base = tmp_path_factory.mktemp("quarters")
    db = Database.open(f"sqlite:///{base / 'zwgk.sqlite3'}")
    with run_sandbox(seed=1, as_of=min(NIGHTS), data_dir=base / "sandbox") as sb:
        for night, quarter in NIGHTS.items():
            sb.set_night(night)
            config = with_overrides(sb.config, crawl={"data_dir": str(base / "data")}, audit={"as_of": night})
            options = AuditOptions(unit_ids=UNITS, year=2020, quarter=quarter, report=False, pdf=False)
            run_audit(config, db, options)
        scores = {s.unit_id: s for s in service.compute_scores(db, config, year=2020, store=False)}
    with db.session() as session:
        results = {(r.unit_id, r.quarter): r for r in session.scalars(select(InspectionResult))}
    try:
        yield Year(db=db, scores=scores, results=results)
    finally:
        db.dispose()


def test_each_quarter_is_judged_from_every_audit_night_in_it(year: Year) -> None:
    for unit in UNITS:
        assert year.results[(unit, "2020Q3")].nights == ["2020-09-15"]
        assert year.results[(unit, "2020Q4")].nights == ["2020-12-15", "2020-12-16"]


def test_the_ranking_item_is_the_mean_of_both_quarters_ranked_by_hand(year: Year) -> None:
    means = {
        unit: (year.results[(unit, "2020Q3")].score + year.results[(unit, "2020Q4")].score) / 2
        for unit in UNITS
    }
    # Computed here: 1 + the units with a better mean; 15 − 0.5 per place (B23), never below 0.
    ranks = {u: 1 + sum(1 for v in means.values() if round(v, 6) > round(means[u], 6)) for u in UNITS}
    assert len(set(means.values())) > 1, f"the quarters should tell the units apart: {means}"
    for unit in UNITS:
        item = year.scores[unit].items["B23"]
        assert item.rank == ranks[unit], (unit, means)
        assert item.score == pytest.approx(max(15 - 0.5 * (ranks[unit] - 1), 0)), unit
        rank_line = next(line.text for line in item.lines if line.kind == "rank")
        assert "2020Q3、2020Q4" in rank_line, rank_line
        undecided = year.results[(unit, "2020Q3")].undecided or year.results[(unit, "2020Q4")].undecided
        assert item.status == ("provisional" if undecided else "final"), (unit, item.reason)


def test_a_unit_without_a_quarters_result_ranks_provisionally(year: Year) -> None:
    # 市发改委 was not audited in either quarter: no result, so B23 is 待核实 (never silently full).
    other = year.scores["fgw"].items["B23"]
    assert other.status == "provisional" and other.reason
