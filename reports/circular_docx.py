"""The quarterly circular as DOCX, laid out as a Chinese official document (GB/T 9704-2012).

版头: the issuing office in red, the 发文字号 and the red separator line; 主体: title,
addressees, the five sections (summaries by problem type and by unit), the annex note, the
signature, date and 附注; the annex (the problem list) on landscape pages; 版记 (抄送,
印发机关, 印发日期) at the foot of the last page.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt

from reports.atomic import save_document
from reports.circular_data import CircularData
from reports.circular_text import ANNEX_TITLE, sections
from reports.docx_style import (
    LANDSCAPE_WIDTH_MM,
    RED,
    SIZE_2,
    SIZE_4,
    SIZE_5,
    TEXT_WIDTH_MM,
    body,
    border,
    declare_fonts,
    docx_fonts,
    heading1,
    new_section,
    page_number_footer,
    paragraph,
    setup_page,
    table,
)
from reports.fonts import FontPlan, font_plan
from reports.wording import chinese_date

STATUS = {
    "new": "新发现",
    "still": "未整改",
    "worse": "未整改（加重）",
    "fixed": "已整改",
    "unchecked": "未复查",
}
ANNEX_HEADER = ["序号", "单位", "问题类型", "问题描述", "网址", "发现时间", "状态", "问题编号"]
# Landscape 版心 225 mm at 五号: a date "2020年12月15日" needs 30–36 mm (by face) on one line.
ANNEX_WIDTHS_MM = [12, 26, 26, 52, 42, 38, 16, 12]
RANKING_HEADER = ["排名", "单位", "类别", "得分", "结果", "单项否决"]
RANKING_WIDTHS_MM = [14, 50, 14, 18, 20, 40]
RED_HEX = "C00000"
IMPRINT_CHARS_PER_LINE = 29


def write_circular_docx(data: CircularData, path: Path, *, fonts: FontPlan | None = None) -> Path:
    fonts = docx_fonts(fonts or font_plan())
    document = Document()
    setup_page(document)
    declare_fonts(document)
    page_number_footer(document, fonts)
    _masthead(document, fonts, data)
    _main_text(document, fonts, data)
    _signature(document, fonts, data)
    new_section(document, landscape=True)
    _annex(document, fonts, data)
    new_section(document, landscape=False, bottom=True)
    _imprint(document, fonts, data)
    if data.ledger_anchor:
        document.core_properties.keywords = data.ledger_anchor  # `zwgk score log --verify --anchor`
    return save_document(document, path)


def _masthead(document: DocxDocument, fonts: FontPlan, data: CircularData) -> None:
    paragraph(
        document,
        data.issuer,
        fonts.title,
        size=Pt(36),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=False,
        color=RED,
    )
    paragraph(document, "", fonts.body, indent=False)
    number = paragraph(document, data.doc_number, fonts.body, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    border(number, "bottom", color=RED_HEX, eighths=12, space=12)  # 红色分隔线 (§7.2.4)
    paragraph(document, "", fonts.body, indent=False)
    paragraph(document, data.title, fonts.title, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    paragraph(document, "", fonts.body, indent=False)
    paragraph(document, data.addressees, fonts.body, indent=False)


def _main_text(document: DocxDocument, fonts: FontPlan, data: CircularData) -> None:
    for number, section in enumerate(sections(data)):
        heading1(document, fonts, section.heading)
        for text in section.paragraphs:
            body(document, fonts, text)
        if number == 1:
            _ranking_table(document, fonts, data)
            _chart(document, fonts, data, "scores", "图1 检查得分分布")
        if number == 2:
            _chart(document, fonts, data, "categories", "图2 问题类型分布")
        if number == 3:
            _chart(document, fonts, data, "trend", "图3 近几个季度合格率和平均分")


def _chart(document: DocxDocument, fonts: FontPlan, data: CircularData, name: str, caption: str) -> None:
    if name not in data.charts:
        return
    document.add_picture(str(data.charts[name]), width=Mm(TEXT_WIDTH_MM - 6))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(document, caption, fonts.body, size=SIZE_4, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)


def _signature(document: DocxDocument, fonts: FontPlan, data: CircularData) -> None:
    paragraph(document, "", fonts.body, indent=False)
    body(document, fonts, f"附件：{ANNEX_TITLE}")
    paragraph(document, "", fonts.body, indent=False)
    paragraph(document, "", fonts.body, indent=False)
    for text in (data.issuer, chinese_date(data.issued_on)):
        para = paragraph(document, text, fonts.body, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        para.paragraph_format.right_indent = Pt(16 * 4)  # 成文日期右空四字 (§7.3.5.1)
    paragraph(document, "", fonts.body, indent=False)
    body(document, fonts, "（此件公开发布）")


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
    table(document, fonts, RANKING_HEADER, rows, RANKING_WIDTHS_MM)


def annex_rows(data: CircularData) -> list[list[str]]:
    return [
        [
            str(n),
            p.unit_name,
            p.category,
            p.description,
            p.url or "—",
            chinese_date(p.first_seen),
            STATUS[p.status],
            str(p.finding_id) if p.finding_id is not None else "—",
        ]
        for n, p in enumerate(data.problems + data.fixed, start=1)
    ]


def _annex(document: DocxDocument, fonts: FontPlan, data: CircularData) -> None:
    paragraph(document, "附件", fonts.heading1, indent=False)
    paragraph(document, ANNEX_TITLE, fonts.title, size=SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    paragraph(document, "", fonts.body, indent=False)
    rows = annex_rows(data)
    if rows:
        assert sum(ANNEX_WIDTHS_MM) <= LANDSCAPE_WIDTH_MM
        table(document, fonts, ANNEX_HEADER, rows, ANNEX_WIDTHS_MM, size=SIZE_5)
    else:
        body(document, fonts, "本季度检查未发现问题。")


def _imprint(document: DocxDocument, fonts: FontPlan, data: CircularData) -> None:
    """版记 (§7.4): 抄送 between a first and a middle rule, 印发机关 and 印发日期 above the last."""
    left = Pt(SIZE_4.pt)  # 左右各空一字
    text = f"抄送：{'，'.join(data.cc)}。"
    copied = paragraph(document, text, fonts.body, size=SIZE_4, indent=False)
    copied.paragraph_format.left_indent = copied.paragraph_format.right_indent = left
    # Down to the foot of the page where the viewer ignores the section's bottom alignment:
    # the 版心 is 225 mm; each line is 28 pt (9.9 mm); ~29 characters of 四号 to a line.
    lines = -(-len(text) // IMPRINT_CHARS_PER_LINE) + 1
    copied.paragraph_format.space_before = Mm(max(0.0, 225 - 9.9 * lines - 15))
    border(copied, "top", eighths=8)
    border(copied, "bottom", eighths=6)
    printed = paragraph(
        document, f"{data.printer}\t{chinese_date(data.issued_on)}印发", fonts.body, size=SIZE_4, indent=False
    )
    printed.paragraph_format.left_indent = printed.paragraph_format.right_indent = left
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM) - 2 * left, WD_TAB_ALIGNMENT.RIGHT)
    border(printed, "bottom", eighths=8)
