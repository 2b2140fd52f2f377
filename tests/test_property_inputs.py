"""Property-based: mutated real pages, annual reports (HTML, PDF, DOCX), entry files and configs
are read without an exception escaping — each becomes a result, a stated problem, or the
reader's own error with file and line. Examples and time are bounded so the suite stays fast."""

from __future__ import annotations

import contextlib
import functools
import io
import zipfile
from pathlib import Path

from annual_report_builder import ReportSpec, build_docx, build_html, build_pdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.loader import DEFAULT_CONFIG, ConfigError, load_config, parse_config
from pages.annual_report import read_annual_report
from pages.reader import read_page
from scoring.entries import EntriesError, load_entries, parse_entries_text
from scoring.rubric import load_scheme

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "tests" / "data" / "reference_pages").glob("*.html")) + sorted(
    (ROOT / "tests" / "data" / "real_pages").rglob("*.html")
)
ENTRIES = (ROOT / "sandbox" / "manual-entries-2020.toml").read_text(encoding="utf-8")
SITES = DEFAULT_CONFIG.read_text(encoding="utf-8")
CONFIG = load_config(DEFAULT_CONFIG)
RUBRICS = load_scheme("linfen-2020")

BOUNDED = settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
HOSTILE_TEXT = st.sampled_from(
    [
        *("\x00", "\x01", "\ud800", "\ufeff", "<table>", "</td>", 'rowspan="99999"', "<!--", "]]>", "&#0;"),
        *("=1+1", "nan", "inf", "1e400", "9" * 400, "[[entry]]", "[", '"', "\\u0001", "年", "\n", "'''"),
    ]
)


@st.composite
def mutated_text(draw: st.DrawFn, text: str) -> str:
    """``text`` with a few cuts, insertions of hostile fragments and duplicated spans."""
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "truncate"]))
        if kind == "insert":
            text = text[:at] + draw(st.one_of(HOSTILE_TEXT, st.text(max_size=8))) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 200)) :]
        elif kind == "duplicate":
            text = text[:at] + text[at : at + 300] * draw(st.integers(2, 5)) + text[at:]
        else:
            text = text[:at]
    return text


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        at = min(at, len(data))
        if kind == "flip" and at < len(data):
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        elif kind in ("insert", "flip"):
            data = data[:at] + draw(st.binary(min_size=1, max_size=16)) + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 64)) :]
        else:
            data = data[:at]
    return data


def _rezip(docx: bytes, part: str, content: str) -> bytes:
    """The DOCX with one part's XML replaced: the container valid, the content hostile."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = content.encode("utf-8", "surrogatepass") if info.filename == part else source.read(info)
            target.writestr(info.filename, data)
    return out.getvalue()


@functools.cache
def _report(kind: str) -> bytes:
    spec = ReportSpec()
    return {"pdf": build_pdf, "docx": build_docx}[kind](spec) if kind != "html" else build_html(spec).encode()


@functools.cache
def _document_xml() -> str:
    with zipfile.ZipFile(io.BytesIO(_report("docx"))) as archive:
        return archive.read("word/document.xml").decode("utf-8")


@BOUNDED
@given(page=st.sampled_from(PAGES), data=st.data())
def test_the_page_reader_survives_mutated_real_pages(page: Path, data: st.DataObject) -> None:
    html = data.draw(mutated_text(page.read_text(encoding="utf-8", errors="replace")))
    read_page(html.encode("utf-8", "surrogatepass"), url="http://www.example.gov.cn/a/b.html")


@BOUNDED
@given(data=st.data())
def test_the_annual_report_reader_survives_mutated_html(data: st.DataObject) -> None:
    body = data.draw(mutated_text(_report("html").decode("utf-8")))
    read_annual_report(
        body.encode("utf-8", "surrogatepass"), content_type="text/html", url="http://x.gov.cn/r.html"
    )


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_annual_report_reader_survives_mutated_pdf_bytes(data: st.DataObject) -> None:
    report = read_annual_report(data.draw(mutated_bytes(_report("pdf"))), content_type="application/pdf")
    assert report is not None


@BOUNDED
@given(data=st.data(), as_bytes=st.booleans())
def test_the_annual_report_reader_survives_mutated_docx(data: st.DataObject, as_bytes: bool) -> None:
    if as_bytes:
        body = data.draw(mutated_bytes(_report("docx")))
    else:
        body = _rezip(_report("docx"), "word/document.xml", data.draw(mutated_text(_document_xml())))
    read_annual_report(body, url="http://x.gov.cn/report.docx")


@BOUNDED
@given(data=st.data())
def test_entry_files_fail_only_with_their_own_error(data: st.DataObject) -> None:
    text = data.draw(mutated_text(ENTRIES))
    try:
        parse_entries_text(text, "e.toml", CONFIG, RUBRICS)
    except EntriesError as exc:
        assert all(p.startswith("e.toml") for p in exc.problems), exc.problems


@BOUNDED
@given(
    key=st.sampled_from(["events", "deduction", "value", "rank", "bonus", "bonus_events", "cases", "note"]),
    value=st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.text(max_size=12),
    ),
    item=st.sampled_from(["B01", "B10", "B23", "BONUS", "MAJOR"]),
)
def test_entry_values_fail_only_with_their_own_error(key: str, value: object, item: str) -> None:
    literal = repr(value) if isinstance(value, int) else _toml(value)
    text = f'[[entry]]\nunit = "fgw"\nitem = "{item}"\n{key} = {literal}\n'
    try:
        parse_entries_text(text, "e.toml", CONFIG, RUBRICS)
    except EntriesError as exc:
        assert all(p.startswith("e.toml:") for p in exc.problems), exc.problems


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_entry_workbooks_fail_only_with_their_own_error(tmp_path: Path, data: st.DataObject) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["unit", "item", "deduction", "note"])
    sheet.append(["fgw", "B10", 1, "备注"])
    out = io.BytesIO()
    book.save(out)
    path = tmp_path / "entries.xlsx"
    path.write_bytes(data.draw(mutated_bytes(out.getvalue())))
    with contextlib.suppress(EntriesError):  # the loader's own error is an answer; nothing else is
        load_entries(path, CONFIG, RUBRICS)


@BOUNDED
@given(data=st.data())
def test_configs_fail_only_with_a_config_error(data: st.DataObject) -> None:
    try:
        parse_config(data.draw(mutated_text(SITES)), "sites.toml")
    except ConfigError as exc:
        assert str(exc).startswith("sites.toml")


def _toml(value: object) -> str:
    if isinstance(value, float):
        return (
            "nan"
            if value != value
            else ("inf" if value == float("inf") else "-inf" if value == float("-inf") else repr(value))
        )
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text) + '"'
