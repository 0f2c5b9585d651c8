"""A folder of messy and hostile digests, made from real seed excerpts.

Each entry is (file name, bytes, what the build must make of it). The
digest text is taken from the bundled seeds and only re-encoded, cut or
broken the way files from other tools are.
"""
from __future__ import annotations

import codecs
import os
from pathlib import Path

from conftest import SEEDS


def seed_blocks(n: int, skip: int = 0, seed: str = "000_50d41dcaebe4524c.txt") -> str:
    """The first n heading blocks of a heading-block seed (Simplified Chinese)."""
    text = (SEEDS / seed).read_text(encoding="utf-8")
    blocks = ["# " + b for b in text.split("\n# ")]
    blocks[0] = blocks[0][2:] if blocks[0].startswith("# # ") else blocks[0]
    return "\n\n".join(b.strip() for b in blocks[skip:skip + n]) + "\n"


def seed_table(n: int, skip: int = 0) -> str:
    """The header and n rows of the table seed (Traditional Chinese)."""
    lines = (SEEDS / "001_883ba37616ecaaba.txt").read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[:2] + lines[2 + skip:2 + skip + n]) + "\n"


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6300010000050001"
                    "0d0a2db40000000049454e44ae426082")

LONG_LINE_BYTES = 50 * 1024 * 1024


def messy_files(long_line: bool = True) -> dict[str, bytes]:
    """name -> bytes; what each must give is asserted in test_messy_input.py."""
    table = seed_table(4)
    table_rows = table.split("\n")
    files = {
        # other encodings and line ends: each must read exactly like the UTF-8 original
        "gbk.md": seed_blocks(2, skip=2).encode("gbk"),
        "big5.md": seed_table(2, skip=4).encode("big5"),
        "utf16le_bom.md": codecs.BOM_UTF16_LE + seed_blocks(1, skip=4).encode("utf-16-le"),
        "utf16be_bom.md": codecs.BOM_UTF16_BE + seed_blocks(1, skip=5).encode("utf-16-be"),
        "utf16_no_bom.md": seed_blocks(1, skip=6).encode("utf-16-le"),
        "utf8_bom.md": codecs.BOM_UTF8 + seed_blocks(1, skip=7).encode("utf-8"),
        "crlf.md": seed_blocks(2, skip=8).replace("\n", "\r\n").encode("utf-8"),
        # tables with holes
        "table_holes.md": "\n".join([
            table_rows[0], table_rows[1],
            "| 2024年5月31日 | [Missing Summary Paper](https://arxiv.org/abs/2405.00001) |  | 檢索 |",
            "| [Only A Title Cell](https://arxiv.org/abs/2405.00002) |",
            "| 2024年5月30日 | No link at all in this row | 摘要 | 檢索 |",
            "| 2024年5月30日 | [OpenReview Paper](https://openreview.net/forum?id=abc) | 摘要 | 檢索 |",
            "| 2024年5月29日 | [Bar | Title](https://arxiv.org/abs/2405.00003) | a | b with | bar | 檢索 |",
            "",
        ]).encode("utf-8"),
        # blocks without arXiv links
        "blocks_no_link.md": (
            "# A Paper Without Any Link\n\n这篇摘要没有链接。\n\n"
            "# A Paper On OpenReview\n[中文标题](https://openreview.net/forum?id=xyz)\n\n摘要文本。\n\n"
            + seed_blocks(1, skip=10)).encode("utf-8"),
        # the same arXiv id as a seed-excerpt above, with another title
        "conflict.md": ("# A Different Title For LongRAG\n[另一个标题](https://arxiv.org/abs/2406.15319)\n\n"
                        "另一份摘要。\n").encode("utf-8"),
        "longrag.md": seed_blocks(1).encode("utf-8"),
        "empty.md": b"",
        "blank.md": b" \n\r\n\t\n",
        "image.png": PNG,
        "program.bin": bytes(range(256)) * 8,
        "notes.txt": b"Just some notes, not a digest.\nNothing to see here.\n",
        "control.md": ("# Control\x1b[31m Title\x07\n[控制](https://arxiv.org/abs/2401.00042)\n\n"
                       "摘要文本\x1b]0;evil\x07。\n").encode("utf-8"),
        "bad_bytes.md": seed_blocks(1, skip=11).encode("utf-8").replace("。".encode(), b"\xff\xfe", 1),
    }
    if long_line:
        files["long_line.md"] = seed_blocks(1, skip=12).encode("utf-8") + b"\n" + b"x" * LONG_LINE_BYTES + b"\n"
    return files


def write_messy(folder: Path, long_line: bool = True) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    files = messy_files(long_line)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    os.symlink(folder / "does-not-exist.md", folder / "broken-link.md")
    return files
