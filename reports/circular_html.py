"""The quarterly circular as one self-contained HTML file, and as PDF (WeasyPrint)."""

from __future__ import annotations

import base64
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from reports.atomic import atomic_path, write_text_atomic
from reports.circular_data import CircularData
from reports.circular_docx import PROBLEMS_IN_BODY, _chinese_number
from reports.circular_text import addressees, sections
from reports.fonts import FontPlan, font_plan
from reports.safe_text import clean_value

_ENV = Environment(
    loader=PackageLoader("reports", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    finalize=clean_value,
)


def render_circular_html(data: CircularData, *, fonts: FontPlan | None = None) -> str:
    fonts = fonts or font_plan()
    with_problems = [u for u in data.units if u.problems]
    screenshots = {
        u.unit_id: _data_uri(next((Path(p.screenshot) for p in u.problems if p.screenshot), None))
        for u in with_problems
    }
    return _ENV.get_template("circular.html.j2").render(
        data=data,
        fonts=fonts,
        addressees=addressees(),
        sections=sections(data),
        charts={name: _data_uri(path) for name, path in data.charts.items()},
        units_with_problems=with_problems,
        numerals=[_chinese_number(n) for n in range(1, len(with_problems) + 1)],
        per_unit=PROBLEMS_IN_BODY,
        screenshots=screenshots,
        issued_on=f"{data.issued_on:%Y年%-m月%-d日}",
        annex=data.problems + data.fixed,
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
