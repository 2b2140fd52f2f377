"""Links of a page: where each points (absolute), its text and the tag that carries it.

Pure and fast (selectolax/lexbor). ``<base href>`` is honoured; ``javascript:``, ``mailto:``
and fragment-only links are dropped (they lead nowhere to fetch).
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from pages.urls import join, url_problem

# tag -> attribute holding the URL
_URL_ATTRS: dict[str, str] = {
    "a": "href",
    "area": "href",
    "img": "src",
    "script": "src",
    "iframe": "src",
    "frame": "src",
    "link": "href",
    "video": "src",
    "audio": "src",
    "source": "src",
    "embed": "src",
    "object": "data",
}
_SELECTOR = ", ".join(f"{tag}[{attr}]" for tag, attr in _URL_ATTRS.items())
NAVIGABLE = frozenset({"a", "area", "iframe", "frame"})


@dataclass(frozen=True, slots=True)
class PageLink:
    url: str  # absolute
    href: str  # as written
    text: str | None
    tag: str  # a | img | script | iframe | link | …

    @property
    def navigable(self) -> bool:
        """A page a visitor can go to (crawled), not a resource the page loads."""
        return self.tag in NAVIGABLE


def extract_links(html: str | LexborHTMLParser, base_url: str) -> list[PageLink]:
    tree = html if isinstance(html, LexborHTMLParser) else LexborHTMLParser(html)
    base = base_url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        declared = join(base_url, base_node.attributes.get("href") or "")
        if declared and url_problem(declared) is None:  # a malformed <base> is ignored
            base = declared
    links: list[PageLink] = []
    for node in tree.css(_SELECTOR):
        tag = node.tag or ""
        attr = _URL_ATTRS.get(tag)
        if attr is None:
            continue
        href = node.attributes.get(attr)
        if not href:
            continue
        url = join(base, href)
        if url is None:
            continue
        links.append(PageLink(url=url, href=href, text=_text(node, tag), tag=tag))
    return links


def _text(node: object, tag: str) -> str | None:
    get = node.attributes.get  # type: ignore[attr-defined]
    if tag in ("a", "area"):
        text = " ".join((node.text(deep=True, separator=" ", strip=True) or "").split())  # type: ignore[attr-defined]
        if not text:
            img = node.css_first("img[alt]")  # type: ignore[attr-defined]
            text = (img.attributes.get("alt") or "").strip() if img is not None else ""
        return text or (get("title") or "").strip() or None
    if tag == "img":
        return (get("alt") or get("title") or "").strip() or None
    if tag in ("iframe", "frame"):
        return (get("title") or get("name") or "").strip() or None
    return None
