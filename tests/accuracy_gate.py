"""The accuracy gate over real government pages (tests/data/real_pages), after trafilatura's
evaluation: every fact read by hand from a page (its TOML sidecar) is compared with what the
reader makes of that page, and accuracy is counted per field and per kind.

``python -m tests.accuracy_gate`` prints the table (CI prints it after the test suite); the
floors it must reach are in ``floors.toml`` and only go up (tests/test_accuracy_gate.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from checks.disclosure.annual_rules import failed_rules
from pages.annual_report import AnnualReport, read_annual_report
from pages.guide import GuideContent, read_guide_content
from pages.reader import PageInfo, read_page

CORPUS = Path(__file__).parent / "data" / "real_pages"
PAGES = CORPUS / "pages"
FLOORS = CORPUS / "floors.toml"
DIGESTS = CORPUS / "digests.toml"


@dataclass(frozen=True)
class Page:
    name: str
    file: Path
    source: dict[str, Any]
    facts: dict[str, Any]

    @property
    def kind(self) -> str:
        kind = self.facts["kind"]
        return kind[0] if isinstance(kind, list) else str(kind)


@dataclass(frozen=True)
class Outcome:
    page: str
    kind: str
    field: str
    expected: str
    got: str
    right: bool


def corpus() -> list[Page]:
    """Every page of the corpus with its sidecar; the sidecar's ``file`` may point elsewhere."""
    pages = []
    for sidecar in sorted(PAGES.glob("*.toml")):
        data = tomllib.loads(sidecar.read_text(encoding="utf-8"))
        source = data["source"]
        file = (sidecar.parent / source["file"]).resolve() if "file" in source else None
        if file is None:
            file = next(p for p in sidecar.parent.glob(sidecar.stem + ".*") if p.suffix != ".toml")
        pages.append(Page(sidecar.stem, file, source, data["facts"]))
    return pages


def corpus_files() -> list[Path]:
    """The files the digests cover: every page, every sidecar, and the floors."""
    files = {FLOORS}
    for page in corpus():
        files.update({page.file, PAGES / f"{page.name}.toml"})
    return sorted(files)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def relative(path: Path) -> str:
    return path.resolve().relative_to(CORPUS.parent.resolve()).as_posix()


@cache
def _info(name: str) -> PageInfo:
    page = next(p for p in corpus() if p.name == name)
    return read_page(page.file.read_bytes(), url=page.source.get("url"))


@cache
def _report(name: str) -> AnnualReport:
    page = next(p for p in corpus() if p.name == name)
    return read_annual_report(page.file.read_bytes(), url=page.source.get("url"))


@cache
def _guide(name: str) -> GuideContent:
    return read_guide_content(_info(name).body_text)


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else "none"


def _group(info: PageInfo, name: str) -> dict[str, Any] | None:
    for group in info.item_groups:
        if group.name == name:
            return group.to_json()
    return None


def _page_checks(page: Page) -> Iterator[tuple[str, str, Callable[[], str]]]:
    """(field, expected, how to get the reader's value) for each fact of a page."""
    facts = page.facts

    def info() -> PageInfo:  # read lazily, once per page
        return _info(page.name)

    kinds = facts["kind"] if isinstance(facts["kind"], list) else [facts["kind"]]
    yield "kind", "|".join(kinds), lambda: info().kind if info().kind in kinds else info().kind + " (wrong)"
    simple: dict[str, Callable[[], str]] = {
        "title": lambda: info().title or "none",
        "publish_date": lambda: _date(info().publish_date),
        "written_date": lambda: _date(info().written_date),
        "url_date": lambda: _date(info().url_date),
        "doc_number": lambda: info().doc_number or "none",
        "index_number": lambda: info().index_number or "none",
        "site_id_code": lambda: info().site_id_code or "none",
        "issuer": lambda: info().issuer or "none",
    }
    for field, getter in simple.items():
        if field in facts:
            yield field, str(facts[field]), getter
    if "index_year" in facts:
        yield "date_sources", f"索引号 year {facts['index_year']}", lambda: _index_year(info())
    if "items_complete" in facts:
        yield (
            "items_complete",
            str(facts["items_complete"]).lower(),
            lambda: str(info().items_complete).lower(),
        )
    for group in facts.get("groups", []):
        for key in ("count", "newest", "oldest"):
            if key in group:
                yield "items", f"{group['name']} {key} {group[key]}", _group_getter(info, group["name"], key)
    for role, href in facts.get("sections", {}).items():
        yield "sections", f"{role} → {href}", _section_getter(info, role)
    for relation in facts.get("related", []):
        yield "related", f"{relation['relation']}: {relation['title']}", _related_getter(info, relation)
    if "guide_era" in facts:
        yield "guide", f"era {facts['guide_era']}", lambda: f"era {_guide(page.name).era}"
    if "guide_missing" in facts:
        yield (
            "guide",
            f"missing {sorted(facts['guide_missing'])}",
            lambda: f"missing {sorted(_guide(page.name).missing)}",
        )
    if "guide_undecided" in facts:
        yield (
            "guide",
            f"undecided {sorted(facts['guide_undecided'])}",
            lambda: f"undecided {sorted(_guide(page.name).undecided)}",
        )
    if "report_year" in facts:
        yield "report_year", str(facts["report_year"]), lambda: str(_report(page.name).year)
    if "arithmetic_failures" in facts:
        yield (
            "arithmetic",
            str(facts["arithmetic_failures"]),
            lambda: str(len(failed_rules(_report(page.name)))),
        )


def _index_year(info: PageInfo) -> str:
    year = info.date_sources.index_number_year if info.date_sources else None
    return f"索引号 year {year}" if year else "none"


def _group_getter(info: Callable[[], PageInfo], name: str, key: str) -> Callable[[], str]:
    def get() -> str:
        group = _group(info(), name)
        if group is None:
            return "no such group"
        value = len(group["items"]) if key == "count" else _edge(group, key)
        return f"{name} {key} {value}"

    return get


def _edge(group: dict[str, Any], key: str) -> str:
    dates = sorted(item["date"] for item in group["items"] if item["date"])
    if not dates:
        return "none"
    return str(dates[-1] if key == "newest" else dates[0])


def _section_getter(info: Callable[[], PageInfo], role: str) -> Callable[[], str]:
    def get() -> str:
        href = (info().sections.get(role) or {}).get("href")
        return f"{role} → {href or 'none'}"

    return get


def _related_getter(info: Callable[[], PageInfo], relation: dict[str, str]) -> Callable[[], str]:
    def get() -> str:
        for link in info().related:
            if link.relation == relation["relation"] and relation["title"] in link.title:
                return f"{link.relation}: {relation['title']}"
        return "not read"

    return get


def outcomes() -> list[Outcome]:
    found = []
    for page in corpus():
        for field, expected, getter in _page_checks(page):
            try:
                got = getter()
            except Exception as error:  # a crash on a real page is a wrong fact, and named
                got = f"error: {type(error).__name__}: {error}"
            right = got == expected or (field == "kind" and not got.endswith("(wrong)"))
            found.append(Outcome(page.name, page.kind, field, expected, got, right))
    return found


def accuracy(by: str) -> dict[str, tuple[int, int]]:
    """(right, total) per field (``by="field"``) or per page kind (``by="kind"``)."""
    table: dict[str, tuple[int, int]] = {}
    for outcome in outcomes():
        key = outcome.field if by == "field" else outcome.kind
        right, total = table.get(key, (0, 0))
        table[key] = (right + outcome.right, total + 1)
    return table


def floors() -> dict[str, Any]:
    return tomllib.loads(FLOORS.read_text(encoding="utf-8"))


def table() -> str:
    lines = [f"Accuracy gate: {len(corpus())} real pages, {len(outcomes())} facts read by hand"]
    pinned = floors()
    for by in ("field", "kind"):
        lines.append(f"{'by ' + by:<18}{'right':>7}{'total':>7}{'accuracy':>10}{'floor':>8}")
        for key, (right, total) in sorted(accuracy(by).items()):
            floor = pinned.get(by, {}).get(key)
            floor_text = f"{floor:.2f}" if isinstance(floor, float) else "-"
            lines.append(f"  {key:<16}{right:>7}{total:>7}{right / total:>10.3f}{floor_text:>8}")
    wrong = [o for o in outcomes() if not o.right]
    if wrong:
        lines.append("wrong facts:")
        lines.extend(f"  {o.page} [{o.field}] expected {o.expected!r}, read {o.got!r}" for o in wrong)
    return "\n".join(lines)


def write_digests() -> None:
    """Rewrite digests.toml after a deliberate corpus edit (the commit says what changed and why)."""
    lines = ["# sha256 of every corpus file: a silent edit fails tests/test_accuracy_gate.py.", ""]
    lines += [f'"{relative(path)}" = "{digest(path)}"' for path in corpus_files()]
    DIGESTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    import sys

    if "--write-digests" in sys.argv:
        write_digests()
    print(table())
