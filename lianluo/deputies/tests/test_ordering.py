"""Official ordering by surname strokes (按姓氏笔画排序) and by pinyin with surname readings."""

from lianluo.deputies.ordering import char_strokes, pinyin_key, split_surname, strokes_key


def test_stroke_counts_and_classes_from_the_table():
    assert char_strokes("丁") == "15"  # 横, 竖钩 (折)
    assert len(char_strokes("王")) == 4 and char_strokes("王").startswith("1")
    assert char_strokes("毛") == "3115"  # 撇 first
    assert len(char_strokes("田")) == 5


def test_gb2312_is_covered():
    missing = []
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                char = bytes([high, low]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if not char_strokes(char):
                missing.append(char)
    assert missing == []


def test_fewer_strokes_first_then_stroke_order():
    """丁 (2) before 王 (4) before 田 (5); among four strokes 王 (横 first) before 毛 (撇 first)."""
    names = ["田野", "毛文", "王芳", "丁一", "方明"]
    assert sorted(names, key=strokes_key) == ["丁一", "王芳", "毛文", "方明", "田野"]  # 方 starts with 点


def test_same_surname_is_kept_together_then_given_names_by_strokes():
    names = ["王二", "李一", "王十", "王一"]
    assert sorted(names, key=strokes_key) == ["王一", "王二", "王十", "李一"]


def test_compound_surname_counts_as_the_surname():
    assert split_surname("欧阳修") == ("欧阳", "修")
    assert split_surname("欧明") == ("欧", "明")
    # 欧 people come before 欧阳 people, whatever the given names.
    assert sorted(["欧阳一", "欧明", "欧丁"], key=strokes_key) == ["欧丁", "欧明", "欧阳一"]


def test_pinyin_uses_surname_readings():
    assert pinyin_key("单田芳").startswith("shan4/")
    assert pinyin_key("曾国藩").startswith("zeng1/")
    assert pinyin_key("解缙").startswith("xie4/")
    assert pinyin_key("仇英").startswith("qiu2/")
    assert pinyin_key("区永").startswith("ou1/")
    assert pinyin_key("查良镛").startswith("zha1/")
    assert pinyin_key("朴成").startswith("piao2/")
    assert pinyin_key("覃明").startswith("qin2/")
    assert pinyin_key("盖伟").startswith("ge3/")
    assert pinyin_key("尉迟恭").startswith("yu4chi2/")
    assert sorted(["张三", "李四", "王五", "安一"], key=pinyin_key) == ["安一", "李四", "王五", "张三"]


def test_names_with_separator_and_latin_letters_do_not_fail():
    assert strokes_key("阿依古丽·买买提")
    assert strokes_key("王A") > strokes_key("王一")  # unknown characters after Han characters


def test_keys_fit_the_column():
    assert len(strokes_key("阿" * 50)) <= 200 and len(pinyin_key("阿" * 50)) <= 200


def test_saved_person_and_mandate_carry_the_keys(db):
    from lianluo.deputies.models import Mandate

    mandate = Mandate.objects.select_related("person").first()
    assert mandate.person.name_strokes_key == strokes_key(mandate.person.name)
    assert mandate.strokes_key == mandate.person.name_strokes_key
    assert mandate.pinyin_key == pinyin_key(mandate.person.name)
