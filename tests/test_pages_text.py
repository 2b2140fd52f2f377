"""The reader's parts: text lines, dates, 文号, labelled fields, meta, dated-link groups."""

from __future__ import annotations

import datetime as dt

from selectolax.lexbor import LexborHTMLParser

from pages.dates import find_dates, parse_date, url_date
from pages.docnumbers import find_doc_numbers, is_standard, parse_doc_number
from pages.fields import read_fields
from pages.items import dated_groups
from pages.kinds import interpretation_markers
from pages.meta import read_meta, title_segments
from pages.text import clean, html_lines, without_block


def test_inline_elements_join_blocks_break() -> None:
    lines = html_lines(
        "<p>国办函〔</span><span>2020〕109号</p><p>第二段<b>加粗</b>文字</p>"
        "<ul><li>一</li><li>二</li></ul><script>var x = '不读';</script><!-- 注释 -->"
    )
    assert lines == ["国办函〔2020〕109号", "第二段加粗文字", "一", "二"]


def test_blanks_of_every_kind_collapse() -> None:
    assert clean("索\u2002引\u2002号：\u3000A\xa0B  ") == "索 引 号： A B"


def test_without_block() -> None:
    assert without_block(["a", "b", "c", "d"], ["b", "c"]) == (["a"], ["d"])
    assert without_block(["a"], ["x"]) == (["a"], [])


def test_dates() -> None:
    assert parse_date("2024-03-23 16:23") == dt.date(2024, 3, 23)
    assert parse_date("2020年3月5日") == dt.date(2020, 3, 5)
    assert parse_date("2020/03/05") == dt.date(2020, 3, 5)
    assert parse_date("2020.3.5") == dt.date(2020, 3, 5)
    assert parse_date("2020-13-45") is None
    assert parse_date("电话 0591-23165385") is None
    assert find_dates("自2017年1月20日起至2017-02-01") == [dt.date(2017, 1, 20), dt.date(2017, 2, 1)]


def test_url_dates() -> None:
    assert url_date("https://www.pingtan.gov.cn/zwgk/202311/t20231104_51587.htm") == dt.date(2023, 11, 4)
    assert url_date("http://www.x.gov.cn/art/2020/3/5/art_12_345.html") == dt.date(2020, 3, 5)
    assert url_date("http://www.x.gov.cn/2020-03-05/12.html") == dt.date(2020, 3, 5)
    assert url_date("https://www.henan.gov.cn/2022/08-11/2559082.html") == dt.date(2022, 8, 11)  # real page
    assert url_date("http://www.x.gov.cn/zwgk/202311/") is None


def test_doc_numbers() -> None:
    numbers = find_doc_numbers(
        "依照《办法》（国办函〔2020〕109号）和临政办发[2019]5号、晋政发〔2018〕第012号执行"
    )
    assert [n.text for n in numbers] == ["国办函〔2020〕109号", "临政办发[2019]5号", "晋政发〔2018〕第012号"]
    assert [n.standard for n in numbers] == [True, False, False]
    assert numbers[1].key == ("临政办发", 2019, 5)
    assert is_standard("临政办函〔2020〕26号")
    assert not is_standard("临政办函〔2020〕026号")
    number = parse_doc_number("岚综管综 〔2017〕 7号")
    assert number is not None and number.text == "岚综管综〔2017〕7号"
    assert parse_doc_number("无") is None


def test_fields_on_one_line_and_spaced_labels() -> None:
    fields = read_fields(
        ["来源：某县行政审批局 时间：2017-01-09 16:53", "索 引 号：PZ00101-1700-2023-00040", "办公时间：上午"]
    )
    assert fields["source"] == ("来源", "某县行政审批局")
    assert fields["time"] == ("时间", "2017-01-09 16:53")
    assert fields["index_number"][1] == "PZ00101-1700-2023-00040"


def test_fields_in_cells_need_a_plausible_value() -> None:
    fields = read_fields(["标题", "发布日期", "某项工作的通知", "成文日期", "2020-01-02"])
    assert "publish_date" not in fields  # a table header, not a field
    assert fields["written_date"] == ("成文日期", "2020-01-02")


def test_meta_first_non_empty_value_and_canonical_names() -> None:
    tree = LexborHTMLParser(
        '<meta name="keywords" content=""><meta name="KeyWords" content="a"><meta property="og:title" content="T">'
    )
    assert read_meta(tree) == {"Keywords": "a", "og:title": "T"}


def test_title_segments() -> None:
    assert title_segments("指南_政府信息公开指南_平潭") == ["指南", "政府信息公开指南", "平潭"]
    assert title_segments("关于某事的通知 - 某县人民政府") == ["关于某事的通知", "某县人民政府"]


def test_groups_named_by_heading_and_tabs() -> None:
    html = (
        '<div><div class="title"><h3>最新文件</h3></div><ul>'
        '<li><a href="/1">文件一的标题</a><span>2020-01-01</span></li>'
        '<li><a href="/2">文件二的标题</a><span>2020-01-02</span></li></ul></div>'
        '<div class="tabs"><div class="tabs_hd"><ul><li>公示公告</li><li>人事任免</li></ul></div>'
        '<div class="tabs_bd"><div class="list"><ul><li><a href="/3">公示一的标题</a><span>2020-02-01</span></li></ul></div>'
        '<div class="list"><ul><li><a href="/4">任免一的标题</a><span>2020-03-01</span></li></ul></div></div></div>'
    )
    groups = dated_groups(LexborHTMLParser(html).body, "http://x.gov.cn/")
    assert [(g.name, len(g.items)) for g in groups] == [("最新文件", 2), ("公示公告", 1), ("人事任免", 1)]
    assert groups[0].newest == dt.date(2020, 1, 2)
    assert groups[0].items[0].url == "http://x.gov.cn/1"


def test_dates_inside_link_titles_do_not_date_a_row() -> None:
    html = '<ul><li><a href="/1">关于2020年3月5日会议的通知</a></li><li><a href="/2">第二个通知</a><i>2020-04-01</i></li></ul>'
    groups = dated_groups(LexborHTMLParser(html).body, None)
    assert [(i.url, i.date) for g in groups for i in g.items] == [("/2", dt.date(2020, 4, 1))]


def test_interpretation_markers() -> None:
    assert interpretation_markers("图解：关于促进就业的通知", None) == ["title:图解"]
    assert interpretation_markers("《就业办法》解读", None) == ["title:解读"]
    assert interpretation_markers("关于做好政策解读工作的通知", None) == []
    assert interpretation_markers("某某办法", "政策解读") == ["column:政策解读"]


def test_title_hyphens() -> None:
    assert title_segments("某县人民政府-关于某事的通知") == ["某县人民政府", "关于某事的通知"]
    assert title_segments("某县2021-2025年发展规划_某县人民政府") == [
        "某县2021-2025年发展规划",
        "某县人民政府",
    ]
    assert interpretation_markers("音频解读｜关于健全社会救助体系的工作方案", None) == ["title:解读"]


def test_month_day_rows_take_the_year_from_the_url() -> None:
    html = (
        '<ul><li><a href="/xw/202003/t20200305_1.html">第一条新闻标题</a><span>03-05</span></li>'
        '<li><a href="/xw/202003/t20200306_2.html">第二条新闻标题</a><span>03-09</span></li></ul>'
    )
    groups = dated_groups(LexborHTMLParser(html).body, None)
    # The second row's URL (03-06) disagrees with its visible 03-09: it stays a row, dated only
    # by month and day (pages.monthday decides its year, or leaves it undated).
    assert [(i.url, i.date, i.month_day) for g in groups for i in g.items] == [
        ("/xw/202003/t20200305_1.html", dt.date(2020, 3, 5), None),
        ("/xw/202003/t20200306_2.html", None, "03-09"),
    ]
