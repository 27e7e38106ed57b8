"""What every generated PDF shares: the bundled Chinese font and an A4 page set up with it.

The font is a GB 2312 subset of Noto Sans CJK SC (lianluo/core/fonts, SIL OFL 1.1), so servers need no system
fonts; fpdf2 embeds only the glyphs a document uses. Characters the font lacks print as □ rather than vanishing.
"""

import logging
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF

FONT_PATH = Path(__file__).resolve().parent / "fonts" / "NotoSansCJKsc-Regular-subset.otf"
FONT = "NotoSansSC"

# fpdf2 subsets the font with fontTools on every document, which logs each step at INFO.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


@lru_cache(maxsize=1)
def font_chars() -> frozenset[int]:
    with TTFont(FONT_PATH, lazy=True) as font:
        return frozenset(font.getBestCmap())


def printable(text: str) -> str:
    """Characters the bundled font lacks become □ rather than disappearing."""
    chars = font_chars()
    return "".join(c if ord(c) in chars or c in "\n" else "□" for c in (text or ""))


def a4_document(*, title: str, margin: float, landscape: bool = False) -> FPDF:
    """An empty A4 document with the bundled font added, no automatic page breaks."""
    pdf = FPDF(orientation="L" if landscape else "P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(margin, margin, margin)
    pdf.add_font(FONT, "", str(FONT_PATH))
    pdf.set_title(title)
    pdf.set_creator("联络 Lianluo")
    return pdf
