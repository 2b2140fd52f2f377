"""The quarterly circular as DOCX, laid out as a Chinese official document (GB/T 9704-2012)."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm

from reports.atomic import save_document
from reports.circular_data import CircularData, UnitInspection
from reports.circular_text import addressees, sections
from reports.docx_style import (
    RED,
    SIZE_2,
    SIZE_3,
    body,
    heading1,
    heading2,
    page_number_footer,
    paragraph,
    setup_page,
    table,
)
from reports.fonts import FontPlan, font_plan

PROBLEMS_IN_BODY = 8  # per unit; the annex lists all


def write_circular_docx(data: CircularData, path: Path, *, fonts: FontPlan | None = None) -> Path:
    fonts = fonts or font_plan()
    document = Document()
    setup_page(document)
    page_number_footer(document, fonts)
    paragraph(
        document,
        data.issuer,
        fonts.title,
        size=SIZE_2,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        color=RED,
    )
    paragraph(document, "", fonts.body, indent=False)
    paragraph(document, data.title, fonts.title, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    paragraph(document, "", fonts.body, indent=False)
    paragraph(document, addressees(), fonts.body, indent=False)
    for number, section in enumerate(sections(data)):
        heading1(document, fonts, section.heading)
        for text in section.paragraphs:
            body(document, fonts, text)
        if number == 1:
            _ranking_table(document, fonts, data)
            if "scores" in data.charts:
                document.add_picture(str(data.charts["scores"]), width=Mm(150))
        if number == 2:
            if "categories" in data.charts:
                document.add_picture(str(data.charts["categories"]), width=Mm(150))
            for index, unit in enumerate(u for u in data.units if u.problems):
                _unit_problems(document, fonts, index, unit)
        if number == 3 and "trend" in data.charts:
            document.add_picture(str(data.charts["trend"]), width=Mm(150))
    paragraph(document, "", fonts.body, indent=False)
    body(document, fonts, "附件：政府网站检查问题清单")
    paragraph(document, "", fonts.body, indent=False)
    paragraph(document, data.issuer, fonts.body, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    paragraph(
        document, f"{data.issued_on:%Y年%-m月%-d日}", fonts.body, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False
    )
    paragraph(document, "（此件公开发布）", fonts.body)
    _annex(document, fonts, data)
    if data.ledger_anchor:
        document.core_properties.keywords = data.ledger_anchor  # `zwgk score log --verify --anchor`
    return save_document(document, path)


def _ranking_table(document: DocxDocument, fonts: FontPlan, data: CircularData) -> None:
    rows = [
        [
            str(u.rank),
            u.name,
            u.unit_class,
            u.score_text,
            u.result_text,
            "、".join(u.vetoes) or "—",
        ]
        for u in data.units
    ]
    table(
        document, fonts, ["排名", "单位", "类别", "得分", "结果", "单项否决"], rows, [14, 52, 14, 18, 20, 38]
    )


def _unit_problems(document: DocxDocument, fonts: FontPlan, index: int, unit: UnitInspection) -> None:
    numeral = _chinese_number(index + 1)
    heading2(document, fonts, f"（{numeral}）{unit.name}（{unit.site or '未配置网站'}）")
    for number, problem in enumerate(unit.problems[:PROBLEMS_IN_BODY], start=1):
        seen = f"，{problem.first_seen}首次发现" if problem.first_seen else ""
        where = f"（{problem.url}）" if problem.url else ""
        status = "，上季度已通报仍未整改" if problem.status == "still" else ""
        body(document, fonts, f"{number}. {problem.category}：{problem.message}{where}{seen}{status}。")
    if len(unit.problems) > PROBLEMS_IN_BODY:
        body(document, fonts, f"另有{len(unit.problems) - PROBLEMS_IN_BODY}个问题，详见附件。")
    shot = next((p.screenshot for p in unit.problems if p.screenshot and Path(p.screenshot).exists()), None)
    if shot:
        document.add_picture(shot, width=Mm(120))
        paragraph(
            document,
            "图：检查时网页截图",
            fonts.body,
            size=SIZE_3,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            indent=False,
        )


def _annex(document: DocxDocument, fonts: FontPlan, data: CircularData) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    paragraph(document, "附件", fonts.heading1, indent=False)
    paragraph(
        document,
        "政府网站检查问题清单",
        fonts.title,
        size=SIZE_2,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
    )
    rows = [
        [
            str(n),
            p.unit_name,
            p.category,
            p.message,
            p.url or "—",
            p.first_seen or "—",
            {"new": "新发现", "still": "未整改", "fixed": "已整改"}[p.status],
            str(p.finding_id) if p.finding_id is not None else "—",
        ]
        for n, p in enumerate(data.problems + data.fixed, start=1)
    ]
    table(
        document,
        fonts,
        ["序号", "单位", "问题类型", "问题描述", "网址", "发现时间", "状态", "问题编号"],
        rows,
        [10, 24, 22, 34, 34, 18, 14, 12],
    )


def _chinese_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
