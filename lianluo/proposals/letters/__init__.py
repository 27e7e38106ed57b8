"""The Word letters of suggestion handling: 交办函 (one suggestion, or a unit's batch), 答复函, 征询意见表.

Pure document building from the model instances passed in (and their related rows); no request handling, no
writes. Layout follows the national standard for official documents (GB/T 9704-2012 《党政机关公文格式》): A4,
margins 37/35/28/26 mm (top/bottom/left/right, a 156 × 225 mm text block), title in 方正小标宋简体 二号, text in
仿宋_GB2312 三号 on a 28 pt line, first-level headings in 黑体, the date four characters from the right edge with
the issuer centred over it. Word picks the font of Chinese text from the ``w:eastAsia`` attribute of ``w:rFonts``
only, so every font is set through ``set_east_asian_font``.

The package: ``layout`` (page, styles, fonts, building blocks), ``labels`` (names, session labels, dates),
``assignment`` (交办函), ``replies`` (答复函, 征询意见表). Import from this package.
"""

from lianluo.proposals.letters.assignment import assignment_letter, assignment_letter_batch
from lianluo.proposals.letters.labels import issuer_name, session_short, suggestion_label
from lianluo.proposals.letters.layout import (
    DOCX,
    TITLE_LINE_CHARS,
    chinese_date,
    set_east_asian_font,
    text_width,
    title_lines,
)
from lianluo.proposals.letters.replies import feedback_form, reply_letter, reply_title

__all__ = [
    "DOCX",
    "TITLE_LINE_CHARS",
    "assignment_letter",
    "assignment_letter_batch",
    "chinese_date",
    "feedback_form",
    "issuer_name",
    "reply_letter",
    "reply_title",
    "session_short",
    "set_east_asian_font",
    "suggestion_label",
    "text_width",
    "title_lines",
]
