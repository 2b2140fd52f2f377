"""Publication on channels other than the government website (rules.md §5): WeChat, Weibo,
Douyin, Toutiao, newspapers, TV.

Signals, in the interpretation's own content only (site chrome carries share buttons and the
site's WeChat QR code on every page): links to a channel's host, the 来源 field, and a repost
note ("本文同步发布于…微信公众号", "转载自《临汾日报》").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from config.settings import InterpretationThresholds
from pages.forms import content_node
from pages.text import clean

_REPOST = re.compile(
    r"(同步发布|同步推送|同时发布|转载自|转自|刊发于|刊登于|首发于|播出|来源[:：])[^。\n]{0,60}"
)


@dataclass(frozen=True)
class ChannelResult:
    channels: list[str] = field(default_factory=list)  # wechat, weibo, douyin, toutiao, newspaper, tv
    signals: list[str] = field(default_factory=list)

    @property
    def other_channel(self) -> bool:
        return bool(self.channels)


def detect_channels(
    html: str, url: str | None, source: str | None, thresholds: InterpretationThresholds
) -> ChannelResult:
    channels: list[str] = []
    signals: list[str] = []

    def found(channel: str, signal: str) -> None:
        if channel not in channels:
            channels.append(channel)
        signals.append(signal)

    if source:
        for channel, words in thresholds.channel_keywords.items():
            hit = next((w for w in words if w in source), None)
            if hit:
                found(channel, f"来源:{source}")
    tree = LexborHTMLParser(html)
    node = content_node(tree, html)
    if node is not None:
        for anchor in node.css("a[href], iframe[src]"):
            href = anchor.attributes.get("href") or anchor.attributes.get("src") or ""
            host = (urlsplit(href).hostname or "").lower()
            if not host:
                continue
            for channel, hosts in thresholds.channel_hosts.items():
                if any(host == h or host.endswith("." + h) for h in hosts):
                    found(channel, f"link:{href}")
        text = clean(node.text(separator="\n") or "")
        for match in _REPOST.finditer(text):
            note = match.group(0)
            for channel, words in thresholds.channel_keywords.items():
                hit = next((w for w in words if w in note), None)
                if hit:
                    found(channel, f"note:{note.strip()}")
    return ChannelResult(channels, signals)
