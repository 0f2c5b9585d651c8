"""LaTeX in metadata (accents, braces, escapes) -> plain Unicode text, and person names.

arXiv metadata and BibTeX write "Bal{\\'a}zs", "Direct {N}ash" and "R\\&D";
the graph wants "Balázs", "Direct Nash" and "R&D". Math is kept as written
("$O(n)$"): turning it into pseudo-text would lose more than it gains. Only a
formula that is one symbol becomes that symbol: abstracts write names and
numbers with them ("$\\Psi$PO", "77.9\\%$\\to$84.1\\%", "2.5$\\times$").

This is the small subset of LaTeX that metadata uses, done with a few regular
expressions: the arXiv snapshot has millions of abstracts, and a full LaTeX
parser (pylatexenc) decodes about 250 of them per second here, too slow to
sit on the read path.
"""
from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_PARENS = re.compile(r"\s*\([^()]*\)")  # "A. Author (MIT)": affiliations in author strings
_AND = re.compile(r"\s*(?:,\s*and\s+|\band\s+|,|;)\s*")

# accent commands -> combining characters (composed with NFC afterwards)
_SYMBOL_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
                   "=": "\u0304", ".": "\u0307"}
_LETTER_ACCENTS = {"u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
                   "r": "\u030a", "d": "\u0323", "b": "\u0331"}
_LETTERS = {"ss": "ß", "ae": "æ", "AE": "Æ", "aa": "å", "AA": "Å", "oe": "œ", "OE": "Œ",
            "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "TeX": "TeX", "LaTeX": "LaTeX"}
_BASE = r"(?:\{\s*(?P<b1>\\[ij]|[A-Za-z])\s*\}|(?P<b2>\\[ij](?![A-Za-z])|[A-Za-z]))"
_SYMBOL_ACCENT = re.compile(r"\\(?P<acc>['`^\"~=.])\s*" + _BASE)
_LETTER_ACCENT = re.compile(r"\\(?P<acc>[uvHckrdb])(?:\s*\{\s*(?P<b1>\\[ij]|[A-Za-z])\s*\}|\s+(?P<b2>[A-Za-z]))")
_LETTER = re.compile(r"\\(?P<name>ss|ae|AE|aa|AA|oe|OE|o|O|l|L|i|j|TeX|LaTeX)(?![A-Za-z])(?:\s*\{\})?\s?")
_SHIELD = {"{": "\ue000", "}": "\ue001"}  # escaped braces survive the removal of the others
_ESCAPE = re.compile(r"\\([&%$#_{}])")
_COMMAND = re.compile(r"\\(?:emph|textit|textbf|texttt|textsc|textrm|textsf|text|mbox|url|href)\s*(?=\{)")
_LINEBREAK = re.compile(r"\\\\|\\newline\b")
_MATH = re.compile(r"(?<!\\)(\$\$?)(?:\\.|[^$\\])+?(?<!\\)\1")
_ONE_SYMBOL = re.compile(r"\$\s*(?:\\(?P<command>[A-Za-z]+)|(?P<char>[<>=+\-~*/|]))\s*\$")
_SYMBOLS = {"to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "uparrow": "↑", "downarrow": "↓",
            "times": "×", "sim": "~", "approx": "≈", "ge": "≥", "geq": "≥", "le": "≤", "leq": "≤", "neq": "≠",
            "pm": "±", "cdot": "·", "infty": "∞", "circ": "°", "checkmark": "✓"}
_SYMBOLS.update({  # "\\lambda" is λ, "\\Lambda" Λ (Unicode spells it LAMDA)
    command: unicodedata.lookup(f"GREEK {case} LETTER {letter.upper().replace('LAMBDA', 'LAMDA')}")
    for letter in ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
                   "sigma tau upsilon phi chi psi omega").split()
    for command, case in ((letter, "SMALL"), (letter.capitalize(), "CAPITAL"))
})


def _math(span: str) -> str:
    """A formula of one symbol as that symbol; any other formula as written."""
    m = _ONE_SYMBOL.fullmatch(span)
    if m is None:
        return span
    return m["char"] or _SYMBOLS.get(m["command"], span)


def _accent(table: dict[str, str]):
    def replace(m: re.Match) -> str:
        base = m["b1"] or m["b2"]
        base = "i" if base == "\\i" else "j" if base == "\\j" else base
        return base + table[m["acc"]]
    return replace


def _plain(text: str) -> str:
    """Decode one stretch of text mode (no math in it)."""
    text = _LINEBREAK.sub(" ", text)
    text = _SYMBOL_ACCENT.sub(_accent(_SYMBOL_ACCENTS), text)
    text = _LETTER_ACCENT.sub(_accent(_LETTER_ACCENTS), text)
    text = _LETTER.sub(lambda m: _LETTERS[m["name"]], text)
    text = _COMMAND.sub("", text)
    text = _ESCAPE.sub(lambda m: _SHIELD.get(m.group(1), m.group(1)), text)
    text = text.replace("{", "").replace("}", "").replace("~", " ")
    return text.replace("\ue000", "{").replace("\ue001", "}")


def latex_to_text(text: str) -> str:
    """Plain text of a LaTeX-ish metadata field, on one line."""
    if "\\" in text or "{" in text or "~" in text:
        out, last = [], 0
        for m in _MATH.finditer(text):
            out.append(_plain(text[last:m.start()]))
            out.append(_math(m.group(0)))
            last = m.end()
        out.append(_plain(text[last:]))
        text = unicodedata.normalize("NFC", "".join(out))
    return _SPACE.sub(" ", text).strip()


def display_name(name: str) -> str:
    """"Chen, Wenhu" -> "Wenhu Chen"; "Yuan, Jr., C.-P." -> "C.-P. Yuan Jr."; spacing tidied."""
    name = _SPACE.sub(" ", name).strip().strip(",;").strip()
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 2 and all(parts):
        name = f"{parts[1]} {parts[0]}"
    elif len(parts) == 3 and parts[0] and parts[2]:
        name = f"{parts[2]} {parts[0]} {parts[1]}".strip()
    return _SPACE.sub(" ", name).strip()


def split_author_string(authors: str) -> list[str]:
    """arXiv's free-text author list -> names: "A. Lee, B. Chen (MIT) and C. Wu"."""
    text = _PARENS.sub("", latex_to_text(authors))
    names = [n.strip() for n in _AND.split(text)]
    return [n for n in names if n and n.lower() not in {"others", "et al.", "et al"}]
