"""The classification engine: normalisation, training, confidences, model files and the registry."""

import csv
import json
import os
import time
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from lianluo.textmine.engine import dataset, modelfile
from lianluo.textmine.engine.classify import ClassifierError, Settings, train
from lianluo.textmine.engine.evaluation import evaluate, report
from lianluo.textmine.engine.normalize import normalize

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "teddy2020"

TOPICS = {
    "交通运输": ["公交线路调整", "道路拥堵红绿灯", "出租车拒载", "高速收费站排队", "地铁站出口"],
    "教育文体": ["学校招生学位", "教师工资待遇", "幼儿园收费", "学生课外补习", "图书馆开放"],
    "环境保护": ["工厂排放废气", "河道污水直排", "噪音扰民施工", "垃圾焚烧异味", "空气污染严重"],
}


def corpus(repeat=6):
    texts, labels = [], []
    for label, phrases in TOPICS.items():
        for i in range(repeat):
            for j, phrase in enumerate(phrases):
                other = phrases[(i + j + 1) % len(phrases)]
                texts.append(f"A{i}区市民反映：{phrase}的问题，还有{other}，请尽快处理！")
                labels.append(label)
    return texts, labels


@pytest.fixture(scope="module")
def model():
    texts, labels = corpus()
    return train(texts, labels)


# ---------------------------------------------------------------- normalisation


def test_raw_and_segmented_shapes_fold_to_the_same_text():
    raw = "\n\t\t\tA3区大道西行便道，未管所路口（2020年）"
    segmented = "A3 区 大道 西行 便道 未管 所 路口 2020 年"
    assert normalize(raw) == normalize(segmented) == "区大道西行便道未管所路口年"
    assert normalize("") == "" and normalize(None) == ""


def test_full_width_letters_and_digits_are_dropped_and_function_words_only_on_request():
    assert normalize("ＡＢ１２区的问题") == "区的问题"
    assert normalize("区的问题", drop_function_words=True) == "区问题"


# ---------------------------------------------------------------- training and prediction


def test_predictions_name_a_label_with_a_confidence(model):
    out = model.predict(["学校今年招生学位不够", "河道里有工厂排放的污水", "公交线路太绕了"])
    assert [label for label, _ in out] == ["教育文体", "环境保护", "交通运输"]
    assert all(0 < c <= 1 for _, c in out)


def test_top_k_is_ordered_and_confidences_sum_to_one(model):
    (top,) = model.top_k(["幼儿园收费太贵"], k=3)
    assert [label for label, _ in top][0] == "教育文体" and len(top) == 3
    assert top[0][1] >= top[1][1] >= top[2][1]
    assert sum(c for _, c in top) == pytest.approx(1.0)
    assert len(model.top_k(["x"], k=99)[0]) == 3


def test_an_empty_text_still_gets_a_prediction(model):
    ((label, confidence),) = model.predict([""])
    assert label in TOPICS and 0 < confidence < 1


def test_two_labels_and_tiny_sets_train():
    m = train(["修路", "修桥", "上学", "放学"], ["交通运输", "交通运输", "教育文体", "教育文体"])
    assert m.labels == ["交通运输", "教育文体"] and m.coef.shape[0] == 2
    assert m.predict(["修路修桥"])[0][0] == "交通运输" and m.predict(["上学放学"])[0][0] == "教育文体"


def test_training_refuses_one_label_or_no_text():
    with pytest.raises(ClassifierError, match="两个不同的标签"):
        train(["一", "二"], ["甲", "甲"])
    with pytest.raises(ClassifierError, match="中文文本"):
        train(["abc", "123"], ["甲", "乙"])
    with pytest.raises(ClassifierError, match="不一致"):
        train(["一"], ["甲", "乙"])


def test_confidences_are_calibrated_to_the_training_records(model):
    # the temperature is fitted on out-of-fold scores: a separable set gets confident predictions
    assert model.temperature != 1.0
    assert min(c for _, c in model.predict(["工厂排放废气，空气污染严重"])) > 0.6


def test_the_report_covers_labels_seen_in_truth_or_predictions():
    r = report(["甲", "甲", "乙"], ["甲", "丙", "乙"])
    assert set(r["per_class"]) == {"甲", "乙", "丙"}
    assert r["accuracy"] == pytest.approx(2 / 3)
    assert r["per_class"]["甲"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3), "support": 2}


# ---------------------------------------------------------------- model files


def test_save_and_load_round_trip(model, tmp_path):
    path = modelfile.save(model, tmp_path / "m.model")
    loaded = modelfile.load(path)
    texts = ["学校招生", "污水直排", "红绿灯坏了"]
    assert loaded.labels == model.labels and loaded.n_train == model.n_train
    assert np.allclose(loaded.probabilities(texts), model.probabilities(texts))
    meta = loaded.metadata
    assert meta["format"] == modelfile.FORMAT and meta["labels"] == model.labels
    assert {"created", "n_train", "versions", "settings"} <= set(meta)
    assert "scikit-learn" in meta["versions"]


def test_loading_never_unpickles_and_refuses_an_unknown_format(model, tmp_path):
    path = modelfile.save(model, tmp_path / "m.model")
    with np.load(path, allow_pickle=False) as archive:
        arrays = {k: archive[k] for k in archive.files}
    meta = json.loads(str(arrays.pop("meta")))
    other = tmp_path / "other.model"
    with open(other, "wb") as handle:
        np.savez(handle, meta=np.array(json.dumps({**meta, "format": "someone.else/9"})), **arrays)
    with pytest.raises(modelfile.ModelFileError, match="未知的模型文件格式"):
        modelfile.load(other)
    pickled = tmp_path / "pickled.model"
    with open(pickled, "wb") as handle:
        np.savez(handle, meta=np.array([{"format": modelfile.FORMAT}], dtype=object), **arrays)
    with pytest.raises(modelfile.ModelFileError, match="无法读取"):
        modelfile.load(pickled)
    junk = tmp_path / "junk.model"
    junk.write_bytes(b"not a model")
    with pytest.raises(modelfile.ModelFileError, match="junk.model"):
        modelfile.load(junk)


def test_versions_sort_and_the_registry_reloads_a_newer_file(tmp_path):
    texts, labels = corpus(repeat=3)
    registry = modelfile.Registry(tmp_path, "category")
    assert registry.current() is None and registry.predict(["学校"]) is None
    first = modelfile.train_and_save(texts, labels, tmp_path, "category")
    assert first.parent == tmp_path and first.name.startswith("category-") and first.suffix == ".model"
    m1 = registry.current()
    assert m1.labels == sorted(TOPICS) and registry.current() is m1  # not reloaded when nothing changed
    two = [t for t, lab in zip(texts, labels, strict=True) if lab != "交通运输"]
    second = modelfile.train_and_save(two, [lab for lab in labels if lab != "交通运输"], tmp_path, "category")
    assert [p for _, p in modelfile.versions(tmp_path, "category")] == [first, second]
    m2 = registry.current()
    assert m2 is not m1 and m2.labels == ["教育文体", "环境保护"]
    # another name in the same directory is a different registry
    assert modelfile.Registry(tmp_path, "unit").current() is None


def test_a_file_rewritten_in_place_is_reloaded(tmp_path):
    texts, labels = corpus(repeat=3)
    path = modelfile.train_and_save(texts, labels, tmp_path, "category")
    registry = modelfile.Registry(tmp_path, "category")
    m1 = registry.current()
    keep = [i for i, lab in enumerate(labels) if lab != "环境保护"]
    modelfile.save(train([texts[i] for i in keep], [labels[i] for i in keep]), path)
    later = time.time() + 5
    os.utime(path, (later, later))
    assert registry.current() is not m1 and registry.current().labels == ["交通运输", "教育文体"]


def test_model_names_are_checked(tmp_path):
    with pytest.raises(modelfile.ModelFileError, match="模型名称"):
        modelfile.train_and_save(["一", "二"], ["甲", "乙"], tmp_path, "../evil")
    assert modelfile.check_name("suggestion-unit.v2") == "suggestion-unit.v2"


# ---------------------------------------------------------------- CSV files


def write_csv(path, header, rows, encoding="utf-8-sig"):
    with open(path, "w", encoding=encoding, newline="") as handle:
        w = csv.writer(handle)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_csv_columns_are_joined_missing_ones_skipped_and_unlabelled_rows_counted(tmp_path):
    path = write_csv(tmp_path / "a.csv", ["留言主题", "留言详情", "一级标签"],
                     [["主题一", "详情一", "甲"], ["主题二", "", "乙"], ["主题三", "详情三", ""], [],
                      ["", "详情四", "甲"]])
    data = dataset.read_labelled(path, ["分词文本", "留言主题", "留言详情"], "一级标签")
    assert data.text_columns == ["留言主题", "留言详情"]
    assert data.texts == ["主题一\n详情一", "主题二\n", "\n详情四"] and data.labels == ["甲", "乙", "甲"]
    assert data.skipped_unlabelled == 1


def test_csv_in_gbk_is_read(tmp_path):
    path = write_csv(tmp_path / "g.csv", ["分词文本", "一级标签"], [["城市 道路", "城乡建设"]], encoding="gbk")
    assert dataset.read_labelled(path, ["分词文本"], "一级标签").labels == ["城乡建设"]


@pytest.mark.parametrize(("header", "rows", "message"), [
    (["留言主题", "类别"], [["x", "甲"]], "缺少标签列 一级标签"),
    (["标题", "一级标签"], [["x", "甲"]], "缺少文本列"),
    (["留言主题", "一级标签"], [["x", ""]], "没有带标签的记录"),
])
def test_unusable_csv_is_refused_naming_the_problem(tmp_path, header, rows, message):
    path = write_csv(tmp_path / "bad.csv", header, rows)
    with pytest.raises(dataset.DatasetError, match=message):
        dataset.read_labelled(path, ["留言主题", "留言详情"], "一级标签")


# ---------------------------------------------------------------- the shared board data


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared Teddy Cup data not present")
def test_segmented_training_classifies_raw_messages_of_the_board():
    """Train on segmented messages not linked to the raw ones, test on raw: a sanity bar, not the benchmark
    (bench/textmine_classify.py is that)."""
    seg = dataset.read_labelled(SHARED / "messages_labelled_segmented.csv", ["分词文本"], "一级标签")
    raw = dataset.read_labelled(SHARED / "messages_labelled_raw.csv", ["留言主题", "留言详情"], "一级标签")
    seg_norm, raw_norm = [normalize(t) for t in seg.texts], [normalize(t) for t in raw.texts]
    vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 2)).fit(seg_norm + raw_norm)
    linked = np.asarray((vec.transform(seg_norm) @ vec.transform(raw_norm).T).max(axis=1).todense()).ravel() > 0.5
    assert linked.sum() > 400  # most raw messages are also in the segmented file: they must not be trained on
    keep = np.flatnonzero(~linked)
    fast = Settings(calibration_folds=0)  # the temperature does not change the predicted label
    result, model = evaluate([seg.texts[j] for j in keep], [seg.labels[j] for j in keep], raw.texts, raw.labels,
                             fast)
    assert result["n_test"] == 457 and set(result["per_class"]) == set(raw.labels) == set(model.labels)
    assert result["macro_f1"] > 0.82, result["macro_f1"]
