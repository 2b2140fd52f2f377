"""GB/T 9704-2012 page and type settings for python-docx documents."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from reports.fonts import FontPlan, docx_alternatives, official_roles
from reports.safe_text import clean_text

# 号 → points
SIZE_2 = Pt(22)  # 二号: the title
SIZE_3 = Pt(16)  # 三号: body and headings
SIZE_4 = Pt(14)  # 四号: page numbers
SIZE_SMALL4 = Pt(12)  # 小四: tables
LINE = Pt(28)  # fixed line spacing: 22 lines of 28 characters a page
SIZE_5 = Pt(10.5)  # 五号: the annex table
RED = RGBColor(0xC0, 0x00, 0x00)
TEXT_WIDTH_MM = 156  # 版心 (GB/T 9704 §5.2.2: 156 mm × 225 mm)
LANDSCAPE_WIDTH_MM = 225  # the same 版心 turned: a landscape page's text is 225 mm wide


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
    fonts.set(qn("w:hint"), "eastAsia")


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


# Schema order (ECMA-376 CT_PPr, CT_SectPr): what must follow the element inserted.
_AFTER_PBDR = tuple(
    f"w:{t}"
    for t in [
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ]
)
_AFTER_VALIGN = tuple(
    f"w:{t}"
    for t in [
        "noEndnote",
        "titlePg",
        "textDirection",
        "bidi",
        "rtlGutter",
        "docGrid",
        "printerSettings",
        "sectPrChange",
    ]
)


def docx_fonts(fonts: FontPlan) -> FontPlan:
    """The standard faces by name (Word on the office's PCs uses them); see declare_fonts."""
    return FontPlan(official=fonts.official, **official_roles())


def declare_fonts(document: DocxDocument) -> None:
    """List each standard face in the font table with its stand-in (w:altName), so a machine
    without 仿宋_GB2312 or 方正小标宋简体 substitutes a Chinese face of the same kind."""
    table_part = next(
        (rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable")), None
    )
    if table_part is None:
        return
    from docx.oxml import parse_xml

    root = parse_xml(table_part.blob)
    for role, name in official_roles().items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        alt = OxmlElement("w:altName")
        alt.set(qn("w:val"), docx_alternatives(role)[0])
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), "86")  # GB2312
        family = OxmlElement("w:family")
        family.set(qn("w:val"), "modern" if role == "heading1" else "roman")
        font.extend([alt, charset, family])
        root.append(font)
    from lxml import etree

    table_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def border(para: Paragraph, side: str, *, color: str = "000000", eighths: int = 8, space: int = 1) -> None:
    """A rule under/over a paragraph: the red separator line, the 版记 lines."""
    p_pr = para._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.insert_element_before(borders, *_AFTER_PBDR)
    line = OxmlElement(f"w:{side}")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", str(eighths)),
        ("w:space", str(space)),
        ("w:color", color),
    ):
        line.set(qn(key), value)
    borders.append(line)


def new_section(document: DocxDocument, *, landscape: bool, bottom: bool = False) -> None:
    """A new page in portrait or landscape (the annex table); ``bottom`` sets the page's text
    against its foot (the 版记 sits at the bottom of the last page, GB/T 9704 §7.4)."""
    from docx.enum.section import WD_SECTION

    section = document.add_section(WD_SECTION.NEW_PAGE)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
        section.left_margin, section.right_margin = Mm(37), Mm(35)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    if bottom:
        align = OxmlElement("w:vAlign")
        align.set(qn("w:val"), "bottom")
        section._sectPr.insert_element_before(align, *_AFTER_VALIGN)


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
    document: DocxDocument,
    fonts: FontPlan,
    header: list[str],
    rows: list[list[str]],
    widths_mm: Sequence[float],
    *,
    size: Pt = SIZE_SMALL4,
) -> None:
    """A ruled table with fixed column widths (Word and LibreOffice keep them) whose header
    row repeats on each page."""
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    grid.autofit = False
    for column, width in zip(grid._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        column.set(qn("w:w"), str(int(Mm(width).twips)))
    repeat = OxmlElement("w:tblHeader")
    grid.rows[0]._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(cell.paragraphs[0].add_run(clean_text(text)), fonts.heading1, size)
    for values in rows:
        row = grid.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row stays on one page
        cells = row.cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = ""
            set_font(cell.paragraphs[0].add_run(clean_text(text)), fonts.body, size)
    for row in grid.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
