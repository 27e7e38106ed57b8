"""Identifier validation (等保 8.1.4.4 d; SECURITY.md A10).

ID numbers: GB 11643-1999 — 6-digit region code, 8-digit birth date, 3-digit sequence and an
ISO 7064 MOD 11-2 check character (weights 2^(17-i) mod 11; remainder 10 is written X).
The first two valid examples are the ones printed in GB 11643-1999 itself; the Hunan ones were
computed independently of the code under test with that formula.
"""

import pytest

from lianluo.core.validators import id_number_is_valid, normalise_mobile

VALID_IDS = [
    "11010519491231002X",  # GB 11643-1999 example, check character X
    "440524188001010014",  # GB 11643-1999 example
    "430121199001011237",  # 长沙县, born 1990-01-01
    "430102198511154568",  # 长沙市芙蓉区
    "430223200002290016",  # 株洲 攸县, born on a leap day
    "430121200506308883",
]


@pytest.mark.parametrize("value", VALID_IDS)
def test_valid_id_numbers(value):
    assert id_number_is_valid(value)


def test_lower_case_x_and_surrounding_spaces_are_accepted():
    """People type 'x' and paste with spaces; both are the same number."""
    assert id_number_is_valid("11010519491231002x")
    assert id_number_is_valid("  11010519491231002X ")


@pytest.mark.parametrize("value", VALID_IDS)
def test_any_other_check_character_is_rejected(value):
    """Exactly one check character is right: the other ten are all refused."""
    for wrong in "0123456789X":
        if wrong != value[-1]:
            assert not id_number_is_valid(value[:17] + wrong), value[:17] + wrong


@pytest.mark.parametrize(
    "value",
    [
        "110105194912310021",  # single digit changed in the check position
        "11010519491231012X",  # a digit of the sequence changed: check character no longer fits
        "21010519491231002X",  # a region digit changed
        "11010519491231002",  # 17 characters
        "11010519491231002XX",  # 19 characters
        "1101051949123100AX",  # letter in the body
        "X10105194912310021",
        "",
        None,
        "１１０１０５１９４９１２３１００２X",  # full-width digits are not a stored ID format
        "²" * 17 + "X",  # Unicode digits that int() cannot read must not crash the validator
    ],
)
def test_invalid_id_numbers(value):
    assert not id_number_is_valid(value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("13907310001", "13907310001"),
        ("139 0731 0001", "13907310001"),
        ("139-0731-0001", "13907310001"),
        ("+8613907310001", "13907310001"),
        ("+86 139 0731 0001", "13907310001"),
        ("008613907310001", "13907310001"),
        ("\t13907310001\n", "13907310001"),
        ("１３９０７３１０００１", "13907310001"),  # full-width, as typed with a Chinese input method
        ("＋８６ １３９－０７３１－０００１", "13907310001"),
        ("19912345678", "19912345678"),
    ],
)
def test_mobile_numbers_are_normalised_to_eleven_ascii_digits(value, expected):
    """One number, one spelling: the stored value and its blind index do not depend on formatting."""
    assert normalise_mobile(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "12907310001",  # second digit must be 3–9
        "10907310001",
        "1390731000",  # 10 digits
        "139073100011",  # 12 digits
        "8613907310001",  # country code without + or 00
        "0731-88888888",  # landline
        "1390731000a",
        "13９０７３１０００",  # too short after normalisation
        "",
        None,
        "١٣٩٠٧٣١٠٠٠١",  # Arabic-Indic digits: not a mainland number format
    ],
)
def test_non_mobile_values_normalise_to_empty(value):
    assert normalise_mobile(value) == ""


def test_normalised_mobile_is_always_ascii():
    """Whatever comes in, a non-empty result is plain ASCII digits (so the blind index is stable)."""
    for value in ["13９０７３１０００１", "１３907310001", "+86１３９０７３１０００１"]:
        result = normalise_mobile(value)
        assert result == "13907310001"
        assert result.isascii()
