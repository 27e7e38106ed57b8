"""Masking personal data in lists and exports (PIPL Art 51; GB/T 35273-2020 §7.1; SECURITY.md B3).

Lists show 138****5678, 110101********123X and 张*; whatever the input, a masked value never
reveals more than these forms.
"""

import re

import pytest

from lianluo.core.masking import mask_id_number, mask_mobile, mask_name


@pytest.mark.parametrize(
    "value, masked",
    [
        ("13812345678", "138****5678"),
        ("13907310001", "139****0001"),
        ("", ""),
        (None, ""),
        ("12345", "***45"),  # not a mobile: only the last two characters stay
        ("07318888888", "073****8888"),  # any 11 characters get the mobile layout
        ("1", "1"),
    ],
)
def test_mask_mobile(value, masked):
    """An 11-digit number keeps its first 3 and last 4 digits; other lengths only the last 2."""
    assert mask_mobile(value) == masked


@pytest.mark.parametrize(
    "value, masked",
    [
        ("11010519491231002X", "110105********002X"),
        ("430121199001011237", "430121********1237"),
        ("", ""),
        (None, ""),
        ("4301211990", "******1990"),  # not 18 characters: only the last four stay
    ],
)
def test_mask_id_number(value, masked):
    """An 18-character ID keeps its region code (6) and last four; the birth date is hidden (GB 11643)."""
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    "value, masked",
    [("张三", "张*"), ("罗晓燕", "罗**"), ("欧阳修文", "欧***"), ("李", "李"), ("", ""), (None, "")],
)
def test_mask_name(value, masked):
    """Only the first character (the surname, or its first character) stays."""
    assert mask_name(value) == masked


def test_masked_values_do_not_match_the_leak_patterns():
    """A masked mobile or ID never matches the scanners used on pages and logs (B3)."""
    assert not re.search(r"1[3-9]\d{9}", mask_mobile("13812345678"))
    assert not re.search(r"\d{17}[\dX]", mask_id_number("11010519491231002X"))
    assert "19491231" not in mask_id_number("11010519491231002X")
