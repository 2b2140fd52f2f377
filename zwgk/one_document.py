"""One document for the single-page commands: a saved file, or a URL fetched as the crawler would."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from zwgk.console import fail, load_or_fail


@dataclass(frozen=True)
class Document:
    body: bytes
    content_type: str | None  # from the server; None for a file
    address: str  # the final URL, or the file's path
    fetched: bool


def load_document(file_or_url: str, config: Path | None) -> Document:
    if file_or_url.startswith(("http://", "https://")):
        return _fetch(file_or_url, config)
    path = Path(file_or_url)
    if not path.is_file():
        fail(f"no such file: {path}")
    return Document(path.read_bytes(), None, str(path), fetched=False)


def _fetch(address: str, config: Path | None) -> Document:
    try:
        from crawler.fetcher import Fetcher
    except ImportError:
        fail("fetching URLs needs the crawler (crawler.fetcher); save the document and pass its path")
    cfg = load_or_fail(config)

    async def run() -> tuple[Document, str, str | None]:
        async with Fetcher(cfg) as fetcher:
            result = await fetcher.fetch(address, purpose="inspect")
        document = Document(result.body, result.content_type, result.final_url, fetched=True)
        return document, result.outcome, result.reason

    document, outcome, reason = asyncio.run(run())
    if outcome not in ("ok", "not_modified") and not document.body:
        fail(f"{address}: {outcome}" + (f" ({reason})" if reason else ""))
    return document
