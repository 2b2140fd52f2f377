"""A screenshot of every page finding, rendered from the STORED bytes with nothing fetched.

After the findings have their evidence records, each failing finding that rests on a page
(or, for a link finding, the page carrying the link) is drawn again in Chromium from the
archived response: scripts removed (``reports.evidence_copy``), JavaScript off, every request
the page makes aborted, and the offending element outlined in red — the link (made visible if
it was hidden), the wrong wording. The PNG is stored under ``screenshots/evidence/`` and
recorded as a ``screenshot`` evidence record of the finding.
"""

from __future__ import annotations

import asyncio
import html as html_lib
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from config.settings import Settings
from pages.urls import canonicalize
from reports.evidence_copy import response_of, standalone_html
from storage import evidence as ev
from storage.models import EvidenceRecord, Fetch, FindingRow

FAILING = ("veto", "major", "minor")
LINK_CHECKS = ("inspection.dead_link", "inspection.hidden_link", "inspection.illegal_link")
_OUTLINE = "outline:4px solid #e00!important;outline-offset:2px!important;"
_SHOWN = "display:inline-block!important;visibility:visible!important;opacity:1!important;position:static!important;"
FOLDER = "screenshots/evidence"


def outlined_html(record: EvidenceRecord, data: bytes, row: FindingRow) -> str:
    """The page copy with the finding's element outlined (and shown, when it was hidden)."""
    page = standalone_html(record, data)
    tree = LexborHTMLParser(page)
    if row.url and row.check_id.startswith("inspection."):
        target = canonicalize(row.url)
        for node in tree.css("a"):
            href = node.attributes.get("href") or ""
            if href and canonicalize(urljoin(record.subject, href)) == target:
                style = node.attributes.get("style") or ""
                node.attrs["style"] = f"{style};{_SHOWN}{_OUTLINE}"
    page = tree.html or page
    wrong = (row.measured or {}).get("wrong")
    if isinstance(wrong, str) and wrong:
        mark = f'<mark style="{_OUTLINE}background:#ffe08a">{html_lib.escape(wrong)}</mark>'
        page = page.replace(html_lib.escape(wrong), mark).replace(wrong, mark)
    return page


def _page_record(session: Session, row: FindingRow, data_dir: Path) -> EvidenceRecord | None:
    """The page to draw: the one carrying a link finding's link, else the finding's own page."""
    on = (row.measured or {}).get("on")
    if row.check_id in LINK_CHECKS and isinstance(on, str):
        fetch = session.scalars(
            select(Fetch)
            .where(Fetch.run_id == row.run_id, Fetch.unit_id == row.unit_id, Fetch.url == on)
            .where(Fetch.warc_file.is_not(None))
            .order_by(Fetch.id.desc())
        ).first()
        if fetch is not None:
            known = session.scalars(
                select(EvidenceRecord).where(
                    EvidenceRecord.fetch_id == fetch.id, EvidenceRecord.kind == "page"
                )
            ).first()
            return known or ev.record_warc(
                session, data_dir, fetch, unit_id=row.unit_id, summary="链接所在页面"
            )
    records = ev.records_of(session, [int(i) for i in row.evidence_ids or []])
    return next((r for r in records if r.kind == "page"), None)


def _is_html(data: bytes) -> bool:
    _status, ctype, payload = response_of(data)
    return "html" in (ctype or "").lower() or payload[:512].lstrip()[:1] == b"<"


async def _render_all(jobs: list[tuple[str, Path]], executable: str) -> list[bool]:
    from playwright.async_api import async_playwright

    from crawler.render_guard import CHROMIUM_ARGS

    done: list[bool] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
        try:
            context = await browser.new_context(
                java_script_enabled=False, offline=True, viewport={"width": 1280, "height": 1000}
            )
            await context.route("**/*", lambda route: route.abort())  # nothing leaves the machine
            page = await context.new_page()
            for html, path in jobs:
                try:
                    await page.set_content(html, wait_until="domcontentloaded", timeout=15_000)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    await page.screenshot(path=str(path), full_page=True, timeout=15_000)
                    done.append(True)
                except Exception:  # one page that will not draw never stops the others
                    done.append(False)
        finally:
            await browser.close()
    return done


def shoot_findings(session: Session, run_id: int, settings: Settings, data_dir: str | Path) -> dict[str, Any]:
    """Screenshots of the run's failing page findings; counts (and why none, when none)."""
    folder = Path(data_dir)
    executable = settings.crawl.browser_executable
    if not Path(executable).exists():
        return {"shots": 0, "skipped": f"{executable} not found"}
    rows = session.scalars(
        select(FindingRow)
        .where(FindingRow.run_id == run_id, FindingRow.severity.in_(FAILING))
        .order_by(FindingRow.id)
    ).all()
    jobs: list[tuple[FindingRow, EvidenceRecord, str, Path]] = []
    for row in rows:
        record = _page_record(session, row, folder)
        data = ev.stored_bytes(session, folder, record) if record is not None else None
        if record is None or data is None or not _is_html(data):
            continue
        relative = f"{FOLDER}/run{run_id}-F{row.id}.png"
        jobs.append((row, record, outlined_html(record, data, row), folder / relative))
    results = asyncio.run(_render_all([(h, p) for _, _, h, p in jobs], executable)) if jobs else []
    shots = 0
    for (row, record, _html, path), ok in zip(jobs, results, strict=True):
        shot = ev.record_file(
            session, folder, str(path.relative_to(folder)), run_id=run_id, unit_id=row.unit_id,
            kind="screenshot", subject=record.subject, seen_at=record.seen_at,
            summary="存档页面截图（离线重绘，问题处红框标出）", media_type="image/png", fetch_id=record.fetch_id,
        ) if ok else None  # fmt: skip
        if shot is None:
            continue
        ids = [int(i) for i in row.evidence_ids or []]
        if record.id not in ids:
            ids.append(record.id)
        session.execute(
            update(FindingRow).where(FindingRow.id == row.id).values(evidence_ids=[*ids, shot.id])
        )
        shots += 1
    return {"shots": shots, "pages": len(jobs)}
