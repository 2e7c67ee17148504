"""Stable ids: a short hash of canonical content, the same on every machine."""

import hashlib
import json
from json.encoder import encode_basestring

ID_HEX_CHARS = 16


def stable_id(*parts: object) -> str:
    """Hash parts as canonical JSON (fixed separators, UTF-8) into a 16-hex-char id."""
    if all(isinstance(part, str) for part in parts):  # the same JSON, built without the encoder's overhead
        canonical = "[" + ",".join(map(encode_basestring, parts)) + "]"
    else:
        canonical = json.dumps(parts, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:ID_HEX_CHARS]


def sha256_hex(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()
