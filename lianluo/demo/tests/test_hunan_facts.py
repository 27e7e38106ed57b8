"""Check the hand-written Hunan division facts against the statistics bureau's table.

The official table lives outside the repository, at
``<repo>/../shared/data/regions/hunan_divisions.csv`` (columns
code12, code, name, parent_code, level, level_name, unit_type).  Only rows with
``unit_type == "admin"`` are administrative divisions; development zones and
similar units carry another unit_type and must not appear in the demo data.

Plain pytest functions, no database.
"""

import csv
from functools import cache
from pathlib import Path

from lianluo.demo import hunan

REPO_ROOT = Path(__file__).resolve().parents[3]
OFFICIAL_CSV = REPO_ROOT.parent / "shared" / "data" / "regions" / "hunan_divisions.csv"

ADMIN = "admin"


@cache
def official() -> dict[str, dict[str, str]]:
    """The official table, keyed by the short division code."""
    assert OFFICIAL_CSV.is_file(), (
        f"Official division table not found at {OFFICIAL_CSV}; these facts cannot be checked without it."
    )
    with OFFICIAL_CSV.open(encoding="utf-8", newline="") as fh:
        rows = {row["code"]: row for row in csv.DictReader(fh)}
    assert rows, f"Official division table {OFFICIAL_CSV} is empty"
    return rows


def official_admin_codes(level: int) -> set[str]:
    return {
        code for code, row in official().items() if row["level"] == str(level) and row["unit_type"] == ADMIN
    }


def mismatches(entries: list[tuple[str, str, str]], level: int) -> list[str]:
    """Describe every demo entry that disagrees with the official table."""
    table = official()
    problems = []
    for code, name, parent in entries:
        row = table.get(code)
        if row is None:
            problems.append(f"{code} {name}: code not in official table")
            continue
        expected = (row["name"], row["parent_code"], row["level"], row["unit_type"])
        actual = (name, parent, str(level), ADMIN)
        if expected != actual:
            problems.append(
                f"{code}: demo has (name, parent, level, unit_type)={actual}, official has {expected}"
            )
    return problems


def test_repo_root_is_the_project():
    assert (REPO_ROOT / "pyproject.toml").is_file()
    assert (REPO_ROOT / "lianluo" / "demo" / "hunan.py").is_file()


def test_official_table_is_present():
    assert official()


def test_counts():
    assert len(hunan.PREFECTURES) == 14
    assert len(hunan.COUNTIES) == 122
    assert len({code for code, _ in hunan.PREFECTURES}) == 14
    assert len({code for code, _, _ in hunan.COUNTIES}) == 122
    assert len({code for code, _, _ in hunan.TOWNSHIPS}) == len(hunan.TOWNSHIPS)
    assert 8 <= len(hunan.TOWNSHIPS) <= 20


def test_province_matches_official():
    code, name = hunan.PROVINCE
    row = official().get(code)
    assert row is not None, f"province code {code} not in official table"
    assert (row["name"], row["parent_code"], row["level"], row["unit_type"]) == (name, "", "1", ADMIN)


def test_prefectures_match_official():
    entries = [(code, name, hunan.PROVINCE[0]) for code, name in hunan.PREFECTURES]
    assert mismatches(entries, 2) == []


def test_counties_match_official():
    assert mismatches(hunan.COUNTIES, 3) == []


def test_every_official_prefecture_is_in_demo():
    demo = {code for code, _ in hunan.PREFECTURES}
    official_codes = official_admin_codes(2)
    assert sorted(official_codes - demo) == []
    assert sorted(demo - official_codes) == []


def test_every_official_county_is_in_demo():
    demo = {code for code, _, _ in hunan.COUNTIES}
    official_codes = official_admin_codes(3)
    missing = sorted(f"{c} {official()[c]['name']}" for c in official_codes - demo)
    extra = sorted(demo - official_codes)
    assert missing == []
    assert extra == []


def test_townships_match_official():
    assert mismatches(hunan.TOWNSHIPS, 4) == []


def test_townships_cover_changsha_county_and_an_urban_district():
    parents = {parent for _, _, parent in hunan.TOWNSHIPS}
    assert "430121" in parents
    assert parents & {"430102", "430104"}
    county_codes = {code for code, _, _ in hunan.COUNTIES}
    for code, _, parent in hunan.TOWNSHIPS:
        assert parent in county_codes
        assert parent.startswith("4301")
        assert len(code) == 9 and code.startswith(parent)


def test_divisions_tree_order():
    rows = list(hunan.divisions())
    assert len(rows) == 1 + 14 + 122 + len(hunan.TOWNSHIPS)
    assert rows[0] == ("43", "湖南省", None, 1)
    seen = {}
    for code, _, parent, level in rows:
        assert code not in seen
        if level == 1:
            assert parent is None
        else:
            # A parent always comes before its children, one level up.
            assert seen.get(parent) == level - 1, f"{code}: parent {parent} not yet yielded"
        seen[code] = level
    assert [level for *_, level in rows].count(3) == 122
