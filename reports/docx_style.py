"""GB/T 9704-2012 page and type settings for python-docx documents."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from reports.fonts import FontPlan
from reports.safe_text import clean_text

# 号 → points
SIZE_2 = Pt(22)  # 二号: the title
SIZE_3 = Pt(16)  # 三号: body and headings
SIZE_4 = Pt(14)  # 四号: page numbers
SIZE_SMALL4 = Pt(12)  # 小四: tables
LINE = Pt(28)  # fixed line spacing: 22 lines of 28 characters a page
RED = RGBColor(0xC0, 0x00, 0x00)


def setup_page(document: DocxDocument, *, landscape: bool = False) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def set_font(run: Run, family: str, size: Pt, *, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = family
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), family)


def paragraph(
    document: DocxDocument,
    text: str,
    family: str,
    *,
    size: Pt = SIZE_3,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = True,
    bold: bool = False,
    color: RGBColor | None = None,
) -> Paragraph:
    para = document.add_paragraph()
    fmt = para.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE if size <= SIZE_3 else Pt(size.pt * 1.5)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size.pt * 2)  # 首行缩进两字
    if align is not None:
        para.alignment = align
    set_font(para.add_run(clean_text(text)), family, size, bold=bold, color=color)
    return para


def body(document: DocxDocument, fonts: FontPlan, text: str) -> Paragraph:
    return paragraph(document, text, fonts.body)


def heading1(document: DocxDocument, fonts: FontPlan, text: str) -> Paragraph:
    return paragraph(document, text, fonts.heading1)


def heading2(document: DocxDocument, fonts: FontPlan, text: str) -> Paragraph:
    return paragraph(document, text, fonts.heading2)


def page_number_footer(document: DocxDocument, fonts: FontPlan) -> None:
    """ "— 1 —" centred at the foot of each page (the standard puts it outside; centred is common)."""
    footer = document.sections[0].footer
    para = footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(para.add_run("— "), fonts.body, SIZE_4)
    run = para.add_run()
    set_font(run, fonts.body, SIZE_4)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    set_font(para.add_run(" —"), fonts.body, SIZE_4)


def table(
    document: DocxDocument, fonts: FontPlan, header: list[str], rows: list[list[str]], widths_mm: list[float]
) -> None:
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = ""
        set_font(cell.paragraphs[0].add_run(clean_text(text)), fonts.heading1, SIZE_SMALL4)
    for values in rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = ""
            set_font(cell.paragraphs[0].add_run(clean_text(text)), fonts.body, SIZE_SMALL4)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
