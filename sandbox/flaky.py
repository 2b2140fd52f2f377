"""A link that fails once and then recovers: the dead-link check must not report it.

``http://www.shanxi.gov.cn/`` (linked at the top of every unit's pages) answers 404 for
``OUTAGE_S`` seconds from the first request the server receives for it, then 200 for as
long as the server runs. The first audit's link check of it therefore fails (and so does its
quick retry), while the confirming attempt ``dead_link_confirm_after_s`` later (10 s in the
sandbox's config) opens it. (An outage re-armed by a quiet spell would also take down the
confirming attempt, which comes after a quiet spell by design.)
Only the servers on sockets do this; the in-process walk (``sandbox.snapshots``) sees 200.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sandbox.http import Request, Response

HOST, PATH = "www.shanxi.gov.cn", "/"
URL = f"http://{HOST}{PATH}"
OUTAGE_S = 4.0


class FlakyLink:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._down_until: float | None = None
        self.failures = 0

    def answer(self, req: Request) -> Response | None:
        """A 404 while the outage lasts; None (let the site answer) otherwise."""
        if req.host.lower().split(":")[0] != HOST or req.path != PATH:
            return None
        with self._lock:
            now = self._clock()
            if self._down_until is None:
                self._down_until = now + OUTAGE_S
            if now >= self._down_until:
                return None
            self.failures += 1
        body = b"<html><body><h1>404 Not Found</h1></body></html>"
        return Response(404, {"Content-Type": "text/html; charset=utf-8"}, body)
