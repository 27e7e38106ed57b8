"""Build strokes.txt, the stroke table behind the official surname-stroke order (按姓氏笔画排序).

Run at development time, not at run time:

    npm pack cnchar-order@3.2.6 && tar xzf cnchar-order-3.2.6.tgz
    python lianluo/deputies/data/build_strokes.py package/cnchar.order.min.js

Source: the npm package ``cnchar-order`` 3.2.6 (MIT licence, see SOURCE.md). It maps each character to its
strokes in writing order, one letter per stroke; the package's own stroke table names each letter and says
whether it is a plain stroke (平笔) or a turning stroke (折笔). Each stroke is reduced to the five classes of
the official order (GB 13000.1 字符集汉字笔顺规范): 1 横 (with 提), 2 竖, 3 撇, 4 点 (with 捺), 5 折 (every
turning or hooked stroke). The output has one line per character: the character, a space, its class digits
(so the stroke count is the number of digits).
"""

import json
import re
import sys
from pathlib import Path

PLAIN = {"j": "1", "i": "1", "f": "2", "s": "3", "k": "4", "d": "4", "l": "4"}
TURNING = set("abcegh mnopqrtuvwxyz".replace(" ", ""))
# GB 2312 radicals the package lacks; written out by hand from the standard stroke order.
SUPPLEMENT = {
    "丨": "2", "丿": "3", "丶": "4", "匚": "15", "刂": "25", "亠": "41", "冫": "41", "冖": "45", "讠": "45",
    "卩": "52", "阝": "52", "廴": "54", "艹": "122", "扌": "121", "彳": "332", "彡": "333", "犭": "353",
    "夂": "354", "饣": "355", "忄": "442", "丬": "412", "氵": "441", "宀": "445", "辶": "454", "彐": "511",
    "屮": "252", "纟": "551", "灬": "4444", "礻": "4524", "疒": "41344", "衤": "45234",
}


def gb2312_characters() -> list[str]:
    chars = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def main(source: str) -> None:
    text = Path(source).read_text(encoding="utf-8")
    orders = json.loads(re.findall(r"JSON\.parse\('(\{.*?\})'\)", text)[0])
    table = {}
    for char, letters in orders.items():
        if len(char) != 1:
            continue
        digits = "".join(PLAIN.get(letter) or ("5" if letter in TURNING else "?") for letter in letters)
        if "?" not in digits:
            table[char] = digits
    for char, digits in SUPPLEMENT.items():
        table.setdefault(char, digits)
    missing = [c for c in gb2312_characters() if c not in table]
    if missing:
        raise SystemExit(f"GB 2312 characters without strokes: {''.join(missing)}")
    out = Path(__file__).with_name("strokes.txt")
    out.write_text("".join(f"{c} {table[c]}\n" for c in sorted(table)), encoding="utf-8")
    print(f"{len(table)} characters written to {out.name}")


if __name__ == "__main__":
    main(sys.argv[1])
