"""One normal form for message text, so that training and prediction see the same kind of string.

The office's records come in two shapes: raw messages (punctuation, whitespace, masked place codes such as
"A3区", user numbers) and word-segmented exports with stop words already removed and words separated by spaces.
A model trained on one shape and applied to the other loses accuracy unless both are folded to the same form:
full-width to half-width (NFKC), then only Han characters kept (masked codes, digits, Latin letters, punctuation
and spaces carry no category signal here and differ between the shapes). Removing the most frequent function
words from both shapes as well is available, but measured no better (docs/textmine.md), so it is off by default.
"""

import re
import unicodedata

# Han ideographs (CJK Unified, Extension A and the compatibility block); everything else is dropped.
_NOT_HAN = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# Function words that the segmented export drops (the most frequent deletions between raw messages and their
# segmented versions). Longer words first so that "我们的" goes before "我们" and "的".
FUNCTION_WORDS = tuple(sorted({
    "的", "了", "在", "和", "是", "我", "我们", "有", "为", "与", "对", "就", "也", "被", "还", "并", "都", "而",
    "给", "该", "但", "将", "其", "及", "这", "又", "从", "或", "吗", "于", "就是", "让", "或者", "之", "都是",
    "向", "由", "作为", "因", "地", "个", "以", "所", "这个", "我的", "他们", "把", "着", "过", "由于", "而且",
    "我们的", "才", "因为", "也是", "此", "且", "很", "什么", "的是", "以及", "您", "自己", "如果", "更", "们",
    "呢", "他", "她", "并且", "为什么", "怎么", "如何", "啊", "还是", "所以", "得", "你", "吧", "呀", "么",
    "但是", "这些", "这样", "那", "那些", "哪", "嘛", "哦", "非常", "可以",
}, key=lambda w: (-len(w), w)))

_FUNCTION = re.compile("|".join(FUNCTION_WORDS))


def normalize(text: str | None, *, drop_function_words: bool = False) -> str:
    """The text folded to Han characters only; function words removed on request (see the module docstring)."""
    if not text:
        return ""
    folded = _NOT_HAN.sub("", unicodedata.normalize("NFKC", text))
    return _FUNCTION.sub("", folded) if drop_function_words else folded
