from __future__ import annotations

from pages.links import extract_links


def test_links_with_text_tag_and_base() -> None:
    html = """<html><head><base href="/zwgk/"></head><body>
    <a href="zfxxgk/index.shtml"> 政府信息 <b>公开</b> </a>
    <a href="javascript:void(0)">x</a><a href="#top">top</a><a href="mailto:a@b.c">m</a>
    <a href="http://www.gov.cn/"><img src="/logo.png" alt="中国政府网"></a>
    <img src="pic.jpg" alt="图"><script src="/app.js"></script><iframe src="/frame.html" title="f"></iframe>
    </body></html>"""
    links = extract_links(html, "http://www.yaodu.gov.cn/index.html")
    by_url = {(link.url, link.tag): link for link in links}
    assert by_url[("http://www.yaodu.gov.cn/zwgk/zfxxgk/index.shtml", "a")].text == "政府信息 公开"
    assert by_url[("http://www.gov.cn/", "a")].text == "中国政府网"
    assert ("http://www.yaodu.gov.cn/zwgk/pic.jpg", "img") in by_url
    assert ("http://www.yaodu.gov.cn/app.js", "script") in by_url
    assert by_url[("http://www.yaodu.gov.cn/frame.html", "iframe")].navigable
    assert not any(link.url.startswith(("javascript", "mailto")) for link in links)
    assert all("#" not in link.url for link in links)
