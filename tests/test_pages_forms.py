from __future__ import annotations

from pathlib import Path

import pytest

from pages.forms import classify_form, find_media

REFERENCE = Path(__file__).parent / "data" / "reference_pages"


def page(body: str, chrome: str = "") -> str:
    return (
        "<html><head><title>t</title></head><body>"
        f'<div class="nav">{chrome}</div><div class="TRS_Editor">{body}</div>'
        '<div class="footer"><a href="https://mp.weixin.qq.com/s/x">微信</a></div></body></html>'
    )


TEXT = "<p>" + "为贯彻落实有关部署，现就文件的起草背景、主要内容和政策措施解读如下。" * 6 + "</p>"


def test_reference_policy_document_is_text() -> None:
    html = (REFERENCE / "e_policy_doc_pingtan_2017_lzgz7.html").read_text(encoding="utf-8")
    result = classify_form(html, url="https://www.pingtan.gov.cn/zwgk/x.html")
    assert result.form == "text"


@pytest.mark.parametrize("name", sorted(p.name for p in REFERENCE.glob("*.html")))
def test_reference_pages_are_not_called_media(name: str) -> None:
    # Site chrome (H5解读 sidebars, WeChat buttons, logos, banners) must not make a page non-text.
    html = (REFERENCE / name).read_text(encoding="utf-8")
    assert classify_form(html, url="https://www.pingtan.gov.cn/zwgk/").form == "text"


def test_plain_text() -> None:
    result = classify_form(page(TEXT), "关于《某某办法》的解读")
    assert result.form == "text" and result.is_text


@pytest.mark.parametrize(
    ("title", "form"),
    [
        ("新闻发布会实录：某某政策", "press_conference"),
        ("在线访谈：解读《某某办法》", "interview"),
        ("《某某办法》问答", "qa"),
        ("答记者问", "qa"),
    ],
)
def test_transcript_forms_from_title(title: str, form: str) -> None:
    assert classify_form(page(TEXT), title).form == form


def test_video_element() -> None:
    html = page('<video controls src="/media/a.mp4"></video><p>视频</p>')
    result = classify_form(html, "某某办法解读", "http://x.gov.cn/a/b.html")
    assert result.form == "video"
    assert any("http://x.gov.cn/media/a.mp4" in s for s in result.signals)


def test_video_source_child_and_platform_iframe() -> None:
    assert classify_form(page('<video><source src="v.m3u8"></video>'), "解读").form == "video"
    iframe = page('<iframe src="https://v.qq.com/txp/iframe/player.html?vid=x"></iframe>')
    assert classify_form(iframe, "解读").form == "video"


def test_audio_and_animation_and_h5() -> None:
    assert classify_form(page('<audio src="/a/b.mp3"></audio>'), "解读").form == "audio"
    assert classify_form(page('<embed src="/f/a.swf">'), "解读").form == "animation"
    assert classify_form(page('<a href="https://h5.eqxiu.com/s/abc">点击查看H5</a>'), "解读").form == "h5"
    assert classify_form(page('<iframe src="https://www.maka.im/x"></iframe>'), "解读").form == "h5"


def test_image_dominated_body_is_graphic() -> None:
    html = page('<p>一图读懂</p><p><img src="/upload/2020/11/a.jpg"></p><p><img src="/upload/b.png"></p>')
    result = classify_form(html, "关于某某的解读")
    assert result.form == "graphic"
    assert any(s.startswith("images:2") for s in result.signals)


def test_small_icons_and_template_images_are_not_graphics() -> None:
    html = page(
        '<p><img src="/images/logo.png"><img src="/upload/x.jpg" width="16" height="16"></p><p>短</p>'
    )
    assert classify_form(html, "解读").form == "text"


def test_images_in_a_long_text_are_not_a_graphic() -> None:
    html = page('<p><img src="/upload/2020/photo.jpg"></p>' + TEXT * 3)
    assert classify_form(html, "关于某某的解读").form == "text"


def test_media_that_does_not_load_does_not_count() -> None:
    html = page('<video src="/m/a.mp4"></video>')
    url = "http://x.gov.cn/a.html"
    assert classify_form(html, "视频解读：某某", url).form == "video"
    broken = classify_form(html, "视频解读：某某", url, media_status={"http://x.gov.cn/m/a.mp4": 404})
    assert broken.form == "text"
    assert any("broken" in s for s in broken.signals)
    ok = classify_form(html, "视频解读：某某", url, media_status={"http://x.gov.cn/m/a.mp4": 200})
    assert ok.form == "video"


def test_title_marker_without_media_still_counts() -> None:
    result = classify_form(page(TEXT), "图解：某某实施方案")
    assert result.form == "graphic"
    assert "title only" in result.signals[-1]


def test_h5_marker_needs_a_word_boundary() -> None:
    assert classify_form(page(TEXT), "关于GH5系统的解读").form == "text"
    assert classify_form(page(TEXT), "H5｜某某措施").form == "h5"


def test_chrome_outside_the_body_is_ignored() -> None:
    chrome = '<a href="https://h5.example.cn/x">H5解读</a><img src="/upload/banner.jpg">'
    assert classify_form(page(TEXT, chrome), "关于《某某》的解读").form == "text"


def test_hanweb_content_markers() -> None:
    html = (
        '<html><body><div class="side"><video src="/ad.mp4"></video></div>'
        "<!--ZJEG_RSS.content.begin--><p>" + "正文" * 200 + "</p><!--ZJEG_RSS.content.end-->"
        "</body></html>"
    )
    assert classify_form(html, "关于某某的解读").form == "text"


def test_find_media_lists_absolute_urls_to_probe() -> None:
    media = find_media(page('<video src="a.mp4"></video><img src="/u/p.jpg">'), "http://x.gov.cn/d/e.html")
    assert media.urls() == ["http://x.gov.cn/d/a.mp4", "http://x.gov.cn/u/p.jpg"]


def test_comic_is_animation_when_the_title_says_so() -> None:
    images = "".join(f'<p><img src="/bm/x/images/jd/7_{n}.png" width="750"></p>' for n in range(5))
    assert classify_form(page(images), "动漫解读：某某措施").form == "animation"
    assert classify_form(page(images), "一图读懂｜某某措施").form == "graphic"
    assert classify_form(page(images), "关于某某的解读").form == "graphic"
