"""Bytes and raw text -> clean text: decoding with a reason for every refusal, then cleaning.

``decode(data, source)`` -> ``str`` (UTF-8, a BOM's encoding, Windows-1252 for Western
European text, else detection; binary data refused with a ``ValueError`` naming what it
is); ``clean_text(text)`` -> the normalised text every character offset refers to.
"""
from __future__ import annotations

import logging
import re
import unicodedata

log = logging.getLogger(__name__)

# Sentence-final punctuation glued to the next sentence ("missions?Adm. Paredes"):
# a lower-case letter, then ? ! or ., then an upper-case letter with no space.
_GLUED = re.compile(r"(?<=[a-z\u00df-\u00ff][?!.])(?=[A-Z\u00c0-\u00de])")
# C0 and C1 control characters other than tab and newline (CR is a line end, handled first)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Invisible characters that only hide or reorder text: soft hyphen, bidi embeddings,
# overrides and isolates ("Trojan Source"), word joiner, BOM. RLM/LRM/ALM, ZWJ and ZWNJ
# carry meaning in Arabic, Hebrew, Persian and Indic scripts and are kept.
_INVISIBLE = re.compile("[\u00ad\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_SPACES = re.compile("[\u00a0\u2007\u202f]")
_LINE_BREAKS = re.compile("[\u0085\u2028\u2029]")
# Lone surrogates (only a JSON "\\ud800" escape makes one) and noncharacters, which are
# not for interchange and which some RDF parsers (rapper) refuse even escaped.
_NONCHARACTERS = "".join(chr(plane + k) for plane in range(0, 0x110000, 0x10000) for k in (0xFFFE, 0xFFFF))
_NOT_CHARACTERS = re.compile("[\ud800-\udfff\ufdd0-\ufdef" + _NONCHARACTERS + "]")

# --------------------------------------------------------------------------- bytes -> str

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive, or .docx, .xlsx, .epub"), (b"\x1f\x8b", "gzip-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"), (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)
# Characters that do not occur in text: C0/C1 controls (but tab, line ends, form feed),
# private-use characters and the replacement character.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")
_NOT_TEXT_SHARE = 0.05  # refused above this share (and a handful) of the first 64k characters
# Three or more non-ASCII letters in a row: how Cyrillic, Greek or CJK bytes read when
# wrongly decoded as Windows-1252; accented Western European words rarely have two.
_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f\W\d_]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f\W\d_]{3,}")


def _binary_kind(head: bytes) -> str | None:
    """What a file's first bytes say it is, when it is not text."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return None  # UTF-16/32 text has NUL bytes
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "NUL bytes"
    return None


def _looks_like_text(text: str) -> bool:
    sample = text[:65536]
    bad = len(_NOT_TEXT.findall(sample))
    return bad <= 8 or bad <= _NOT_TEXT_SHARE * len(sample)


def _as_western(data: bytes) -> str | None:
    """``data`` as Windows-1252 when it reads as Western European text, else ``None``."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81 0x8d 0x8f 0x90 0x9d are undefined in cp1252
        return None
    letters = len(_NON_ASCII_LETTER.findall(text))
    in_runs = sum(map(len, _NON_ASCII_RUN.findall(text)))
    return text if in_runs <= 0.2 * letters else None


def decode(data: bytes, source: str) -> str:
    """Decode bytes as UTF-8 (a BOM allowed), UTF-16/32 with a BOM, else by detection.

    Binary data (a known file signature, NUL bytes, or many control characters) is
    refused. Raises ``ValueError`` with a reason a user can act on.
    """
    if not data.strip():
        raise ValueError("empty file")
    kind = _binary_kind(data[:8192])
    if kind:
        raise ValueError(f"binary file ({kind}), not text")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                raise ValueError(f"invalid {encoding.upper()} at byte {err.start}; "
                                 "re-save it as UTF-8") from err
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _detect(data, source)
    if not text.strip():
        raise ValueError("empty file")
    if not _looks_like_text(text):
        raise ValueError("binary data (control characters), not text")
    return text


def _detect(data: bytes, source: str) -> str:
    western = _as_western(data)
    if western is not None and _looks_like_text(western):
        log.warning("%s: not UTF-8; read as Windows-1252/Latin-1 (re-save it as UTF-8 if "
                    "the accents look wrong)", source)
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None or not _looks_like_text(str(best)):
        raise ValueError("not UTF-8, and no text encoding fits it; re-save it as UTF-8")
    log.warning("%s: not UTF-8; read as %s (re-save it as UTF-8 if that is wrong)",
                source, best.encoding)
    return str(best)


def clean_text(text: str) -> str:
    """Normalise line ends, spaces and Unicode form; drop control and invisible characters.

    Also separates sentences glued together ("missions?Adm. Smith").
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_BREAKS.sub("\n", text)
    text = _NOT_CHARACTERS.sub("\ufffd", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub(" ", text)
    text = _GLUED.sub("\n\n", text)
    return text.strip()
