"""Response bodies stored once per content hash, compressed."""

from __future__ import annotations

import hashlib
import zlib

from sqlalchemy.orm import Session

from storage.models import Body


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put_body(session: Session, data: bytes) -> str:
    digest = sha256(data)
    if session.get(Body, digest) is None:
        session.add(Body(sha256=digest, size=len(data), data=zlib.compress(data, 6)))
    return digest


def get_body(session: Session, digest: str | None) -> bytes | None:
    if not digest:
        return None
    row = session.get(Body, digest)
    return zlib.decompress(row.data) if row is not None else None
