"""The request and response of the in-process simulated web (no sockets here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs


@dataclass(frozen=True)
class Request:
    host: str
    path: str
    query: str = ""
    method: str = "GET"
    body: bytes = b""
    family: int = 4  # 4 or 6: which listener the request came in on
    scheme: str = "http"
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names

    @property
    def params(self) -> dict[str, str]:
        merged = {k: v[0] for k, v in parse_qs(self.query).items()}
        if self.method == "POST" and self.body:
            merged.update({k: v[0] for k, v in parse_qs(self.body.decode("utf-8", "replace")).items()})
        return merged


@dataclass
class Response:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay_s: float = 0.0
    reset: bool = False  # close the connection with a TCP reset instead of answering

    @property
    def content_type(self) -> str | None:
        return self.headers.get("Content-Type")


def html_response(
    text: str, codec: str = "utf-8", header_charset: str | None = "utf-8", status: int = 200
) -> Response:
    ctype = f"text/html; charset={header_charset}" if header_charset else "text/html"
    return Response(status, {"Content-Type": ctype}, text.encode(codec, "replace"))


def redirect(location: str, status: int = 302) -> Response:
    return Response(status, {"Location": location, "Content-Type": "text/html"}, b"<html>Moved</html>")


NOT_FOUND_HTML = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 页面不存在</title></head>'
    '<body><div class="err"><h1>404</h1><p>对不起，您访问的页面不存在或已被删除。</p>'
    '<p><a href="/">返回首页</a></p></div></body></html>'
)


def not_found() -> Response:
    return Response(404, {"Content-Type": "text/html; charset=utf-8"}, NOT_FOUND_HTML.encode())
