"""Deterministic randomness: every choice is a function of the seed and a few keys."""

from __future__ import annotations

import hashlib
import random


def derive(seed: int, *keys: object) -> int:
    basis = "|".join([str(seed), *(str(k) for k in keys)]).encode()
    return int.from_bytes(hashlib.sha256(basis).digest()[:8], "big")


def rng_for(seed: int, *keys: object) -> random.Random:
    """A private ``random.Random`` for one decision, independent of call order."""
    return random.Random(derive(seed, *keys))


def token(seed: int, *keys: object, length: int = 8) -> str:
    return hashlib.sha256("|".join([str(seed), *(str(k) for k in keys)]).encode()).hexdigest()[:length]
