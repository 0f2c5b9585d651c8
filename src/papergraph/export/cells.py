"""Text from digests in tabular outputs: a cell is data, never a formula.

Spreadsheets (Excel, LibreOffice, Google Sheets) run a cell that starts with
= + - @ (or a tab or carriage return that hides one) as a formula, so a title
like `=HYPERLINK("http://evil", "click")` in a CSV becomes a live link, or
worse, on the machine of whoever opens the file (OWASP "CSV injection"). The
usual defence, used here: such a cell gets a leading apostrophe, which
spreadsheets show as text and do not evaluate. The full-width forms (＝ ＋ －
＠) are included, as some East Asian spreadsheet locales read them as the
ASCII ones.

Use it for free-text columns (titles, summaries, labels, evidence), not for
numeric columns, where "-3.5" is a number, not an attack.
"""
from __future__ import annotations

import csv
import io
from typing import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_cell(value: object) -> str:
    """A text cell that a spreadsheet will not evaluate."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(header: list[str], rows: Iterable[Iterable[object]], text_columns: Iterable[str] = ()) -> bytes:
    """RFC 4180 CSV (quoted where needed, \\r\\n line ends) with `text_columns` neutralised."""
    protect = {header.index(c) for c in text_columns}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(spreadsheet_cell(v) if i in protect else ("" if v is None else v)
                        for i, v in enumerate(row))
    return out.getvalue().encode("utf-8")
