"""arXiv identifiers, links and dates: the facts every reader needs."""
from __future__ import annotations

import re

# New-style ids (2406.15319, optional version) and old-style (cs/0112017).
_ID = r"(?P<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
ARXIV_URL = re.compile(
    r"(?<![\w.])(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/" + _ID + r"(?:\.pdf)?",
    re.IGNORECASE,
)
# "arXiv:2406.15319", the form papers cite each other by.
ARXIV_REF = re.compile(r"(?<![\w/])arxiv:\s?" + _ID + r"(?![\w.])", re.IGNORECASE)
# [text](url). The link text may hold one level of [brackets]; its length is
# bounded so that a hostile line of brackets costs linear, not quadratic, time.
MARKDOWN_LINK = re.compile(
    r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]{0,500}\]){0,2000}+)\]\((?P<url>[^()\s]{0,2000}(?:\([^()\s]{0,200}\)[^()\s]{0,2000})*)\)")
ANY_URL = re.compile(r"https?://(?P<host>[^/\s()\[\]<>\"']+)", re.IGNORECASE)


# The subject class of an old-style id ("math.DG/0211159") is not part of what names the
# paper: arXiv files it as math/0211159, and both spellings must be one paper node.
_SUBJECT_CLASS = re.compile(r"\.[A-Za-z]{2}(?=/)")


def _found_id(m: re.Match | None) -> str | None:
    return _SUBJECT_CLASS.sub("", m.group("id"), count=1) if m else None


def arxiv_id_from_url(url: str) -> str | None:
    return _found_id(ARXIV_URL.search(url))


def arxiv_id_from_text(text: str) -> str | None:
    """An arXiv id named in text: a link, a bare arXiv URL or "arXiv:2406.15319"."""
    return _found_id(ARXIV_URL.search(text) or ARXIV_REF.search(text))


def canonical_url(url: str, arxiv_id: str) -> str:
    """The digest's link when it is plainly an arXiv URL, else the abstract page.

    A link merely containing an arXiv URL ("javascript:...//arxiv.org/abs/...")
    never becomes the paper's url.
    """
    url = url.strip()
    m = ARXIV_URL.fullmatch(url)
    if m and url.lower().startswith(("https://", "http://")):
        return url
    return f"https://arxiv.org/abs/{arxiv_id}"


def other_link_host(text: str) -> str | None:
    """The host of the first non-arXiv web link in text (for messages)."""
    for m in ANY_URL.finditer(text):
        host = m["host"].lower()
        if not host.endswith("arxiv.org"):
            return host
    return None


# The year and month an id encodes: YYMM before the dot of a new-style id
# (2406.15319, from April 2007), after the slash of an old-style one
# (hep-th/9901001, math.GT/0309136, cs/0112017: August 1991 to March 2007).
_NEW_MONTH = re.compile(r"(\d{2})(\d{2})\.\d")
_OLD_MONTH = re.compile(r"[a-z\-]+(?:\.[A-Za-z]{2})?/(\d{2})(\d{2})\d{3}\b")


def month_of_id(arxiv_id: str) -> str:
    """2406.15319 -> "2024-06"; hep-th/9901001 -> "1999-01"; "" when the id encodes no real month."""
    m = _NEW_MONTH.match(arxiv_id)
    if m:
        year = 2000 + int(m.group(1))
    else:
        m = _OLD_MONTH.match(arxiv_id)
        if not m:
            return ""
        yy = int(m.group(1))
        if 91 <= yy <= 99:
            year = 1900 + yy
        elif yy <= 7:
            year = 2000 + yy
        else:
            return ""  # old-style ids began in 1991 and ended in 2007
    month = int(m.group(2))
    return f"{year}-{month:02d}" if 1 <= month <= 12 else ""


_DATE_PATTERNS = (
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?"),
    re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})(?:[-/.](?P<d>\d{1,2}))?"),
)


def parse_date(text: str) -> str:
    """A digest's date cell as ISO: "2024年5月31日" -> "2024-05-31"; "" if unknown."""
    for pattern in _DATE_PATTERNS:
        m = pattern.search(text)
        if m:
            y, mo, d = int(m["y"]), int(m["m"]), m["d"]
            if not 1 <= mo <= 12:
                continue
            return f"{y:04d}-{mo:02d}" + (f"-{int(d):02d}" if d and 1 <= int(d) <= 31 else "")
    return ""


# -- ids as metadata records write them ---------------------------------------

_BARE_ID = re.compile(r"^(?:arxiv:)?\s*" + _ID + r"$", re.IGNORECASE)
# "arXiv:2406.15319", "arXiv preprint arXiv:2406.15319", the arXiv DOI 10.48550/arXiv.2406.15319
_ID_IN_TEXT = re.compile(
    r"(?:\barxiv[:.]\s*|10\.48550/arxiv\.)(?P<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\b",
    re.IGNORECASE,
)
# arXiv category codes: cs.CL, hep-ph, cond-mat.stat-mech, q-bio.NC, math-ph
CATEGORY = re.compile(r"^[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]+(?:-[a-z]+)?)?$")


def normalize_arxiv_id(text: str) -> str | None:
    """An id as a record writes it ("2406.15319v2", "arXiv:hep-th/9901001") -> "2406.15319"."""
    return _found_id(_BARE_ID.match(text.strip()))


def arxiv_id_in(text: str) -> str | None:
    """The arXiv id a free-text field names: a link, "arXiv:ID" or the arXiv DOI."""
    found = arxiv_id_from_url(text)
    if found:
        return found
    return _found_id(_ID_IN_TEXT.search(text))


def categories_from(text: str | list[str]) -> list[str]:
    """arXiv category codes, in order, once each; anything else is dropped."""
    codes = text.split() if isinstance(text, str) else text
    return list(dict.fromkeys(c for c in (c.strip() for c in codes) if CATEGORY.match(c)))
