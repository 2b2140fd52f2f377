from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from checks.doclist import DocListError, read_doclist, write_template


def messy_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "2020年"
    sheet["A1"] = "临汾市某某局２０２０年度制发非涉密公文详情列表"
    sheet.merge_cells("A1:G1")
    # Two header rows: 链接 merged over two sub-columns.
    for col, text in enumerate(["序号", "公文全称", "文  号", "公开属性", "牵头起草部门"], start=1):
        sheet.cell(2, col, text)
        sheet.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    sheet.cell(2, 6, "链接")
    sheet.merge_cells("F2:G2")
    sheet.cell(3, 6, "主动公开公文链接")
    sheet.cell(3, 7, "解读文件链接")
    sheet.cell(2, 8, "是否为纯文字解读")
    sheet.merge_cells("H2:H3")
    # Row 4: a cell hyperlink behind 点击查看 and a HYPERLINK formula.
    sheet.cell(4, 1, 1)
    sheet.cell(4, 2, "临汾市某某局关于做好稳就业工作的通知")
    sheet.cell(4, 3, "临某发〔２０２０〕１号")
    sheet.cell(4, 4, "主动公开")
    sheet.cell(4, 5, "办公室")
    sheet.cell(4, 6, "点击查看").hyperlink = "http://x.linfen.gov.cn/zcwj/1.html"
    sheet.cell(4, 7, '=HYPERLINK("http://x.linfen.gov.cn/zcjd/1.html","点击查看")')
    sheet.cell(4, 8, "否（图解）")
    # Row 5 blank; row 6: full-width colon in a URL typed as text, withheld attribute.
    sheet.cell(6, 1, 2)
    sheet.cell(6, 2, "临汾市某某局关于内部工作安排的通知")
    sheet.cell(6, 3, "临某发[2020]第02号")
    sheet.cell(6, 4, "依申请")
    sheet.cell(6, 8, "")
    sheet.cell(7, 1, 3)
    sheet.cell(7, 2, "临汾市某某局关于某某的意见")
    sheet.cell(7, 3, "临某发〔2020〕3号")
    sheet.cell(7, 4, "主动公开")
    sheet.cell(7, 6, "http：//x.linfen.gov.cn/zcwj/3.html")
    sheet.cell(7, 7, "http://x.linfen.gov.cn/zcjd/3a.html\nhttp://x.linfen.gov.cn/zcjd/3b.html")
    sheet.cell(7, 8, "是")
    sheet.cell(9, 1, "填表说明：按文号顺序填写")
    book.save(path)
    return path


def test_messy_xlsx(tmp_path: Path) -> None:
    doclist = read_doclist(messy_workbook(tmp_path / "list.xlsx"))
    assert doclist.header_row == 3
    assert [r.row for r in doclist.rows] == [4, 6, 7]
    first, second, third = doclist.rows
    assert first.doc_number == "临某发〔2020〕1号"  # full-width digits folded
    assert first.policy_url == "http://x.linfen.gov.cn/zcwj/1.html"
    assert first.interpretation_urls == ("http://x.linfen.gov.cn/zcjd/1.html",)
    assert first.pure_text is False and first.claimed_form == "graphic"
    assert second.publicity == "依申请公开" and second.policy_url is None and second.pure_text is None
    assert third.policy_url == "http://x.linfen.gov.cn/zcwj/3.html"
    assert third.interpretation_urls == (
        "http://x.linfen.gov.cn/zcjd/3a.html",
        "http://x.linfen.gov.cn/zcjd/3b.html",
    )
    assert third.pure_text is True


def test_csv_in_gbk_with_title_line(tmp_path: Path) -> None:
    text = (
        "某某局公文列表,,,,,,\n"
        "公文全称,文号,公开属性,牵头起草部门,主动公开公文链接,解读文件链接,是否为纯文字解读\n"
        ",,,,,,\n"
        "关于某某的通知,临某发〔2020〕5号,不予公开,办公室,,,\n"
        "关于某某的意见,临某发〔2020〕6号,主动公开,办公室,http://x.gov.cn/a.html,http://x.gov.cn/b.html,视频\n"
    )
    path = tmp_path / "list.csv"
    path.write_bytes(text.encode("gb18030"))
    doclist = read_doclist(path)
    assert [r.doc_number for r in doclist.rows] == ["临某发〔2020〕5号", "临某发〔2020〕6号"]
    assert doclist.rows[0].publicity == "不予公开"
    assert doclist.rows[1].pure_text is False and doclist.rows[1].claimed_form == "video"


def test_template_round_trip(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx", unit_name="临汾市某某局", year=2020)
    doclist = read_doclist(path)
    assert doclist.rows == []
    assert set(doclist.columns) == {
        "title",
        "doc_number",
        "publicity",
        "drafter",
        "policy_url",
        "interpretation_url",
        "pure_text",
    }


def test_not_a_list(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(DocListError):
        read_doclist(path)
    with pytest.raises(DocListError):
        read_doclist(tmp_path / "x.pdf")


def test_one_sheet_per_document_series(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "临某发"
    first.append(["公文全称", "文号", "公开属性", "主动公开公文链接"])
    first.append(["关于甲的通知", "临某发〔2020〕1号", "主动公开", "http://x.gov.cn/1.html"])
    second = book.create_sheet("临某函")
    second.append(["公文全称", "文号", "公开属性", "主动公开公文链接"])
    second.append(["关于乙的函", "临某函〔2020〕1号", "不予公开", ""])
    book.create_sheet("说明").append(["填表说明"])
    path = tmp_path / "series.xlsx"
    book.save(path)
    doclist = read_doclist(path)
    assert [(r.sheet, r.doc_number) for r in doclist.rows] == [
        ("临某发", "临某发〔2020〕1号"),
        ("临某函", "临某函〔2020〕1号"),
    ]
