"""Static visibility of links, without a browser: inline styles and <style>/stylesheet rules.

The browser's own answer (a homepage's ``render_report``) wins when there is one; this is the
fallback, and it also says *how* a link is hidden: by its inline style ("inline"), by a
stylesheet rule ("class"), or — when neither hides it but the browser did — by script.
Links a script touches are reported as such, since only a browser can tell what it did.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_RULE = re.compile(r"([^{}@;]+)\{([^{}]*)\}")
_PX = re.compile(r"^(-?\d+(?:\.\d+)?)(px|pt|em|rem|%)?$")
_COMPOUND = re.compile(r"^([a-zA-Z][a-zA-Z0-9]*)?((?:[.#][\w-]+)*)$")
_NAMED = {
    "white": "#ffffff",
    "black": "#000000",
    "red": "#ff0000",
    "transparent": "transparent",
}
_HIDE_WORDS = ("display", "visibility", "hidden", "style", "remove", "opacity", "left", "top", "none")


@dataclass(frozen=True)
class Rule:
    selector: list[str]  # compounds, outermost first ("div .x a" → ["div", ".x", "a"])
    declarations: dict[str, str]


@dataclass(frozen=True)
class StaticLink:
    href: str
    text: str
    hidden: bool
    method: str | None  # inline | class | script (touched by a script: undecided) | None
    why: str | None


def parse_declarations(text: str) -> dict[str, str]:
    declarations: dict[str, str] = {}
    for part in text.split(";"):
        name, sep, value = part.partition(":")
        if sep:
            declarations[name.strip().lower()] = value.replace("!important", "").strip().lower()
    return declarations


def parse_css(css: str) -> list[Rule]:
    rules = []
    for selectors, body in _RULE.findall(_COMMENT.sub("", css)):
        declarations = parse_declarations(body)
        for selector in selectors.split(","):
            compounds = selector.replace(">", " ").split()
            if compounds and all(_COMPOUND.match(c) for c in compounds):
                rules.append(Rule(compounds, declarations))
    return rules


def _matches(node: LexborNode, compound: str) -> bool:
    match = _COMPOUND.match(compound)
    if match is None or node.tag is None:
        return False
    tag, rest = match.group(1), match.group(2)
    if tag and tag.lower() != node.tag:
        return False
    attrs = node.attributes
    classes = (attrs.get("class") or "").split()
    for part in re.findall(r"[.#][\w-]+", rest):
        if part[0] == "." and part[1:] not in classes:
            return False
        if part[0] == "#" and attrs.get("id") != part[1:]:
            return False
    return True


def _rule_applies(node: LexborNode, rule: Rule) -> bool:
    if not _matches(node, rule.selector[-1]):
        return False
    wanted = rule.selector[:-1]
    ancestor = node.parent
    while wanted and ancestor is not None:
        if _matches(ancestor, wanted[-1]):
            wanted = wanted[:-1]
        ancestor = ancestor.parent
    return not wanted


def _length(value: str | None) -> float | None:
    if not value:
        return None
    match = _PX.match(value.split()[0])
    if match is None:
        return None
    number, unit = float(match.group(1)), match.group(2) or "px"
    return {"px": number, "pt": number * 4 / 3, "em": number * 16, "rem": number * 16}.get(unit)


def _colour(value: str | None) -> str | None:
    if not value:
        return None
    value = value.split()[0] if not value.startswith("rgb") else value.replace(" ", "")
    value = _NAMED.get(value, value)
    if re.fullmatch(r"#[0-9a-f]{3}", value):
        return "#" + "".join(c * 2 for c in value[1:])
    rgb = re.fullmatch(r"rgba?\((\d+),(\d+),(\d+)(?:,[\d.]+)?\)", value)
    if rgb:
        return "#" + "".join(f"{int(n):02x}" for n in rgb.groups())
    return value


Styler = Callable[[LexborNode], dict[str, str]]


def _why_hidden(node: LexborNode, style_of: Styler, font_max: float, offscreen: float) -> str | None:
    colour: str | None = None
    current: LexborNode | None = node
    while current is not None and current.tag not in (None, "html", "-document"):
        if "hidden" in current.attributes and current.tag != "input":
            return "hidden attribute"
        style = style_of(current)
        if style.get("display") == "none":
            return "display:none"
        if style.get("visibility") in ("hidden", "collapse"):
            return "visibility:hidden"
        if style.get("opacity") in ("0", "0.0"):
            return "opacity:0"
        for side in ("left", "top", "text-indent", "margin-left", "margin-top"):
            length = _length(style.get(side))
            if length is not None and length <= -offscreen:
                return f"{side}:{style[side]} (off-screen)"
        width, height = _length(style.get("width")), _length(style.get("height"))
        tiny = (width is not None and width <= 1) or (height is not None and height <= 1)
        if tiny and (style.get("overflow") == "hidden" or (width is not None and height is not None)):
            return "zero size"
        size = _length(style.get("font-size"))
        if size is not None and size <= font_max:
            return f"font-size:{style['font-size']}"
        if "clip" in style and re.sub(r"[\s,]", "", style["clip"]) in ("rect(0000)", "rect(0px0px0px0px)"):
            return "clip"
        if colour is None:
            colour = _colour(style.get("color"))
        background = _colour(style.get("background-color") or style.get("background"))
        if background and background != "transparent":
            if colour is not None and colour == background:
                return f"same colour as background ({colour})"
            break  # the nearest background decides
        current = current.parent
    return None


class PageStyles:
    """Inline and rule-based styles of one parsed page."""

    def __init__(self, tree: LexborHTMLParser, external_css: Sequence[str] = ()) -> None:
        css = [node.text() for node in tree.css("style")] + list(external_css)
        self.rules = [rule for sheet in css for rule in parse_css(sheet)]
        self.scripts = " ".join(node.text() for node in tree.css("script") if not node.attributes.get("src"))

    def inline(self, node: LexborNode) -> dict[str, str]:
        return parse_declarations(node.attributes.get("style") or "")

    def full(self, node: LexborNode) -> dict[str, str]:
        style: dict[str, str] = {}
        for rule in self.rules:
            if _rule_applies(node, rule):
                style.update(rule.declarations)
        style.update(self.inline(node))
        return style

    def script_touches(self, node: LexborNode) -> bool:
        if not self.scripts or not any(w in self.scripts for w in _HIDE_WORDS):
            return False
        current: LexborNode | None = node
        while current is not None and current.tag not in (None, "html", "body"):
            attrs = current.attributes
            names = [attrs.get("id") or "", *(attrs.get("class") or "").split()]
            if any(name and re.search(rf"[\"'#.]{re.escape(name)}[\"'\s\]]", self.scripts) for name in names):
                return True
            current = current.parent
        return False


def stylesheet_urls(tree: LexborHTMLParser) -> list[str]:
    return [
        node.attributes.get("href") or ""
        for node in tree.css("link")
        if "stylesheet" in (node.attributes.get("rel") or "").lower() and node.attributes.get("href")
    ]


def static_links(
    html: str, *, font_max_px: float, offscreen_px: float, external_css: Sequence[str] = ()
) -> list[StaticLink]:
    """Every <a href> of the page with its static visibility."""
    tree = LexborHTMLParser(html)
    styles = PageStyles(tree, list(external_css))
    links = []
    for node in tree.css("a[href]"):
        href = (node.attributes.get("href") or "").strip()
        text = " ".join(node.text().split())
        why = _why_hidden(node, styles.inline, font_max_px, offscreen_px)
        method = "inline" if why else None
        if why is None and styles.rules:
            why = _why_hidden(node, styles.full, font_max_px, offscreen_px)
            method = "class" if why else None
        if why is None and styles.script_touches(node):
            method, why = "script", "touched by a script"
        links.append(
            StaticLink(
                href=href, text=text, hidden=why is not None and method != "script", method=method, why=why
            )
        )
    return links


_SCRIPT_HREF = re.compile(r"""href\s*=\s*\\?["']([^"'\\]+)\\?["']|\.href\s*=\s*["']([^"']+)["']""")


def script_written_hrefs(html: str) -> list[str]:
    """Link targets a script writes into the page (document.write, innerHTML, .href=)."""
    tree = LexborHTMLParser(html)
    found: list[str] = []
    for node in tree.css("script"):
        for a, b in _SCRIPT_HREF.findall(node.text()):
            href = a or b
            if href and href not in found:
                found.append(href)
    return found
