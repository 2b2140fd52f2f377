"""The form of a policy interpretation: text, graphic (图解), video, audio, animation, H5,
interview, Q&A or press conference — and the signals that decided it (rules.md §5).

``classify_form`` is what ``page inspect`` reports as ``interpretation_form`` and what the
interpretation checks count. It reads the article body only (site chrome — navigation, share
buttons, "H5解读" sidebars — says nothing about the page), looks for media elements, media
files, video-platform iframes, H5 links and image-dominated bodies, and weighs them with the
title. When the caller knows which media URLs load (``media_status``: URL → HTTP status, 0 for
a network error), media that do not load do not count: a "video interpretation" whose only
video is a 404 is, for the reader, text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pages.content import CONTENT_SELECTORS

FORMS = ("text", "graphic", "video", "audio", "animation", "h5", "interview", "qa", "press_conference")

# Title markers, most specific first.
_TITLE_MARKERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("press_conference", ("新闻发布会", "发布会")),
    ("interview", ("在线访谈", "访谈")),
    ("animation", ("动漫", "漫画", "动画", "卡通")),
    ("h5", ("H5", "h5")),
    ("video", ("视频", "微视频", "短视频")),
    ("audio", ("音频", "广播", "听政策", "语音")),
    ("qa", ("问答", "答记者问", "一问一答", "答问", "问与答")),
    ("graphic", ("图解", "一图读懂", "一图看懂", "一图了解", "一图速览", "图说", "图表解读", "长图")),
)
# Body media that can carry the form the title names.
_COMPATIBLE = {
    "animation": ("graphic", "video", "animation"),
    "graphic": ("graphic",),
    "video": ("video",),
    "audio": ("audio",),
    "h5": ("h5", "graphic"),
}
# Forms whose substance is media: the media must be there (or at least not be broken).
_MEDIA_FORMS = ("video", "audio", "animation", "h5", "graphic")

VIDEO_EXT = (".mp4", ".flv", ".m3u8", ".mov", ".avi", ".wmv", ".webm", ".mkv", ".rmvb", ".3gp")
AUDIO_EXT = (".mp3", ".wav", ".m4a", ".aac", ".amr", ".ogg", ".wma", ".flac")
ANIMATION_EXT = (".swf", ".gif")
IMAGE_EXT = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp")
VIDEO_HOSTS = (
    "v.qq.com",
    "video.qq.com",
    "youku.com",
    "bilibili.com",
    "ixigua.com",
    "iqiyi.com",
    "cctv.com",
    "cntv.cn",
    "douyin.com",
    "haokan.baidu.com",
    "weishi.qq.com",
    "kuaishou.com",
    "tv.people.com.cn",
    "v.xinhuanet.com",
    "channels.weixin.qq.com",
    "mgtv.com",
    "le.com",
)
H5_HOSTS = ("eqxiu.com", "maka.im", "rabbitpre.com", "ih5.cn", "epub360.com", "h5.", "fx.", "wxh5.")

_CHROME = re.compile(
    r"nav|menu|header|footer|share|sidebar|side_|banner|logo|crumb|qrcode|ewm|related|weixin|tianqi|search",
    re.I,
)
_PLAY_WORDS = re.compile(r"视频|观看|播放|点击查看|收看")
_HANWEB_BEGIN = "<!--ZJEG_RSS.content.begin-->"
_HANWEB_END = "<!--ZJEG_RSS.content.end-->"
_MEDIA_TAGS = "img, video, audio, iframe, embed, object"
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer")
# Image-dominated: at least this many content images and at most this much body text.
MIN_IMAGES_GRAPHIC = 1
MAX_TEXT_CHARS_GRAPHIC = 300
# Site template assets (logos, icons, banners) are not content images.
_TEMPLATE_ASSET = re.compile(
    r"^/(images?|img|static|common|skin|style|css|template|assets)/[^/]+$|/sysimage/|icon|logo|banner|ewm|qrcode",
    re.I,
)
MIN_IMAGE_SIDE = 300  # declared width/height below this are icons, not graphics


@dataclass(frozen=True)
class FormResult:
    form: str
    signals: list[str] = field(default_factory=list)

    @property
    def is_text(self) -> bool:
        return self.form == "text"


@dataclass
class Media:
    """What the article body holds, by kind: URLs (or markers when there is no URL)."""

    video: list[str] = field(default_factory=list)
    audio: list[str] = field(default_factory=list)
    animation: list[str] = field(default_factory=list)
    h5: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    text_chars: int = 0

    def urls(self) -> list[str]:
        """Every media URL worth probing (to know whether the media loads)."""
        seen: list[str] = []
        for url in (*self.video, *self.audio, *self.animation, *self.h5, *self.images):
            if url.startswith(("http://", "https://")) and url not in seen:
                seen.append(url)
        return seen


def content_node(tree: LexborHTMLParser, html: str | None = None) -> LexborNode | None:
    """The article body: Hanweb's content markers, the first known content container holding
    text or media (``pages.content.CONTENT_SELECTORS``), else ``<body>`` minus chrome."""
    if html is not None:
        begin = html.find(_HANWEB_BEGIN)
        end = html.find(_HANWEB_END, begin + 1) if begin >= 0 else -1
        if begin >= 0 and end > begin:
            fragment = LexborHTMLParser(html[begin + len(_HANWEB_BEGIN) : end])
            if fragment.body is not None:
                return fragment.body
    for selector in CONTENT_SELECTORS:
        node = tree.css_first(selector)
        if node is not None and ((node.text() or "").strip() or node.css_first(_MEDIA_TAGS) is not None):
            return node
    body = tree.body
    if body is None:
        return None
    for node in list(body.css("*")):
        if node.tag in _DROP_TAGS:
            node.decompose()
            continue
        marker = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if node.tag in ("div", "ul", "section", "aside", "td") and _CHROME.search(marker):
            node.decompose()
    return body


def find_media(html: str, url: str | None = None) -> Media:
    """The media the article body holds, as absolute URLs where the page gives one."""
    tree = LexborHTMLParser(html)
    node = content_node(tree, html)
    media = Media()
    if node is None:
        return media
    for dropped in node.css("script, style, noscript"):
        dropped.decompose()
    base = url or ""

    def absolute(ref: str | None) -> str | None:
        ref = (ref or "").strip()
        if not ref or ref.startswith(("javascript:", "#", "data:", "mailto:")):
            return None
        return urljoin(base, ref) if base else ref

    for element in node.css("video, video source, audio, audio source, embed, object, iframe, img, a"):
        tag = element.tag
        attrs = element.attributes
        ref = absolute(attrs.get("src") or attrs.get("data") or attrs.get("href") or attrs.get("data-src"))
        path = urlsplit(ref).path.lower() if ref else ""
        host = (urlsplit(ref).hostname or "").lower() if ref else ""
        if tag == "video" or (tag == "source" and _parent_tag(element) == "video"):
            _add(media.video, ref or "<video>")
        elif tag == "audio" or (tag == "source" and _parent_tag(element) == "audio"):
            _add(media.audio, ref or "<audio>")
        elif tag in ("embed", "object"):
            if path.endswith(".swf") or "flash" in (attrs.get("type") or ""):
                _add(media.animation, ref or f"<{tag}>")
            elif path.endswith(AUDIO_EXT):
                _add(media.audio, ref or f"<{tag}>")
            else:
                _add(media.video, ref or f"<{tag}>")
        elif tag == "iframe" and ref:
            if _host_in(host, VIDEO_HOSTS) or path.endswith(VIDEO_EXT):
                _add(media.video, ref)
            elif _host_in(host, H5_HOSTS) or "/h5/" in path:
                _add(media.h5, ref)
        elif tag == "img" and ref:
            if path.endswith(IMAGE_EXT) and _big(element) and not _TEMPLATE_ASSET.search(path):
                _add(media.images, ref)
        elif tag == "a" and ref:
            text = (element.text() or "").strip()
            # A link to a video platform is a video only when it says so: "原文链接：抖音号…"
            # names the channel the piece also went out on, not the form.
            if path.endswith(VIDEO_EXT) or (_host_in(host, VIDEO_HOSTS) and _PLAY_WORDS.search(text)):
                _add(media.video, ref)
            elif path.endswith(AUDIO_EXT):
                _add(media.audio, ref)
            elif path.endswith(".swf"):
                _add(media.animation, ref)
            elif _host_in(host, H5_HOSTS) or "/h5/" in path or re.search(r"\bH5\b", text, re.I):
                _add(media.h5, ref)
    media.text_chars = len(re.sub(r"\s+", "", node.text(separator=" ") or ""))
    return media


def classify_form(
    html: str,
    title: str | None = None,
    url: str | None = None,
    *,
    media_status: dict[str, int] | None = None,
) -> FormResult:
    """Decide the form from the title and the media in the body; say why in ``signals``.

    ``media_status`` maps media URLs to the HTTP status seen (0 = did not load at all); media
    URLs absent from it are taken as loading.
    """
    title = title if title is not None else _page_title(html)
    media = find_media(html, url)
    signals: list[str] = []
    loading: dict[str, list[str]] = {}
    for kind in ("video", "audio", "animation", "h5", "images"):
        kept = []
        for ref in getattr(media, kind):
            status = (media_status or {}).get(ref)
            if status is not None and not 200 <= status < 400:
                signals.append(f"broken:{kind}:{ref} ({status or 'no response'})")
            else:
                kept.append(ref)
        loading[kind] = kept
        if getattr(media, kind) and not kept:
            loading[kind + ":broken"] = getattr(media, kind)
    graphic = len(loading["images"]) >= MIN_IMAGES_GRAPHIC and media.text_chars <= MAX_TEXT_CHARS_GRAPHIC
    body_form = _body_form(loading, graphic)
    title_form, marker = _title_form(title)

    if title_form and title_form not in _MEDIA_FORMS:  # interview, Q&A, press conference
        signals.insert(0, f"title:{marker}")
        if body_form:
            signals.append(f"body:{body_form}")
        return FormResult(title_form, signals)
    if body_form:
        if title_form:
            signals.insert(0, f"title:{marker}")
        signals.append(f"body:{body_form}:{_first(loading, body_form)}")
        if body_form == "graphic":
            signals.append(f"images:{len(loading['images'])} text_chars:{media.text_chars}")
        # The title names the form when the body's media fit it (a comic is images, an animation
        # may be a video file); otherwise the body's media decide.
        if title_form and body_form in _COMPATIBLE.get(title_form, ()):
            return FormResult(title_form, signals)
        return FormResult(body_form, signals)
    if title_form:
        wanted = "images" if title_form == "graphic" else title_form
        if loading.get(wanted + ":broken"):
            signals.insert(0, f"title:{marker} but its media do not load")
            return FormResult("text", signals)
        if title_form == "graphic" and loading["images"]:
            signals.insert(0, f"title:{marker}")
            signals.append(f"images:{len(loading['images'])} text_chars:{media.text_chars}")
            return FormResult("graphic", signals)
        return FormResult(title_form, [f"title:{marker}", *signals, "body: no media found (title only)"])
    signals.append("no non-text signal")
    return FormResult("text", signals)


def _body_form(loading: dict[str, list[str]], graphic: bool) -> str | None:
    for kind in ("video", "animation", "audio", "h5"):
        if loading[kind]:
            return kind
    return "graphic" if graphic else None


def _first(loading: dict[str, list[str]], form: str) -> str:
    refs = loading["images" if form == "graphic" else form]
    return refs[0] if refs else ""


def _title_form(title: str | None) -> tuple[str | None, str]:
    if not title:
        return None, ""
    for form, markers in _TITLE_MARKERS:
        for marker in markers:
            if form == "h5" and not re.search(r"(?<![A-Za-z0-9])[Hh]5(?![0-9])", title):
                continue
            if marker in title:
                return form, marker
    return None, ""


def _page_title(html: str) -> str | None:
    tree = LexborHTMLParser(html)
    for selector in ('meta[name="ArticleTitle"]', 'meta[name="articletitle"]'):
        node = tree.css_first(selector)
        if node is not None and node.attributes.get("content"):
            return node.attributes["content"]
    for selector in ("h1", "title"):
        node = tree.css_first(selector)
        if node is not None and node.text(strip=True):
            return node.text(strip=True)
    return None


def _parent_tag(node: LexborNode) -> str | None:
    parent = node.parent
    return parent.tag if parent is not None else None


def _host_in(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == h or host.endswith("." + h) or (h.endswith(".") and host.startswith(h)) for h in hosts)


def _big(img: LexborNode) -> bool:
    """An image large enough to carry content (declared size), or of unknown size."""
    for attr in ("width", "height"):
        value = re.match(r"\s*(\d+)", img.attributes.get(attr) or "")
        if value and int(value.group(1)) < MIN_IMAGE_SIDE:
            return False
    return True


def _add(items: list[str], ref: str) -> None:
    if ref not in items:
        items.append(ref)
