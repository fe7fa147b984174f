"""BLAKE2b digests (the load cache's and the saved index's names and checks) without
importing :mod:`hashlib`, which loads OpenSSL's ``_hashlib`` (~1.3 ms of the app's
start) only to hand out the same ``_blake2`` it has built in."""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - every CPython build has _blake2
    from hashlib import blake2b

__all__ = ["blake2b"]
