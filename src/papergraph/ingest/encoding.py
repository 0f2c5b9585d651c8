"""Bytes -> text for digests that come from many hands and tools.

Digests are mostly UTF-8, but Chinese ones also arrive as GBK/GB18030 (mainland
Windows tools), Big5 (Taiwan, Hong Kong), UTF-16 (Windows "Unicode" saves) or
UTF-8 with a byte-order mark. The order of the checks:

1. a byte-order mark names the encoding (UTF-8, UTF-16, UTF-32);
2. NUL bytes mean UTF-16 without a mark (when every other byte is NUL in a
   regular pattern and it decodes), or UTF-8 with stray NULs (when the rest
   is valid UTF-8 without other control bytes), otherwise a binary file;
3. strict UTF-8 (valid UTF-8 is almost never an accident);
4. GB18030 and Big5: legacy double-byte text decodes in more than one of
   them, so each decoding is judged by how much of it is *common* Chinese
   (the 3,755 level-1 characters of GB2312, the 5,401 frequent characters of
   Big5) and CJK punctuation; garbage decodings land on kana, box drawing,
   private-use and rare characters instead;
5. text that is UTF-8 except for a few bad bytes is read as UTF-8 with the
   bad bytes replaced, and the caller is told the first line that had one.

A general-purpose detector (charset-normalizer, chardet) guesses among dozens
of encodings and, on short Chinese texts, sometimes picks a Cyrillic or
Korean code page; papergraph only ever sees the handful above, so it asks
only about those and can explain its choice.
"""
from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Legacy candidates, in the order that breaks a tie.
LEGACY = ("gb18030", "big5hkscs")
NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (with BOM)", "utf-16": "UTF-16", "utf-16-le": "UTF-16LE",
         "utf-16-be": "UTF-16BE", "utf-32": "UTF-32", "gb18030": "GB18030/GBK", "big5hkscs": "Big5",
         "cp1252": "Windows-1252"}
SAMPLE_CHARS = 200_000  # enough text to judge a decoding; judging 50 MB adds nothing
PLAUSIBLE = 0.75  # share of common characters a real Chinese text easily clears


class UndecodableError(ValueError):
    """The bytes are not text papergraph can read; `line` is 1-based, 0 if unknown."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # codec name, e.g. "utf-8", "gb18030"
    replaced_at_line: int = 0  # first line with an undecodable byte (replaced), 0 if none

    @property
    def label(self) -> str:
        return NAMES.get(self.encoding, self.encoding)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16: FF FE 00 00
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes) -> Decoded:
    """Decode a digest's bytes, or raise UndecodableError saying why (and where)."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return _strict_or_replaced(raw, codec)
    if b"\x00" in raw[:65536] or b"\x00" in raw[-65536:]:
        utf16 = _utf16_without_bom(raw)
        if utf16 is not None:
            return utf16
        stray = _utf8_with_stray_nuls(raw)
        if stray is not None:
            return stray
        raise UndecodableError("binary file (it contains NUL bytes), not a text digest",
                               _line_of_offset(raw, raw.index(b"\x00")))
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    judged = []
    for codec in LEGACY:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        judged.append((plausibility(text), codec, text))
    if judged:
        score, codec, text = max(judged, key=lambda j: (j[0], -LEGACY.index(j[1])))
        if score >= PLAUSIBLE:
            return Decoded(text, codec)
    # Mostly UTF-8 with a few damaged bytes: keep the text, say where.
    text = raw.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    fine = sum(1 for ch in text[:SAMPLE_CHARS] if ch > "\x7f" and ch != "\ufffd")
    if fine and bad <= max(3, fine // 50):
        return Decoded(text, "utf-8", _line_of_offset(raw, utf8_error.start))
    # English written by a Windows tool: a few accented letters and curly quotes.
    western = raw.decode("cp1252", errors="replace")
    if _looks_western(western):
        return Decoded(western, "cp1252")
    raise UndecodableError(
        "cannot tell the encoding: not UTF-8, UTF-16, GB18030/GBK or Big5 "
        f"(first byte that is not UTF-8: 0x{raw[utf8_error.start]:02X}); save the file as UTF-8",
        _line_of_offset(raw, utf8_error.start))


def _strict_or_replaced(raw: bytes, codec: str) -> Decoded:
    try:
        return Decoded(raw.decode(codec), codec)
    except UnicodeDecodeError as exc:
        text = raw.decode(codec, errors="replace")
        line = raw[:exc.start].decode(codec, errors="replace").count("\n") + 1
        return Decoded(text, codec, line)


def _utf16_without_bom(raw: bytes) -> Decoded | None:
    """UTF-16 saved without a mark: mostly-ASCII text puts a NUL in every other byte."""
    sample = raw[:65536]
    if len(sample) < 4 or len(raw) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for codec, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        # Text has a NUL beside each ASCII character, on one side only; binary
        # data has them on both. Then the decoding itself must look like text.
        if nuls > other:
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                return None
            if plausibility(text) >= PLAUSIBLE and not _has_controls(text):
                return Decoded(text, codec)
    return None


def _utf8_with_stray_nuls(raw: bytes) -> Decoded | None:
    """UTF-8 text with a few NUL bytes in it (a tool's bug; a file cut short by a
    crash, its end filled with zeros): still a text. The NULs are kept here;
    the reader removes them with the other control characters, naming the line.
    Binary data is almost never valid UTF-8, and when it is, other control bytes
    give it away."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    rest = text.replace("\x00", "")
    if not rest.strip() or _has_controls(rest):
        return None
    return Decoded(text, "utf-8")


def _looks_western(text: str) -> bool:
    sample = text[:SAMPLE_CHARS]
    high = [ch for ch in sample if ch >= "\x80"]
    return len(high) <= len(sample) // 10 and all(
        unicodedata.category(ch)[0] in "LP" or ch in "\u00a0°±×÷€£" for ch in high)


def _has_controls(text: str) -> bool:
    sample = text[:SAMPLE_CHARS]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f")
    return controls > len(sample) // 100


def _line_of_offset(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


@lru_cache(maxsize=1)
def _common_chinese() -> frozenset[str]:
    """The characters Chinese text is mostly made of, in both scripts."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):  # GB2312 level 1: the 3,755 frequent Simplified characters
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):  # Big5 A440-C67E: the 5,401 frequent Traditional characters
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            if (lead, trail) > (0xC6, 0x7E):
                break
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


def _is_punctuation_or_symbol(ch: str) -> bool:
    o = ord(ch)
    if 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x2027 or 0x2030 <= o <= 0x205E:
        return True
    return unicodedata.category(ch) in ("Zs", "Sm", "Sc") or ch in "°±×÷·"


def plausibility(text: str) -> float:
    """Share of the non-ASCII characters that a Chinese digest is expected to have.

    1.0 for text with no non-ASCII characters at all (nothing to judge).
    """
    common = _common_chinese()
    good = total = 0
    for ch in text[:SAMPLE_CHARS]:
        if ch < "\x80":
            continue
        total += 1
        if ch in common or _is_punctuation_or_symbol(ch):
            good += 1
    return good / total if total else 1.0
