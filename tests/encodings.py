"""Build test files in the encodings real Vietnamese articles arrive in."""

import unicodedata

TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed where the code page has the letter, else letter + tone mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in decomposed if c in TONE_MARKS)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
            out += (base + tones).encode("cp1258")
    return bytes(out)


def to_mojibake(text: str) -> bytes:
    """UTF-8 bytes read as Windows-1252 and saved again as UTF-8 ("Việt" -> "Viá»‡t")."""
    import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252", which maps every byte)

    return text.encode("utf-8").decode("sloppy-windows-1252").encode("utf-8")
