"""What the crawler stores in English or ISO form reaches an official in Chinese."""

from __future__ import annotations

import datetime as dt

import pytest

from reports.wording import chinese_date, plain_chinese, unknown_latin


@pytest.mark.parametrize(
    ("stored", "printed"),
    [
        ("链接 http://b.gov.cn/x 两次打开均失败（DNS NXDOMAIN for b.gov.cn）", "链接 http://b.gov.cn/x 两次打开均失败（域名不存在）"),
        ("打开失败（timeout: read (no data for too long)）", "打开失败（访问超时）"),
        ("失败原因：empty_response、redirect loop、HTTP 503", "失败原因：服务器未返回任何内容、页面循环跳转、返回错误代码503"),
        ("隐藏方式：left:-9999px (off-screen)", "隐藏方式：移出屏幕可见区域"),
        ("隐藏方式：display:none (ancestor)", "隐藏方式：设置为不显示（所在上级元素）"),
        ("专栏missing：指南", "专栏缺失：指南"),
        ("最新信息发布于 2020-09-01，已 105 天未更新", "最新信息发布于2020年9月1日，已105天未更新"),
        ("2020Q4 季度检查", "2020年第四季度检查"),
        ("connection frobnicated by peer", "技术原因"),
    ],
)  # fmt: skip
def test_reasons_and_dates_read_in_chinese(stored: str, printed: str) -> None:
    assert plain_chinese(stored) == printed
    assert not unknown_latin(plain_chinese(stored))


def test_urls_and_quoted_page_words_stay_exact_and_the_item_url_is_printed_once() -> None:
    stored = "页面 http://a.gov.cn/2020-01-05/x.html 上的链接 ftp://f.gov.cn/a 含“casino”（DNS NXDOMAIN for f.gov.cn）"
    printed = plain_chinese(stored, drop_url="ftp://f.gov.cn/a")
    assert printed == "页面 http://a.gov.cn/2020-01-05/x.html 上的链接含“casino”（域名不存在）"
    assert unknown_latin("未完成IPv6改造，HTTPS证书") == []
    assert unknown_latin("失败原因：empty_response") == ["empty_response"]


def test_chinese_dates_have_no_leading_zeros() -> None:
    assert chinese_date(dt.date(2020, 1, 5)) == "2020年1月5日"
    assert chinese_date("2020-12-15T02:00:00") == "2020年12月15日"
    assert chinese_date(None) == "—"
