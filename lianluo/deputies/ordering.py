"""Sort keys for names: surname strokes (按姓氏笔画排序) and pinyin.

The full rule and the stroke table are filled in by the roster module; until then the keys fall back to the
code point so that ordering is at least stable.
"""


def strokes_key(name: str) -> str:
    return name


def pinyin_key(name: str) -> str:
    return name
