"""Three nights of ``zwgk audit --as-of`` against the simulated web as its timeline has it.

The units are those the timeline changes on its changed night (TRS, Hanweb and modern CMS
families). Night 1 (2020-12-15) is the demo's night; night 2 changes nothing on the web;
night 3 plants four changes (``sandbox/nights.py``). Each night is a real audit through the
command line (crawl with Chromium, measure, checks, score) into one SQLite database.

What a user relies on: an unchanged night is answered mostly 304 and finds exactly what the
first found, with every page of the first night in its snapshot (requested again or carried);
a changed night finds every planted change and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from checks.groundtruth import match_findings
from pages.urls import canonicalize
from sandbox.nights import CHANGED_NIGHT, UNCHANGED_NIGHT
from sandbox.server import run_sandbox
from sandbox.timeline import BASE_NIGHT, Change, timeline_for
from storage.db import Database, database_url
from storage.models import AuditRun, Fetch, FindingRow
from zwgk.cli import app

pytestmark = [pytest.mark.slow, pytest.mark.browser]

DAY = dt.timedelta(days=1)
FIRST, UNCHANGED, CHANGED = BASE_NIGHT, BASE_NIGHT + DAY * UNCHANGED_NIGHT, BASE_NIGHT + DAY * CHANGED_NIGHT
CHANGES: list[Change] = timeline_for(1).on(CHANGED)
UNITS = sorted({c.unit_id for c in CHANGES})
Key = tuple[str, str, str | None, str]  # unit, check, canonical url, severity


@dataclass(frozen=True)
class Nights:
    db: Database
    runs: dict[dt.date, int]
    manifests: dict[dt.date, dict[str, object]]

    def findings(self, night: dt.date) -> set[Key]:
        with self.db.session() as session:
            rows = session.scalars(select(FindingRow).where(FindingRow.run_id == self.runs[night]))
            return {(r.unit_id, r.check_id, canonicalize(r.url) if r.url else None, r.severity) for r in rows}

    def fetches(self, night: dt.date) -> list[Fetch]:
        with self.db.session() as session:
            return list(
                session.scalars(
                    select(Fetch).where(Fetch.run_id == self.runs[night], Fetch.purpose == "crawl")
                )
            )


@pytest.fixture(scope="module")
def nights(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nights]:
    base = tmp_path_factory.mktemp("nights")
    with run_sandbox(seed=1, as_of=FIRST, data_dir=base / "sandbox") as sb:
        runner = CliRunner()
        manifests = {}
        for night in (FIRST, UNCHANGED, CHANGED):
            sb.set_night(night)
            manifests[night] = sb.manifest_for(night)
            args = ["audit", "-c", str(sb.config_path), "--as-of", night.isoformat(), "--no-report", *UNITS]
            result = runner.invoke(app, args, terminal_width=200)
            assert result.exit_code == 0, result.output
        db = Database.open(database_url(None, sb.config.settings.crawl.data_dir))
        try:
            with db.session() as session:
                runs = {
                    r.as_of: r.id for r in session.scalars(select(AuditRun).where(AuditRun.kind == "audit"))
                }
            assert set(runs) == {FIRST, UNCHANGED, CHANGED}
            yield Nights(db=db, runs=runs, manifests=manifests)
        finally:
            db.dispose()


def test_the_changed_night_covers_three_cms_families(nights: Nights) -> None:
    units = nights.manifests[CHANGED]["units"]
    assert isinstance(units, dict)
    assert {units[u]["cms"] for u in UNITS} == {"trs", "hanweb", "modern"}


def test_the_first_night_finds_its_planted_defects(nights: Nights) -> None:
    with nights.db.session() as session:
        rows = list(session.scalars(select(FindingRow).where(FindingRow.run_id == nights.runs[FIRST])))
    for prefix in ("disclosure.", "inspection.", "interpretation."):
        card = match_findings(rows, nights.manifests[FIRST], prefix, units=UNITS)
        assert card.perfect, card.summary()


def test_an_unchanged_night_is_answered_304_and_finds_the_same(nights: Nights) -> None:
    requested = [f for f in nights.fetches(UNCHANGED) if f.outcome != "carried"]
    outcomes = Counter(f.outcome for f in requested)
    share = outcomes["not_modified"] / len(requested)
    assert share >= 0.70, f"304 share {share:.2f} of {len(requested)} requests: {outcomes}"
    assert all(f.status == 304 for f in requested if f.outcome == "not_modified")
    assert nights.findings(UNCHANGED) == nights.findings(FIRST)


def test_every_page_of_the_first_night_is_in_the_unchanged_nights_snapshot(nights: Nights) -> None:
    first = {canonicalize(f.url): f for f in nights.fetches(FIRST)}
    second = {canonicalize(f.url): f for f in nights.fetches(UNCHANGED)}
    missing = sorted(set(first) - set(second))
    assert not missing, f"{len(missing)} pages of the first night are not in the second's: {missing[:5]}"
    carried = [f for f in second.values() if f.outcome == "carried"]
    assert carried, "the revisit policy carried no article"
    for fetch in carried:
        assert fetch.status is None and not fetch.request_headers and not fetch.response_headers
        assert fetch.content_hash == first[canonicalize(fetch.url)].content_hash
        assert fetch.reason and fetch.reason.startswith("carried: ")
    # Lists, columns and the homepage are revalidated every night, never carried.
    homepages = {canonicalize(str(e["homepage"])) for e in _units(nights, UNCHANGED).values()}
    assert not {canonicalize(f.url) for f in carried} & homepages


def test_a_changed_night_finds_every_planted_change_and_nothing_else(nights: Nights) -> None:
    before, after = nights.findings(UNCHANGED), nights.findings(CHANGED)
    expected_added = {(c.unit_id, check, canonicalize(url) if url else None)
                      for c in CHANGES for check, url in c.expect.get("added", [])}  # fmt: skip
    expected_removed = {(c.unit_id, check, canonicalize(url) if url else None)
                        for c in CHANGES for check, url in c.expect.get("removed", [])}  # fmt: skip
    assert {k[:3] for k in after - before} == expected_added
    assert {k[:3] for k in before - after} == expected_removed
    fetched = {canonicalize(f.url): f for f in nights.fetches(CHANGED)}
    for change in CHANGES:
        for url in change.urls:
            page = fetched.get(canonicalize(url))
            assert page is not None, f"{change.kind}: {url} not crawled"
            assert (page.outcome, page.status) == ("ok", 200), f"{change.kind}: {url} {page.outcome}"


def _units(nights: Nights, night: dt.date) -> dict[str, dict[str, object]]:
    units = nights.manifests[night]["units"]
    assert isinstance(units, dict)
    return {u: units[u] for u in UNITS}


def test_the_cli_audits_the_night_it_is_given(nights: Nights) -> None:
    with nights.db.session() as session:
        runs = session.scalars(select(AuditRun).where(AuditRun.kind == "audit").order_by(AuditRun.id)).all()
        assert [(r.as_of, r.status) for r in runs] == [(n, "finished") for n in (FIRST, UNCHANGED, CHANGED)]
