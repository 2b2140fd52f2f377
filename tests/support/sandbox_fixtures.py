"""Fixtures for testing against the simulated government web (the sandbox).

- ``sandbox_manifest``: the ground truth (seed 1, as of 2020-12-15), session-scoped.
- ``sandbox_snapshots``: a mapping ``unit_id -> UnitSnapshot`` over all sandbox units, each built
  lazily by an in-process walk (no sockets) and cached for the session.
- ``running_sandbox``: the real servers (HTTP v4+v6, HTTPS, DNS) for the session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from storage.snapshot import UnitSnapshot

SEED = 1
AS_OF = dt.date(2020, 12, 15)


class SnapshotCache(Mapping[str, UnitSnapshot]):
    """``cache[unit_id]`` walks the unit on first use. Keys are every sandbox unit id from the
    start (``unit in cache``, ``keys()``, iteration and ``len`` do not walk anything); only
    reading a value (``[]``, ``get``, ``values()``, ``items()``) walks, once per unit."""

    def __init__(self, seed: int = SEED, as_of: dt.date = AS_OF) -> None:
        from sandbox.layout import real_places

        self.seed, self.as_of = seed, as_of
        self.unit_ids: tuple[str, ...] = tuple(place.id for place in real_places())
        self._walked: dict[str, UnitSnapshot] = {}

    def __getitem__(self, unit_id: str) -> UnitSnapshot:
        snapshot = self._walked.get(unit_id)
        if snapshot is None:
            if unit_id not in self.unit_ids:
                raise KeyError(unit_id)
            from sandbox.snapshots import walk_unit

            snapshot = self._walked[unit_id] = walk_unit(unit_id, seed=self.seed, as_of=self.as_of)
        return snapshot

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self.unit_ids

    def __iter__(self) -> Iterator[str]:
        return iter(self.unit_ids)

    def __len__(self) -> int:
        return len(self.unit_ids)

    def walked(self) -> list[str]:
        """The units walked so far."""
        return list(self._walked)


@pytest.fixture(scope="session")
def sandbox_manifest() -> dict[str, Any]:
    from sandbox.manifest import build_manifest

    return build_manifest(SEED, AS_OF)


@pytest.fixture(scope="session")
def sandbox_snapshots() -> SnapshotCache:
    return SnapshotCache()


@pytest.fixture(scope="session")
def running_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from sandbox.server import run_sandbox

    with run_sandbox(seed=SEED, as_of=AS_OF, data_dir=tmp_path_factory.mktemp("sandbox")) as sb:
        yield sb
