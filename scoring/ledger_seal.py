"""The change log's seal: a key kept outside the database, and anchors of its head.

A hash chain alone shows an edit in the middle, but not a record deleted from the end, nor a
chain recomputed from scratch by someone who can write the database. So:

- every record's hash is an HMAC-SHA256 under a key the database does not hold:
  ``ZWGK_LEDGER_KEY`` (hex, or any text), else ``<ledger dir>/ledger.key`` (32 random bytes,
  created on first use with mode 0600); a chain recomputed without it does not verify;
- after every commit that appended, the new head (record id, hash, and an HMAC of both) is
  appended to ``<ledger dir>/ledger-anchors.jsonl`` (opened O_APPEND), and each issued score
  sheet and circular carries the head too, so a truncated log is missing a record its anchors name.

The ledger dir is the data folder (``crawl.data_dir``), or the SQLite file's folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENV_KEY = "ZWGK_LEDGER_KEY"
KEY_FILE = "ledger.key"
ANCHOR_FILE = "ledger-anchors.jsonl"


@dataclass(frozen=True)
class Anchor:
    record_id: int
    hash: str
    at: str
    source: str  # where it was read: the anchor file's line, or an issued document
    sealed: bool  # its MAC verified under the key


def ledger_dir(info: dict[str, Any]) -> Path:
    folder = info.get("ledger_dir")
    return Path(folder) if folder else Path("data")


def key(folder: Path) -> bytes:
    """The seal key: the environment's, else the key file's (created on first use)."""
    given = os.environ.get(ENV_KEY)
    if given:
        try:
            return bytes.fromhex(given)
        except ValueError:
            return given.encode("utf-8")
    path = folder / KEY_FILE
    if path.exists():
        return path.read_bytes()
    folder.mkdir(parents=True, exist_ok=True)
    fresh = secrets.token_bytes(32)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return path.read_bytes()
    with os.fdopen(handle, "wb") as out:
        out.write(fresh)
    return fresh


def seal(secret: bytes, message: str) -> str:
    return hmac.new(secret, message.encode("utf-8"), hashlib.sha256).hexdigest()


def head_mac(secret: bytes, record_id: int, record_hash: str) -> str:
    return seal(secret, f"head:{record_id}:{record_hash}")


def append_anchor(folder: Path, secret: bytes, record_id: int, record_hash: str) -> None:
    line = {
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "id": record_id,
        "hash": record_hash,
        "mac": head_mac(secret, record_id, record_hash),
    }
    folder.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder / ANCHOR_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(handle, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, sort_keys=True) + "\n")
        out.flush()
        os.fsync(out.fileno())


def read_anchors(folder: Path, secret: bytes) -> tuple[list[Anchor], list[str]]:
    """The anchor file's heads, and what in it could not be read."""
    path = folder / ANCHOR_FILE
    anchors: list[Anchor] = []
    problems: list[str] = []
    if not path.exists():
        return anchors, problems
    for number, text in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        try:
            line = json.loads(text)
            record_id, record_hash = int(line["id"]), str(line["hash"])
            anchors.append(
                Anchor(
                    record_id=record_id,
                    hash=record_hash,
                    at=str(line.get("at", "")),
                    source=f"{path}:{number}",
                    sealed=hmac.compare_digest(
                        str(line.get("mac", "")), head_mac(secret, record_id, record_hash)
                    ),
                )
            )
        except (ValueError, KeyError, TypeError):
            problems.append(f"{path}:{number}: not an anchor line (edited?)")
    return anchors, problems


def document_anchor_text(secret: bytes, record_id: int, record_hash: str) -> str:
    """The head as issued documents carry it (``zwgk score log --verify --anchor FILE`` reads it)."""
    return (
        f"zwgk-ledger-head id={record_id} hash={record_hash} mac={head_mac(secret, record_id, record_hash)}"
    )


def parse_document_anchor(text: str, secret: bytes, source: str) -> Anchor | None:
    fields = dict(part.split("=", 1) for part in text.split() if "=" in part)
    if not text.startswith("zwgk-ledger-head") or not {"id", "hash", "mac"} <= set(fields):
        return None
    record_id = int(fields["id"]) if fields["id"].isdigit() else -1
    return Anchor(
        record_id=record_id,
        hash=fields["hash"],
        at="",
        source=source,
        sealed=hmac.compare_digest(fields["mac"], head_mac(secret, record_id, fields["hash"])),
    )
