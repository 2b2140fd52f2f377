"""The page reader on small pages built to hold one trap each."""

from __future__ import annotations

import datetime as dt

from pages.forms import FORMS
from pages.reader import PageInfo, read_page

CONTRACT_KEYS = {
    "kind",
    "title",
    "publish_date",
    "doc_number",
    "index_number",
    "encoding",
    "meta",
    "items",
    "interpretation_form",
}


def page(head: str = "", body: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def article(
    fields: str = "", content: str = "正文。" * 80, head: str = "", title: str = "某县关于做好某项工作的通知"
) -> str:
    return page(
        f"<title>{title}_通知公告_某县人民政府</title>{head}",
        f"<h1>{title}</h1><div class='info'>{fields}</div><div class='TRS_Editor'><p>{content}</p></div>",
    )


def test_contract_keys_always_present() -> None:
    data = read_page(b"").to_json()
    assert set(data) >= CONTRACT_KEYS
    assert data["kind"] == "other"
    assert data["items"] == []


def test_mislabelled_gbk_bytes_are_read_as_gb18030() -> None:
    html = article(head='<meta charset="utf-8">', fields="<p>发布日期：2020-03-05</p>")
    info = read_page(html.encode("gbk"))
    assert info.encoding == "gb18030"
    assert info.encoding_mislabelled
    assert info.title == "某县关于做好某项工作的通知"
    assert info.publish_date == dt.date(2020, 3, 5)


def test_gb2312_header_with_gbk_only_characters() -> None:
    html = article(title="关于镕铖项目的通知", fields="<p>发布日期：2020-03-05</p>")  # 镕 is not in GB2312
    info = read_page(html.encode("gb18030"), content_type="text/html; charset=gb2312")
    assert info.encoding == "gb18030"
    assert info.title == "关于镕铖项目的通知"


def test_written_date_is_never_the_publish_date() -> None:
    info = read_page(article(fields="<p>成文日期：2020-03-01</p><p>发布日期：2020-03-05</p>"))
    assert info.publish_date == dt.date(2020, 3, 5)
    assert info.publish_date_source == "field"
    assert info.written_date == dt.date(2020, 3, 1)


def test_written_date_in_table_cells_is_not_taken_from_the_body() -> None:
    fields = "<table><tr><td>成文日期</td><td>2020-03-01</td></tr></table>"
    info = read_page(article(fields=fields))
    assert info.written_date == dt.date(2020, 3, 1)
    assert info.publish_date is None


def test_label_and_value_in_separate_cells() -> None:
    fields = (
        "<table><tr><td>索引号：</td><td>11330800MB0R57773W/2021-130444</td>"
        "<td>发布日期</td><td>2021年5月6日</td></tr></table>"
    )
    info = read_page(article(fields=fields))
    assert info.index_number == "11330800MB0R57773W/2021-130444"
    assert info.publish_date == dt.date(2021, 5, 6)


def test_pubdate_meta_beats_field_and_url() -> None:
    html = article(
        head='<meta name="PubDate" content="2024-03-23 16:23">', fields="<p>发布日期：2024-03-20</p>"
    )
    info = read_page(html, url="https://www.x.gov.cn/zwgk/202311/t20231104_51587.htm")
    assert info.publish_date == dt.date(2024, 3, 23)
    assert info.publish_date_source == "meta"
    assert info.url_date == dt.date(2023, 11, 4)


def test_url_date_is_the_last_resort() -> None:
    info = read_page(article(), url="https://www.x.gov.cn/art/2020/3/5/art_12_345.html")
    assert info.publish_date == dt.date(2020, 3, 5)
    assert info.publish_date_source == "url"


def test_date_under_the_heading() -> None:
    html = page(
        "<title>关于某事的通知</title>",
        "<h1>关于某事的通知</h1><div>2020年4月7日 来自本站</div><div class='TRS_Editor'>"
        + "正文" * 200
        + "</div>",
    )
    info = read_page(html)
    assert info.publish_date == dt.date(2020, 4, 7)
    assert info.publish_date_source == "body"


def test_meta_names_match_case_insensitively() -> None:
    head = (
        '<meta name="pubdate" content="2020-01-02 08:00">'
        '<META NAME="ARTICLETITLE" CONTENT="大写的标题">'
        '<meta name="siteidcode" content="1410000039">'
        '<meta name="keywords" content="">'
        '<meta name="Keywords" content="政务">'
    )
    info = read_page(article(head=head))
    assert info.meta["PubDate"] == "2020-01-02 08:00"
    assert info.meta["ArticleTitle"] == "大写的标题"
    assert info.meta["Keywords"] == "政务"  # first non-empty value wins
    assert info.meta_value("SITEIDCODE") == "1410000039"
    assert info.site_id_code == "1410000039"
    assert info.title == "大写的标题"
    assert info.publish_date == dt.date(2020, 1, 2)


def test_doc_number_split_across_spans() -> None:
    fields = "<p>发文字号：<span>临政办函〔</span><span>2020〕26号</span></p>"
    info = read_page(
        article(
            fields=fields, content="依据《通知》（国办<span>发〔2019〕</span><span>3号</span>）执行。" * 20
        )
    )
    assert info.doc_number == "临政办函〔2020〕26号"
    assert info.doc_number_standard is True
    assert [n.text for n in info.cited_doc_numbers] == ["国办发〔2019〕3号"]


def test_non_standard_doc_numbers_are_flagged() -> None:
    for written in (
        "临政办发[2020]5号",
        "临政发〔2020〕第5号",
        "临政发〔2020〕05号",
        "临政发（2020）5号",
        "临政发【2020】5号",
        "临政发﹝2020﹞5号",
    ):
        info = read_page(article(fields=f"<p>文号：{written}</p>"))
        assert info.doc_number == written
        assert info.doc_number_standard is False, written


def test_doc_number_printed_under_the_title() -> None:
    html = page(
        "<title>关于某事的通知</title>",
        "<h1>关于某事的通知</h1><div class='TRS_Editor'><p>临政办发〔2020〕12号</p><p>"
        + "正文" * 200
        + "</p></div>",
    )
    assert read_page(html).doc_number == "临政办发〔2020〕12号"


def test_index_number_must_look_like_one() -> None:
    assert (
        read_page(article(fields="<p>索引号：000014349/2017-00110</p>")).index_number
        == "000014349/2017-00110"
    )
    assert read_page(article(fields="<p>索引号：无</p>")).index_number is None


def trs_list(rows: int, script: str = "") -> str:
    items = "".join(
        f'<li><a href="./2020{m:02d}/t2020{m:02d}01_{m}.html" title="通知{m}全称">通知{m}</a><span>2020-{m:02d}-01</span></li>'
        for m in range(1, rows + 1)
    )
    return page(
        '<title>通知公告_某县人民政府</title><meta name="ColumnName" content="通知公告">',
        f'<div class="list"><ul>{items}</ul></div><script>{script}</script>',
    )


def test_trs_static_list() -> None:
    info = read_page(trs_list(5), url="http://www.x.gov.cn/zwgk/tzgg/index.shtml")
    assert info.kind == "list"
    assert len(info.items) == 5
    assert info.items[0].title == "通知1全称"  # the title attribute holds the full title
    assert info.items[0].url == "http://www.x.gov.cn/zwgk/tzgg/202001/t20200101_1.html"
    assert info.newest_item_date == dt.date(2020, 5, 1)
    assert info.items_complete
    assert info.publish_date is None


def test_trs_pager_pages() -> None:
    info = read_page(trs_list(5, 'createPageHTML(4, 0, "index", "shtml");'))
    assert info.pagination is not None and info.pagination.pages == 4
    assert not info.items_complete
    assert "4 pages" in (info.items_note or "")


def test_trs_api_pager_says_more_records() -> None:
    script = 'require(["list2.trsapi"], function(m){m({pagebar:{prepage: 5, recordCount: "12"}})});'
    info = read_page(trs_list(5, script))
    assert info.pagination is not None
    assert info.pagination.to_json() == {"total_records": 12, "pages": 3, "per_page": 5}
    assert not info.items_complete
    assert "says 12 records, 5 shown" in (info.items_note or "")


HANWEB_RECORDS = "".join(
    f'<record><![CDATA[<li><a href="/art/2020/3/{d}/art_1229_{d}.html" title="公告{d}">公告{d}</a>'
    f"<span>2020-03-{d:02d}</span></li>]]></record>"
    for d in (5, 4, 3)
)


def test_hanweb_records_inline() -> None:
    html = page(
        "<title>通知公告</title>",
        '<div id="1"><script type="text/xml"><datastore><recordset>'
        + HANWEB_RECORDS
        + "</recordset></datastore></script><script>var pageobj = {totalRecord:25, perpage:15};"
        "$.ajax('/module/web/jpage/dataproxy.jsp')</script></div>",
    )
    info = read_page(html, url="http://www.x.gov.cn/col/col1229/index.html")
    assert info.kind == "list"
    assert [item.url for item in info.items][:1] == ["http://www.x.gov.cn/art/2020/3/5/art_1229_5.html"]
    assert len(info.items) == 3
    assert info.pagination is not None and info.pagination.total_records == 25
    assert not info.items_complete
    assert "25 records, 3 shown" in (info.items_note or "")


def test_hanweb_dataproxy_answer() -> None:
    xml = f'<?xml version="1.0" encoding="utf-8"?><datastore><totalrecord>3</totalrecord><recordset>{HANWEB_RECORDS}</recordset></datastore>'
    info = read_page(xml.encode())
    assert info.kind == "list"
    assert [item.date for item in info.items] == [dt.date(2020, 3, d) for d in (5, 4, 3)]
    assert info.items_complete


JS_LIST = page(
    '<title>政策文件_某县人民政府</title><meta name="ColumnName" content="政策文件">',
    '<ul id="app"><li v-for="doc in docs"><a :href="doc.url">{{doc.title}}</a><span>{{doc.date}}</span></li></ul>'
    "<script>fetch('/api/docs').then(r => r.json())</script>",
)


def test_js_only_list_is_incomplete_not_empty() -> None:
    info = read_page(JS_LIST)
    assert info.kind == "list"
    assert info.items == ()
    assert not info.items_complete
    assert info.items_note == "list written by JavaScript: rendered list needed"


def test_rendered_list_gives_the_items() -> None:
    rendered = JS_LIST.replace(
        '<li v-for="doc in docs"><a :href="doc.url">{{doc.title}}</a><span>{{doc.date}}</span></li>',
        '<li><a href="/a/1.html">第一份政策文件</a><span>2020-06-01</span></li>'
        '<li><a href="/a/2.html">第二份政策文件</a><span>2020-05-01</span></li>',
    )
    info = read_page(JS_LIST, url="http://www.x.gov.cn/zcwj/", rendered_html=rendered)
    assert [item.url for item in info.items] == [
        "http://www.x.gov.cn/a/1.html",
        "http://www.x.gov.cn/a/2.html",
    ]
    assert info.items_complete


def test_table_of_documents() -> None:
    rows = "".join(
        f'<tr><td>{n}</td><td><a href="/doc/{n}.html">关于第{n}项工作的通知</a></td><td>临政发〔2020〕{n}号</td><td>2020-0{n}-10</td></tr>'
        for n in range(1, 5)
    )
    html = page(
        "<title>政策文件</title>",
        f"<table><tr><th>序号</th><th>标题</th><th>文号</th><th>日期</th></tr>{rows}</table>",
    )
    info = read_page(html)
    assert info.kind == "list"
    assert len(info.items) == 4
    assert info.items[3].date == dt.date(2020, 4, 10)


def test_homepage_by_url() -> None:
    html = trs_list(3).replace(
        '<meta name="ColumnName" content="通知公告">', '<meta name="SiteName" content="某县人民政府">'
    )
    info = read_page(html, url="http://www.x.gov.cn/")
    assert info.kind == "homepage"
    assert len(info.items) == 3  # a homepage's dated items are its freshness evidence


def test_catalogue_by_name() -> None:
    html = trs_list(3).replace("通知公告_某县人民政府", "政府信息公开目录_某县人民政府")
    assert read_page(html).kind == "catalogue"


def test_interpretation_page_has_a_form() -> None:
    html = article(
        title="《某县促进就业若干措施》政策解读",
        head='<meta name="ArticleTitle" content="《某县促进就业若干措施》政策解读">',
    )
    info = read_page(html)
    assert info.kind == "interpretation"
    assert info.interpretation_form in FORMS
    assert any(s.startswith("title:") for s in info.interpretation_signals)


def test_policy_about_interpretation_work_is_an_article() -> None:
    html = article(
        title="关于做好政策解读工作的通知",
        head='<meta name="ArticleTitle" content="关于做好政策解读工作的通知">',
    )
    info = read_page(html)
    assert info.kind == "article"
    assert info.interpretation_form is None


def test_guide_and_annual_report_by_title() -> None:
    guide = article(
        title="某县政府信息公开指南", head='<meta name="ArticleTitle" content="某县政府信息公开指南">'
    )
    report = article(
        title="某县2019年政府信息公开工作年度报告",
        head='<meta name="ArticleTitle" content="某县2019年政府信息公开工作年度报告">',
    )
    assert read_page(guide).kind == "guide"
    info: PageInfo = read_page(report)
    assert info.kind == "annual_report"
    assert info.report_year == 2019


def test_site_id_code_from_footer_text() -> None:
    html = trs_list(1).replace("</ul>", "</ul><div class='footer'><span>网站标识码：1410000039</span></div>")
    assert read_page(html).site_id_code == "1410000039"


def test_related_links_tie_interpretation_and_policy() -> None:
    content = (
        "解读正文。" * 50
        + '<p>相关文件：<a href="/zcwj/1.html">《某县促进就业若干措施》（某政发〔2020〕3号）</a></p>'
    )
    html = article(title="《某县促进就业若干措施》解读", content=content)
    info = read_page(html, url="http://www.x.gov.cn/zcjd/2.html")
    assert info.kind == "interpretation"
    assert [(r.relation, r.label, r.url) for r in info.related] == [
        ("policy", "相关文件", "http://www.x.gov.cn/zcwj/1.html")
    ]
    assert "link:相关文件" in info.interpretation_signals
    policy = article(
        content="正文。" * 50 + '<p><span>相关解读：</span><a href="/zcjd/2.html">《措施》解读</a></p>'
    )
    assert [r.relation for r in read_page(policy).related] == ["interpretation"]


def test_title_without_article_meta() -> None:
    cut = page("<title>关于做好2020年度…_某县人民政府</title>", "<h1>关于做好2020年度政务公开工作的通知</h1>")
    assert read_page(cut).title == "关于做好2020年度政务公开工作的通知"
    site_first = page(
        '<title>某县人民政府-关于某事的通知</title><meta name="SiteName" content="某县人民政府">', "<p>x</p>"
    )
    assert read_page(site_first).title == "关于某事的通知"


def test_hanweb_page_holding_every_record_is_complete() -> None:
    html = page(
        "<title>通知公告</title>",
        f'<script type="text/xml"><datastore><recordset>{HANWEB_RECORDS}</recordset></datastore></script>'
        "<script>var pageobj = {totalRecord:3, perpage:2};</script>",
    )
    info = read_page(html)
    assert len(info.items) == 3
    assert info.items_complete


def test_blank_trs_list_is_a_list_with_no_items() -> None:
    html = page(
        '<title>专项资金_某县人民政府</title><meta name="ColumnName" content="专项资金">',
        '<div class="list-box"><h2>专项资金</h2><p class="empty">暂无信息</p>'
        '<script>createPageHTML(1, 0, "index", "shtml");</script></div>',
    )
    info = read_page(html)
    assert info.kind == "list"
    assert info.items == ()
    assert info.items_complete  # truly blank: no script fills it


def test_empty_container_filled_by_fetch_needs_rendering() -> None:
    html = page(
        '<title>政务要闻</title><meta name="ColumnName" content="政务要闻">',
        '<ul class="js-list" data-channel="zwyw"></ul><script>fetch("/api/list").then(r => r.json())'
        ".then(j => { ul.innerHTML = j.map(i => '<li><a href=\"' + i.url + '\">' + i.title + '</a></li>'); });</script>",
    )
    info = read_page(html)
    assert info.kind == "list"
    assert not info.items_complete
    assert "rendered list needed" in (info.items_note or "")


def test_homepage_with_lists_written_by_javascript() -> None:
    html = page(
        '<title>某县人民政府</title><meta name="SiteName" content="某县人民政府">',
        '<ul class="js-list" data-channel="zwyw"></ul><ul class="js-list" data-channel="tzgg"></ul>'
        "<script>fetch('/api/list').then(r => r.json()).then(j => { ul.innerHTML = '<li>' + j + '</li>'; });</script>",
    )
    info = read_page(html, url="http://www.x.gov.cn/")
    assert info.kind == "homepage"
    assert not info.items_complete
    assert info.items_note == "2 lists written by JavaScript: rendered page needed"


def test_department_homepage_below_the_portal_root() -> None:
    blocks = "".join(
        f'<div class="block"><h3>栏目{n}</h3>{trs_list(3).split("<body>")[1].split("<script>")[0]}</div>'
        for n in range(2)
    )
    html = page('<title>某县科技局</title><meta name="SiteName" content="某县科技局">', blocks)
    assert read_page(html, url="http://www.x.gov.cn/bm/kjj/").kind == "homepage"


def test_landing_page_previewing_sub_columns_is_a_column() -> None:
    sections = "".join(
        f'<li><a href="/zfxxgk/{path}/">{name}</a></li>'
        for path, name in (
            ("zfxxgkzn", "政府信息公开指南"),
            ("zfxxgkzd", "政府信息公开制度"),
            ("zfxxgknb", "政府信息公开年报"),
        )
    )
    block = '<div class="block"><h3>政府信息公开年报</h3><ul><li><a href="/nb/1.html">2019年年报</a><span>2020-01-20</span></li></ul></div>'
    html = page(
        '<title>政府信息公开_某县人民政府</title><meta name="ColumnName" content="政府信息公开">',
        f'<div class="landing"><h2>政府信息公开</h2><ul class="sublist">{sections}</ul></div>{block}',
    )
    info = read_page(html)
    assert info.kind == "column"
    assert set(info.sections) == {"guide", "rules", "annual_report"}


def test_article_marked_by_the_cms_without_meta() -> None:
    html = page(
        "<title>简短动态_某县人民政府</title>",
        "<h1>简短动态</h1><div class='info'>发布日期：2020-06-01</div><div class='TRS_Editor'><p>短文。</p></div>",
    )
    info = read_page(html)
    assert info.kind == "article"
    assert info.publish_date == dt.date(2020, 6, 1)


# --- Lists a script fills from a list API (the sandbox's modern CMS and its kin) -------------------

_LIST_SCRIPT = (
    "<script>fetch('/api/content/list?channelId=zwyw&pageNo=1&pageSize=15').then(r => r.json())"
    ".then(j => { ul.innerHTML = j.data.list.map(i => '<li><a href=\"' + i.url + '\">' + i.title + '</a></li>').join(''); });"
    "</script>"
)
_COLUMN_HEAD = '<title>政务要闻_某县人民政府</title><meta name="ColumnName" content="政务要闻">'


def _assert_needs_rendering(info: PageInfo) -> None:
    assert info.kind == "list", info.kind_reasons
    assert info.items == ()
    assert not info.items_complete
    assert info.items_note == "list written by JavaScript: rendered list needed"


def test_list_container_showing_a_loading_placeholder_needs_rendering() -> None:
    html = page(_COLUMN_HEAD, f'<ul class="news-list"><li class="loading">加载中...</li></ul>{_LIST_SCRIPT}')
    _assert_needs_rendering(read_page(html))


def test_container_targeted_by_getjson_needs_rendering() -> None:
    script = "<script>$.getJSON('/api/content/list', {channelId: 'zwyw'}, function (j) { $('#app').html(render(j)); });</script>"
    _assert_needs_rendering(read_page(page(_COLUMN_HEAD, f'<div id="app"></div>{script}')))


def test_table_body_filled_by_ajax_needs_rendering() -> None:
    html = page(
        _COLUMN_HEAD,
        '<table><thead><tr><th>标题</th><th>日期</th></tr></thead><tbody id="rows"></tbody></table>'
        "<script>$.ajax({url: '/api/content/list', data: {pageNo: 1}, success: function (j) { fill(j); }});</script>",
    )
    _assert_needs_rendering(read_page(html))


def test_list_built_by_xmlhttprequest_needs_rendering() -> None:
    html = page(
        _COLUMN_HEAD,
        '<ul class="js-list"></ul><script>var x = new XMLHttpRequest(); x.open("GET", "/api/content/list?channelId=zwyw");'
        "x.onload = function () { JSON.parse(x.responseText).data.list.forEach(function (it) {"
        'var li = document.createElement("li"); li.textContent = it.title; ul.appendChild(li); }); }; x.send();</script>',
    )
    info = read_page(html)
    _assert_needs_rendering(info)
    assert any("XMLHttpRequest" in reason for reason in info.kind_reasons)


def test_trs_list2_api_with_an_unnamed_container_needs_rendering() -> None:
    html = page(
        _COLUMN_HEAD,
        '<div class="main"><div id="result"></div></div>'
        "<script>$.ajax({url: '/common/list2.trsapi', data: {chnlid: 12}, success: function (d) { tpl(d); }});</script>",
    )
    _assert_needs_rendering(read_page(html))


def test_a_few_dated_links_beside_an_unfilled_list_are_not_its_rows() -> None:
    sidebar = (
        '<div class="side"><h3>热点</h3><ul><li><a href="/a/1.html">热点一号新闻标题</a><span>2020-11-01</span></li>'
        '<li><a href="/a/2.html">热点二号新闻标题</a><span>2020-10-01</span></li></ul></div>'
    )
    html = page(_COLUMN_HEAD, f'{sidebar}<ul class="js-list" data-channel="zwyw"></ul>{_LIST_SCRIPT}')
    _assert_needs_rendering(read_page(html))


def test_a_script_fetching_something_else_does_not_make_a_list() -> None:
    html = page(
        _COLUMN_HEAD,
        "".join(f'<a href="/c{n}/">栏目{n}</a>' for n in range(35))
        + '<div id="counter"></div><script>fetch("/api/visits").then(r => r.text())'
        ".then(t => { document.getElementById('counter').textContent = t; });</script>",
    )
    info = read_page(html)
    assert info.kind == "column"
    assert info.items_complete


def _modern_list_page(single_page: bool) -> tuple[str, dict[str, object], bytes, str, list[str]]:
    """A list page of a modern-CMS unit in the sandbox: (url, manifest column, static bytes,
    rendered HTML, the item URLs its list API serves for page 1)."""
    import json
    from urllib.parse import urlsplit

    from sandbox.http import Request
    from sandbox.manifest import build_manifest
    from sandbox.snapshots import web_for

    as_of = dt.date(2020, 12, 15)
    units = build_manifest(1, as_of)["units"]
    unit = next(e for e in units.values() if e["cms"] == "modern" and e["columns"])
    column = next(
        c
        for c in unit["columns"]
        if c["type"] in ("news", "notice", "policy")
        and (0 < c["items"] <= 15 if single_page else c["items"] > 15)
    )
    web = web_for(1, as_of)
    parts = urlsplit(column["url"])
    request = Request(parts.netloc, parts.path, parts.query)
    static, rendered = web.handle(request), web.handle(request, rendered=True)
    assert static.status == 200 and b"data-channel" in static.body
    channel = parts.path.rstrip("/").rsplit("/", 1)[-1]
    api_path = urlsplit(unit["homepage"]).path + "api/content/list"
    answer = web.handle(Request(parts.netloc, api_path, f"channelId={channel}&pageNo=1&pageSize=15"))
    urls = [row["url"] for row in json.loads(answer.body)["data"]["list"]]
    return column["url"], column, static.body, rendered.body.decode("utf-8", "replace"), urls


def test_sandbox_modern_list_unrendered_is_incomplete() -> None:
    url, _, body, _, _ = _modern_list_page(single_page=True)
    info = read_page(body, url=url, content_type="text/html")
    _assert_needs_rendering(info)
    assert info.to_json()["items_complete"] is False


def test_sandbox_modern_list_rendered_gives_the_api_rows() -> None:
    url, column, body, rendered, urls = _modern_list_page(single_page=True)
    info = read_page(body, url=url, content_type="text/html", rendered_html=rendered)
    assert info.kind == "list"
    assert [item.url for item in info.items] == urls
    assert len(info.items) == column["items"]
    assert info.items_complete
    assert info.items_note is None
    assert max(item.date for item in info.items if item.date).isoformat() == column["newest"]


def test_sandbox_modern_paged_list_rendered_shows_page_one_of_its_pager() -> None:
    url, column, body, rendered, urls = _modern_list_page(single_page=False)
    assert read_page(body, url=url).items_note == "list written by JavaScript: rendered list needed"
    info = read_page(body, url=url, rendered_html=rendered)
    assert [item.url for item in info.items] == urls  # the rendered DOM's rows, 15 of them
    assert not info.items_complete  # page 1 of 2: the pager the browser drew says so
    assert info.pagination is not None and info.pagination.pages == -(-int(str(column["items"])) // 15)
    assert info.items_note == f"pager says {info.pagination.pages} pages; this page shows 15 items"


def test_js_list_reasons_for_a_crawler_render_decision() -> None:
    from pages.listing import js_list_reasons

    waiting = page(
        _COLUMN_HEAD, f'<ul class="news-list"><li class="loading">加载中...</li></ul>{_LIST_SCRIPT}'
    )
    assert js_list_reasons(waiting) == ["1 list containers waiting for list data (fetch call)"]
    assert js_list_reasons(article()) == []
