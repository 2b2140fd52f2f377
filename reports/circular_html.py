"""The quarterly circular as one self-contained HTML file, and as PDF (WeasyPrint)."""

from __future__ import annotations

import base64
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from reports.atomic import atomic_path, write_text_atomic
from reports.circular_data import CircularData
from reports.circular_docx import ANNEX_HEADER, ANNEX_WIDTHS_MM, RANKING_HEADER, annex_rows
from reports.circular_text import ANNEX_TITLE, sections
from reports.fonts import FontPlan, font_plan
from reports.safe_text import clean_value
from reports.wording import chinese_date

_ENV = Environment(
    loader=PackageLoader("reports", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    finalize=clean_value,
)


def render_circular_html(data: CircularData, *, fonts: FontPlan | None = None) -> str:
    fonts = fonts or font_plan()
    total = sum(ANNEX_WIDTHS_MM)
    return _ENV.get_template("circular.html.j2").render(
        data=data,
        fonts=fonts,
        sections=sections(data),
        charts={name: _data_uri(path) for name, path in data.charts.items()},
        ranking_header=RANKING_HEADER,
        annex_title=ANNEX_TITLE,
        annex_header=ANNEX_HEADER,
        annex_widths=[f"{100 * w / total:.1f}%" for w in ANNEX_WIDTHS_MM],
        annex=annex_rows(data),
        issued_on=chinese_date(data.issued_on),
    )


def write_circular_html(data: CircularData, path: Path) -> Path:
    return write_text_atomic(path, render_circular_html(data))


def write_circular_pdf(data: CircularData, path: Path) -> Path:
    from weasyprint import HTML

    with atomic_path(path) as temporary:
        HTML(string=render_circular_html(data)).write_pdf(str(temporary))
    return path


def _data_uri(path: Path | None) -> str | None:
    if path is None or not path.exists():
        return None
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
