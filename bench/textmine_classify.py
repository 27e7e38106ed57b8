"""Cross-validation of the message classifier on the shared Teddy Cup 2020 board data (docs/textmine.md).

Usage:
    .venv/bin/python bench/textmine_classify.py [--data DIR] [--configs chosen,c13,...] [--jobs 2]

DIR holds teddy2020/ (default: $LIANLUO_SHARED_DATA, else ../shared/data next to the repository).

The raw file's messages are, nearly all of them, also in the segmented file (same message, stop words removed),
and the segmented file repeats many messages itself. Scoring a model on a message it was trained on, in the
other shape, says nothing, so every protocol first links near-duplicates (cosine of character-bigram TF-IDF of the
normalised text: raw to segmented above 0.5, segmented to segmented above 0.8) and keeps linked records on the
same side of a split:

* grouped: segmented + raw records, 5 folds over groups of linked records; macro-F1 over each held-out fold,
  and over the raw records of all folds (``raw_in_grouped``);
* raw-folds: test on a fifth of the raw messages, train on the segmented file minus every record linked to the
  test fifth plus the other four fifths of raw (5 folds x 2 shuffles);
* seg->raw: train on the segmented file minus every record linked to a raw message, test on all raw messages;
* natural: 10 stratified folds over the segmented file, each fold's raw twins (a raw message's best match) left
  out of training, reposts left where they fall. The segmented file holds 90 % of each category of the board's
  9,210 labelled messages, to the message, so the held-out raw messages are most likely the other 10 %, split the
  same way: this is the protocol closest to them. Tested on the segmented form; the raw and the segmented form of
  the same messages score alike (docs/textmine.md).

Threads are pinned to one (OMP/OpenBLAS) so that times are those of one core.
"""

import argparse
import csv
import json
import os
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from joblib import Parallel, delayed  # noqa: E402
from scipy.sparse.csgraph import connected_components  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.model_selection import GroupKFold, StratifiedKFold  # noqa: E402

from lianluo.textmine.engine.classify import Settings, train  # noqa: E402
from lianluo.textmine.engine.evaluation import report  # noqa: E402
from lianluo.textmine.engine.normalize import normalize  # noqa: E402

CONFIGS = {
    "chosen": Settings(),
    "c12_sublinear": Settings(sublinear_tf=True),
    "c12_unbalanced": Settings(balanced=False),
    "c12_C0.5": Settings(c=0.5),
    "c13": Settings(ngram_max=3),
    "c24": Settings(ngram_min=2, ngram_max=4),
    "c12_function_words_dropped": Settings(drop_function_words=True),
}


def load(directory: Path):
    def rows(name):
        with open(directory / name, encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))

    seg = rows("messages_labelled_segmented.csv")
    raw = rows("messages_labelled_raw.csv")
    return ([r["分词文本"] for r in seg], np.array([r["一级标签"] for r in seg]),
            [f"{r['留言主题']}\n{r['留言详情']}" for r in raw], np.array([r["一级标签"] for r in raw]))


def links(seg_texts, raw_texts):
    """raw->seg links (cosine > 0.5), the seg<->seg near-duplicate graph (cosine > 0.8) and each raw message's
    best segmented match (its twin)."""
    seg_norm = [normalize(t) for t in seg_texts]
    raw_norm = [normalize(t) for t in raw_texts]
    vec = TfidfVectorizer(analyzer="char", ngram_range=(2, 2)).fit(seg_norm + raw_norm)
    s, r = vec.transform(seg_norm), vec.transform(raw_norm)
    raw_seg = (r @ s.T).tocsr()
    twin = np.asarray(raw_seg.argmax(axis=1)).ravel()  # each raw message's segmented version
    raw_seg.data = (raw_seg.data > 0.5).astype(np.int8)
    raw_seg.eliminate_zeros()
    seg_seg = (s @ s.T).tocsr()
    seg_seg.data = (seg_seg.data > 0.8).astype(np.int8)
    seg_seg.eliminate_zeros()
    return raw_seg, seg_seg, twin


def excluded(test_raw, raw_seg, seg_seg) -> set:
    out = set()
    for i in test_raw:
        out.update(raw_seg[i].indices.tolist())
    for j in list(out):
        out.update(seg_seg[j].indices.tolist())
    return out


def run(name, settings, seg, ys, raw, yr, raw_seg, seg_seg, twin, groups):
    result = {"config": name}
    # grouped
    texts, labels = seg + raw, np.concatenate([ys, yr])
    f1s, accs, raw_pred, raw_truth, seconds = [], [], [], [], []
    for fit, held in GroupKFold(5).split(texts, labels, groups):
        started = time.perf_counter()
        model = train([texts[i] for i in fit], labels[fit], settings)
        seconds.append(time.perf_counter() - started)
        predicted = [lab for lab, _ in model.predict([texts[i] for i in held])]
        r = report(labels[held].tolist(), predicted)
        f1s.append(r["macro_f1"])
        accs.append(r["accuracy"])
        raw_pred += [p for i, p in zip(held, predicted, strict=True) if i >= len(seg)]
        raw_truth += [labels[i] for i in held if i >= len(seg)]
    result["grouped"] = {"macro_f1": [float(np.mean(f1s)), float(np.std(f1s))],
                         "accuracy": [float(np.mean(accs)), float(np.std(accs))],
                         "raw_in_grouped_macro_f1": report(raw_truth, raw_pred)["macro_f1"],
                         "train_seconds": float(np.mean(seconds)), "n_train": int(len(texts) * 4 / 5)}
    # raw folds
    f1s, accs, conf, hit = [], [], [], []
    for seed in (0, 1):
        for fit, held in StratifiedKFold(5, shuffle=True, random_state=seed).split(raw, yr):
            drop = excluded(held, raw_seg, seg_seg)
            keep = [j for j in range(len(seg)) if j not in drop]
            model = train([seg[j] for j in keep] + [raw[i] for i in fit],
                          np.concatenate([ys[keep], yr[fit]]), settings)
            out = model.predict([raw[i] for i in held])
            r = report(yr[held].tolist(), [lab for lab, _ in out])
            f1s.append(r["macro_f1"])
            accs.append(r["accuracy"])
            conf += [c for _, c in out]
            hit += [lab == yr[i] for (lab, _), i in zip(out, held, strict=True)]
    result["raw_folds"] = {"macro_f1": [float(np.mean(f1s)), float(np.std(f1s))],
                           "accuracy": [float(np.mean(accs)), float(np.std(accs))],
                           "mean_confidence": float(np.mean(conf)), "hit_rate": float(np.mean(hit))}
    # natural: stratified folds over seg, reposts where they fall, raw twins of the held-out fold left out
    f1s, pooled_pred, pooled_truth = [], [], []
    for fit, held in StratifiedKFold(10, shuffle=True, random_state=0).split(seg, ys):
        held_set = set(held.tolist())
        raw_keep = [i for i in range(len(raw)) if int(twin[i]) not in held_set]
        model = train([seg[j] for j in fit] + [raw[i] for i in raw_keep],
                      np.concatenate([ys[fit], yr[raw_keep]]), settings)
        predicted = [lab for lab, _ in model.predict([seg[j] for j in held])]
        f1s.append(report(ys[held].tolist(), predicted)["macro_f1"])
        pooled_pred += predicted
        pooled_truth += ys[held].tolist()
    result["natural"] = {"macro_f1": [float(np.mean(f1s)), float(np.std(f1s))],
                         "pooled_macro_f1": report(pooled_truth, pooled_pred)["macro_f1"]}
    # seg -> raw
    drop = excluded(range(len(raw)), raw_seg, seg_seg)
    keep = [j for j in range(len(seg)) if j not in drop]
    model = train([seg[j] for j in keep], ys[keep], settings)
    r = report(yr.tolist(), [lab for lab, _ in model.predict(raw)])
    result["seg_to_raw"] = {"macro_f1": r["macro_f1"], "accuracy": r["accuracy"], "n_train": len(keep)}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=os.environ.get("LIANLUO_SHARED_DATA") or str(ROOT.parent / "shared/data"))
    parser.add_argument("--configs", default=",".join(CONFIGS), help=f"any of {', '.join(CONFIGS)}")
    parser.add_argument("--jobs", type=int, default=1, help="configs run in parallel (times then overlap)")
    args = parser.parse_args()
    seg, ys, raw, yr = load(Path(args.data) / "teddy2020")
    raw_seg, seg_seg, twin = links(seg, raw)
    # groups over seg + raw: seg near-duplicates, and each raw message with the seg records it is linked to
    n_seg = len(seg)
    graph = sp.bmat([[seg_seg, raw_seg.T], [raw_seg, None]]).tocsr()
    _, groups = connected_components(graph, directed=False)
    names = [c for c in args.configs.split(",") if c]
    print(f"seg {n_seg}, raw {len(raw)}, raw linked to seg {int((raw_seg.getnnz(axis=1) > 0).sum())}, "
          f"groups {groups.max() + 1}", file=sys.stderr)
    results = Parallel(n_jobs=args.jobs, return_as="generator_unordered")(
        delayed(run)(n, CONFIGS[n], seg, ys, raw, yr, raw_seg, seg_seg, twin, groups) for n in names)
    for r in results:  # one JSON line per config as it finishes
        print(json.dumps(r, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
