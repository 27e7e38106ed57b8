"""``lianluo text evaluate`` and ``lianluo text train``: one JSON object (or one path) on stdout and exit 0; on
unusable input a message naming the option and the problem on stderr, nothing on stdout, exit 2."""

import csv
import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from lianluo.textmine.engine import modelfile

KEYS = {"macro_f1": float, "accuracy": float, "per_class": dict, "train_seconds": float,
        "predict_per_second": float, "n_train": int, "n_test": int}

PHRASES = {
    "交通运输": ["公交线路", "红绿灯", "出租车", "收费站", "地铁站"],
    "教育文体": ["学校招生", "教师待遇", "幼儿园", "课外补习", "图书馆"],
    "环境保护": ["排放废气", "污水直排", "噪音扰民", "垃圾焚烧", "空气污染"],
}


def rows(repeat):
    out = []
    for label, phrases in PHRASES.items():
        for i in range(repeat):
            a, b = phrases[i % 5], phrases[(i + 2) % 5]
            out.append((f"关于{a}的问题", f"\n\t\t\tA{i}区：{a}，还有{b}。", f"{a} {b} 问题", label))
    return out


def write(path, header, records, encoding="utf-8-sig"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        w = csv.writer(handle)
        w.writerow(header)
        w.writerows(records)
    return str(path)


@pytest.fixture
def files(tmp_path):
    data = rows(8)
    raw = write(tmp_path / "raw.csv", ["留言编号", "留言主题", "留言详情", "一级标签"],
                [(i, t, d, lab) for i, (t, d, _, lab) in enumerate(data)])
    seg = write(tmp_path / "seg.csv", ["分词文本", "一级标签"], [(s, lab) for _, _, s, lab in data])
    return {"raw": raw, "seg": seg, "dir": tmp_path}


def run(*args):
    return subprocess.run([sys.executable, "-m", "lianluo", "text", *args], capture_output=True, text=True,
                          timeout=120, check=False)


def command(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("text", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_evaluate_prints_the_contract_json_as_a_process(files):
    result = run("evaluate", "--train", files["seg"], "--test", files["raw"],
                 "--text-columns", "分词文本,留言主题,留言详情")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == set(KEYS) and all(isinstance(out[k], t) for k, t in KEYS.items())
    assert out["n_train"] == out["n_test"] == 24 and out["macro_f1"] > 0.9
    assert set(out["per_class"]) == set(PHRASES)
    for figures in out["per_class"].values():
        assert set(figures) == {"precision", "recall", "f1", "support"} and figures["support"] == 8
        assert isinstance(figures["support"], int) and isinstance(figures["f1"], float)


def test_bad_input_exits_2_with_nothing_on_stdout_as_a_process(files, tmp_path):
    no_label = write(tmp_path / "nolabel.csv", ["留言主题", "留言详情"], [("a", "b")])
    result = run("evaluate", "--train", files["raw"], "--test", no_label)
    assert result.returncode == 2 and result.stdout == "" and "--test：缺少标签列 一级标签" in result.stderr
    code, out, err = command("evaluate", "--train", str(tmp_path / "missing.csv"), "--test", files["raw"])
    assert code == 2 and out == "" and "--train：无法读取文件" in err


def test_the_default_columns_read_raw_files_and_skip_none_present(files):
    code, out, _ = command("evaluate", "--train", files["raw"], "--test", files["raw"])
    assert code == 0 and json.loads(out)["accuracy"] == 1.0
    # the segmented file has none of the default text columns
    code, out, err = command("evaluate", "--train", files["seg"], "--test", files["raw"])
    assert code == 2 and out == "" and "--train：缺少文本列" in err


def test_joined_columns_and_empty_cells(files, tmp_path):
    # the subject alone carries no signal, the detail does: joining the columns is what makes this learnable
    data = rows(8)
    path = write(tmp_path / "split.csv", ["留言主题", "留言详情", "一级标签"],
                 [("来信", d if i % 4 else "", lab) for i, (_, d, _, lab) in enumerate(data)])
    code, out, _ = command("evaluate", "--train", path, "--test", path)
    assert code == 0 and json.loads(out)["macro_f1"] > 0.6
    code, out, _ = command("evaluate", "--train", path, "--test", path, "--text-columns", "留言主题")
    assert code == 2 or json.loads(out)["macro_f1"] < 0.5


def test_unlabelled_rows_are_skipped_and_said_on_stderr(files, tmp_path):
    data = rows(8)
    path = write(tmp_path / "gaps.csv", ["留言主题", "留言详情", "一级标签"],
                 [(t, d, lab if i % 6 else "") for i, (t, d, _, lab) in enumerate(data)])
    code, out, err = command("evaluate", "--train", files["raw"], "--test", path)
    assert code == 0 and json.loads(out)["n_test"] == 20 and "跳过 4 条没有标签的记录" in err


def test_gbk_files_are_read(files, tmp_path):
    path = write(tmp_path / "gbk.csv", ["分词文本", "一级标签"], [(s, lab) for _, _, s, lab in rows(4)],
                 encoding="gbk")
    code, out, _ = command("evaluate", "--train", path, "--test", files["raw"],
                           "--text-columns", "分词文本,留言主题,留言详情")
    assert code == 0 and json.loads(out)["n_train"] == 12


def test_a_single_label_training_file_is_bad_input(tmp_path, files):
    path = write(tmp_path / "one.csv", ["留言主题", "一级标签"], [("修路", "交通运输"), ("修桥", "交通运输")])
    code, out, err = command("evaluate", "--train", path, "--test", files["raw"])
    assert code == 2 and out == "" and "--train：训练数据至少需要两个不同的标签" in err


def test_train_writes_a_versioned_model_file_and_prints_its_path(files, tmp_path):
    out_dir = tmp_path / "models"
    code, out, _ = command("train", "--train", files["raw"], "--name", "issue-category", "--out", str(out_dir))
    assert code == 0
    [(version, path)] = modelfile.versions(out_dir, "issue-category")
    assert out.strip() == str(path) and version in path.name
    model = modelfile.load(path)
    assert model.labels == sorted(PHRASES) and model.predict(["学校招生的问题"])[0][0] == "教育文体"


def test_train_defaults_to_the_var_directory(files, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    code, out, _ = command("train", "--train", files["raw"])
    assert code == 0 and out.strip().startswith(str(tmp_path / "var" / "textmine" / "category-"))


def test_train_refuses_a_bad_name(files):
    code, out, err = command("train", "--train", files["raw"], "--name", "../x")
    assert code == 2 and out == "" and "--name" in err
