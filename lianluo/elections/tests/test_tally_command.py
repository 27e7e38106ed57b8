"""``lianluo elections tally FILE`` as a real process (contracts/election-tally.md): the decision on stdout and exit
0; on malformed input a message naming the field on stderr, nothing on stdout, exit 2."""

import json
import subprocess
import sys

COUNT = {"method": "direct", "round": "first", "seats": 1, "electorate": 10, "voters_voted": 7,
         "candidates": ["甲", "乙"], "ballots": [{"for": ["甲"]}] * 4 + [{"for": ["乙"]}] * 3}


def tally(arg: str, stdin: str = ""):
    return subprocess.run([sys.executable, "-m", "lianluo", "elections", "tally", arg], input=stdin,
                          capture_output=True, text=True, timeout=120, check=False)


def test_a_file_is_decided(tmp_path):
    path = tmp_path / "count.json"
    path.write_text(json.dumps(COUNT, ensure_ascii=False), encoding="utf-8")
    result = tally(str(path))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["elected"] == ["甲"] and out["threshold"] == 4 and out["votes"] == {"甲": 4, "乙": 3}


def test_standard_input_is_read_for_a_dash():
    result = tally("-", json.dumps(COUNT))
    assert result.returncode == 0 and json.loads(result.stdout)["valid"] is True


def test_malformed_input_exits_2_naming_the_field_with_nothing_on_stdout():
    bad = dict(COUNT, ballots=[{"for": "甲"}])
    result = tally("-", json.dumps(bad))
    assert result.returncode == 2 and result.stdout == "" and "ballots[0].for" in result.stderr
    result = tally("-", "{not json")
    assert result.returncode == 2 and result.stdout == "" and "JSON" in result.stderr


def test_a_missing_file_exits_2():
    result = tally("/nonexistent/count.json")
    assert result.returncode == 2 and result.stdout == "" and "FILE" in result.stderr
