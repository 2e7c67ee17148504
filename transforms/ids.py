"""Stable ids: a short hash of canonical content, the same on every machine."""

import hashlib
import json

ID_HEX_CHARS = 16


def stable_id(*parts: object) -> str:
    """Hash parts as canonical JSON (fixed separators, UTF-8) into a 16-hex-char id."""
    canonical = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:ID_HEX_CHARS]


def sha256_hex(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()
