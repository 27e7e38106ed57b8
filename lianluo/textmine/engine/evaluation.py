"""Train on one labelled set, predict another, and report the figures of the ``lianluo text evaluate`` contract.

Macro-F1 is the headline figure because the office's categories are uneven in size and a small category
(交通运输, say) matters as much as a large one; accuracy and per-class precision/recall/F1 come with it.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from lianluo.textmine.engine.classify import Model, Settings, train


def report(truth: Sequence[str], predicted: Sequence[str]) -> dict:
    """macro_f1, accuracy and per_class over every label seen in the truth or the predictions."""
    labels = sorted(set(truth) | set(predicted))
    precision, recall, f1, support = precision_recall_fscore_support(truth, predicted, labels=labels,
                                                                     zero_division=0)
    return {
        "macro_f1": float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)),
        "accuracy": float(accuracy_score(truth, predicted)),
        "per_class": {label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
                      for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)},
    }


def evaluate(train_texts: Sequence[str], train_labels: Sequence[str], test_texts: Sequence[str],
             test_labels: Sequence[str], settings: Settings | None = None) -> tuple[dict, Model]:
    """The contract's JSON object (as a dict) and the model trained for it."""
    started = time.perf_counter()
    model = train(train_texts, train_labels, settings)
    train_seconds = time.perf_counter() - started
    started = time.perf_counter()
    predicted = [label for label, _ in model.predict(test_texts)]
    predict_seconds = time.perf_counter() - started
    result = report(test_labels, predicted)
    result.update({
        "train_seconds": round(train_seconds, 3),
        "predict_per_second": round(len(test_texts) / predict_seconds, 1) if predict_seconds > 0 else 0.0,
        "n_train": len(train_texts),
        "n_test": len(test_texts),
    })
    return result, model
