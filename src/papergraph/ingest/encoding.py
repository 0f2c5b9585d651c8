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
5. text that is UTF-8 except for some lines (a paragraph pasted from a GBK
   or Big5 source) is read line by line: the UTF-8 lines as UTF-8, each run
   of other lines in the legacy codec that reads it plausibly (judged as in
   4), and a line no codec reads with its bad bytes replaced; the caller gets
   every such run of lines (`Decoded.spans`) to report. This comes after 4,
   so a file wholly in one encoding is read as before, unless it also holds
   lines that only UTF-8 reads as Chinese (see `_utf8_evidence`);
6. text that is UTF-8 except for a few bad bytes is read as UTF-8 with the
   bad bytes replaced, and the caller is told the first line that had one.

A valid UTF-8 file (nearly every digest) costs one strict decode, as before:
the line-by-line reading runs only for a file that fails it.

A general-purpose detector (charset-normalizer, chardet) guesses among dozens
of encodings and, on short Chinese texts, sometimes picks a Cyrillic or
Korean code page; papergraph only ever sees the handful above, so it asks
only about those and can explain its choice.
"""
from __future__ import annotations

import codecs
import re
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
class Span:
    """Lines `first`..`last` (1-based, inclusive; counted as the reader counts
    them: LF, CRLF and CR each end a line) that are not in the file's encoding:
    decoded with `codec`, or, when `codec` is "", by no codec (bytes replaced)."""

    first: int
    last: int
    codec: str

    @property
    def lines(self) -> str:
        return f"line {self.first}" if self.first == self.last else f"lines {self.first}-{self.last}"


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # codec name, e.g. "utf-8", "gb18030"
    replaced_at_line: int = 0  # first line with an undecodable byte (replaced), 0 if none
    spans: tuple[Span, ...] = ()  # a mixed file: the lines not in `encoding`, in order

    @property
    def main_label(self) -> str:
        return NAMES.get(self.encoding, self.encoding)

    @property
    def label(self) -> str:
        """"GB18030/GBK"; for a mixed file "UTF-8 with GB18030/GBK lines"."""
        others = sorted({NAMES.get(s.codec, s.codec) for s in self.spans if s.codec})
        return f"{self.main_label} with {' and '.join(others)} lines" if others else self.main_label


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
    whole = legacy_reading(raw)
    if whole is not None and not _utf8_evidence(raw, whole[0]):
        return Decoded(whole[1], whole[0])
    mixed = _mixed(raw, utf8_error.start, None)
    if mixed is not None:
        return mixed
    if whole is not None:
        return Decoded(whole[1], whole[0])
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
        if codec == "utf-8-sig":  # the mark says UTF-8: other lines were pasted in
            mixed = _mixed(raw[len(codecs.BOM_UTF8):], exc.start, codec)  # exc.start: after the mark
            if mixed is not None:
                return mixed
        text = raw.decode(codec, errors="replace")
        line = raw[:exc.start].decode(codec, errors="replace").count("\n") + 1
        return Decoded(text, codec, line)


def legacy_reading(raw: bytes) -> tuple[str, str] | None:
    """(codec, text) of the legacy codec that reads `raw` as plausible Chinese, if one does:
    a whole file, a run of a digest's lines (`_mixed`), or a streamed record file's line
    that is not UTF-8 (a BibTeX abstract pasted from a GBK source)."""
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
            return codec, text
    return None


def _line_ends(raw: bytes, end: int) -> int:
    """How many lines end before `end`: LF, CRLF and CR each end one."""
    return raw.count(b"\n", 0, end) + raw.count(b"\r", 0, end) - raw.count(b"\r\n", 0, end)


def _reads_as_utf8_chinese(line: bytes, codec: str) -> bool:
    """The line is UTF-8 that reads as Chinese (or CJK punctuation), and `codec`
    does not read it so: a pasted UTF-8 line in a file otherwise in `codec`."""
    if line.isascii():
        return False
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if max(text) < "\u0800" or plausibility(text) < PLAUSIBLE:
        return False  # two-byte UTF-8 (Greek, Cyrillic) is also what GBK pairs can look like
    try:
        return plausibility(line.decode(codec)) < PLAUSIBLE
    except UnicodeDecodeError:
        return True


# A line (LF-ended) that is valid UTF-8 with a three-byte character in it. The
# lookaheads never backtrack (possessive; each alternative starts with its own
# bytes): a line costs a scan to its first E0-EF byte, and one to its first
# byte that is not UTF-8, so a long line costs linear time.
_UTF8_CHAR = rb"(?:[\x00-\x09\x0b-\x7f]|[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})"
_UTF8_CJK_LINE = re.compile(rb"(?m)^(?=[^\n\xe0-\xef]*+[\xe0-\xef])(?=" + _UTF8_CHAR + rb"*+$)[^\n]*")


def _utf8_evidence(raw: bytes, codec: str) -> bool:
    """Whether a file that `codec` reads plausibly as a whole also holds a line
    that is UTF-8 Chinese (and not `codec` Chinese). A file wholly in a legacy
    encoding almost never has one: its pairs of bytes would have to form valid
    three-byte UTF-8 sequences that read as common Chinese, line after line.
    (Lines are LF-ended here: in a file with old-Mac CR line ends, a UTF-8 line
    among legacy ones goes unseen, and the file is read in `codec` as before.)"""
    return any(_reads_as_utf8_chinese(m.group(), codec) for m in _UTF8_CJK_LINE.finditer(raw))


# Lines that no codec reads (bytes replaced) a mixed reading may have, at
# most: more says the file is not UTF-8 with pasted lines but something else.
MIXED_REPLACED_LINES = 3


def _mixed(raw: bytes, first_bad: int, encoding: str | None) -> Decoded | None:
    """A file that is UTF-8 in some lines and GB18030 or Big5 in others, read
    line by line (see the module's step 5); None when it is not that. The
    caller has settled that UTF-8 lines are meant (a mark says so, no codec
    reads the file whole, or a line only UTF-8 reads as Chinese).

    Everything before the line of the first bad byte is valid UTF-8 and is
    decoded at once; from there each line is tried as UTF-8, and each run of
    lines that are not UTF-8 is read with the legacy codec that reads the run
    as plausible Chinese, else line by line, else with bytes replaced. The
    reading is used when some run was legacy text and few lines were read by
    no codec. The file's encoding is `encoding` (a mark's), else the one that
    reads most of its non-ASCII bytes; the spans are the lines in any other.
    """
    start = max(raw.rfind(b"\n", 0, first_bad), raw.rfind(b"\r", 0, first_bad)) + 1
    if raw[start - 1:start + 1] == b"\r\n":  # never between the two bytes of a CRLF
        start += 1
    parts = [raw[:start].decode("utf-8")]
    # lines no codec reads: a few, or the file is something else (and is not read line by line to the end)
    read = _Stretches(max(MIXED_REPLACED_LINES, (_line_ends(raw, len(raw)) + 1) // 100))
    for line_no, line in enumerate(raw[:start].splitlines(), 1):
        if not line.isascii():
            read.add(line_no, line_no, "utf-8", len(line))
    line_no = _line_ends(raw, start)  # the lines before `start`
    run: list[bytes] = []
    try:
        for line in raw[start:].splitlines(keepends=True):
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                run.append(line)
                continue
            if run:
                parts.extend(_read_run(run, line_no + 1, read))
                line_no += len(run)
                run = []
            parts.append(text)
            line_no += 1
            if not line.isascii():
                read.add(line_no, line_no, "utf-8", len(line))
        if run:
            parts.extend(_read_run(run, line_no + 1, read))
    except _TooDamaged:
        return None
    read.size.pop("", None)
    if not set(read.size) - {"utf-8"}:
        return None  # no legacy line: damaged UTF-8 (step 6) or something else
    main = encoding or max(read.size, key=lambda c: (read.size[c], c == "utf-8"))
    same = {main, "utf-8"} if main == "utf-8-sig" else {main}
    spans = tuple(s for s in read.spans if s.codec not in same)
    first_replaced = next((s.first for s in spans if not s.codec), 0)
    return Decoded("".join(parts), main, first_replaced, spans)


class _TooDamaged(Exception):
    """More lines than a mixed file may have that no codec reads."""


class _Stretches:
    """How each stretch of non-ASCII lines of a mixed file was read, and how
    many bytes each codec read; at most `allowed` lines read by none."""

    def __init__(self, allowed: int) -> None:
        self.spans: list[Span] = []
        self.size: dict[str, int] = {}
        self.allowed = allowed

    def add(self, first: int, last: int, codec: str, size: int) -> None:
        if not codec:
            self.allowed -= last - first + 1
            if self.allowed < 0:
                raise _TooDamaged
        self.size[codec] = self.size.get(codec, 0) + size
        spans = self.spans
        if spans and spans[-1].codec == codec and spans[-1].last + 1 == first:
            spans[-1] = Span(spans[-1].first, last, codec)
        else:
            spans.append(Span(first, last, codec))


def _read_run(run: list[bytes], first: int, read: _Stretches) -> list[str]:
    """The text of a run of lines that are not UTF-8, starting at line `first`."""
    whole = legacy_reading(b"".join(run))
    if whole is not None:
        read.add(first, first + len(run) - 1, whole[0], sum(map(len, run)))
        return [whole[1]]
    if len(run) > 1:  # lines from two sources, or a damaged line among them
        texts: list[str] = []
        for i, line in enumerate(run):
            texts.extend(_read_run([line], first + i, read))
        return texts
    read.add(first, first, "", len(run[0]))
    return [run[0].decode("utf-8", errors="replace")]


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
