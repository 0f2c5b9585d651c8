"""arXiv identifiers, links and dates: the facts every reader needs."""
from __future__ import annotations

import re

# New-style ids (2406.15319, optional version) and old-style (cs/0112017).
_ID = r"(?P<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
ARXIV_URL = re.compile(
    r"https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/" + _ID + r"(?:\.pdf)?",
    re.IGNORECASE,
)
MARKDOWN_LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)")


def arxiv_id_from_url(url: str) -> str | None:
    m = ARXIV_URL.search(url)
    return m.group("id") if m else None


def month_of_id(arxiv_id: str) -> str:
    """2406.15319 -> "2024-06" (the month arXiv encodes in new-style ids)."""
    m = re.match(r"(\d{2})(\d{2})\.", arxiv_id)
    if not m:
        return ""
    return f"20{m.group(1)}-{m.group(2)}"


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
    m = _BARE_ID.match(text.strip())
    return m.group("id") if m else None


def arxiv_id_in(text: str) -> str | None:
    """The arXiv id a free-text field names: a link, "arXiv:ID" or the arXiv DOI."""
    found = arxiv_id_from_url(text)
    if found:
        return found
    m = _ID_IN_TEXT.search(text)
    return m.group("id") if m else None


def categories_from(text: str | list[str]) -> list[str]:
    """arXiv category codes, in order, once each; anything else is dropped."""
    codes = text.split() if isinstance(text, str) else text
    return list(dict.fromkeys(c for c in (c.strip() for c in codes) if CATEGORY.match(c)))
