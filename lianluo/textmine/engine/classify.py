"""Classification of messages into the office's own labels, with a confidence.

One engine serves every labelling the office keeps — categories of constituent issues, categories of deputies'
suggestions, the handling unit of a suggestion — because each is "short Chinese text to one of a few dozen labels,
learnt from the office's own records". The model is deliberately a linear one over character n-grams:

* Chinese has no spaces and the office's records come both raw and word-segmented; character n-grams of the
  normalised text (engine.normalize) need no word segmenter and read both shapes alike;
* it trains in seconds on a CPU from tens to tens of thousands of records, predicts thousands of messages a second
  on one core, and fits in a model file of a few megabytes; nothing is downloaded at run time;
* on the shared benchmark it was as good as the alternatives tried (docs/textmine.md, "Classification").

Scores are a linear SVM's; confidences are a softmax of those scores with one temperature fitted on out-of-fold
scores of the training records, so that "0.9" means about nine right in ten on records like the training ones.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import normalize as l2_normalize
from sklearn.svm import LinearSVC

from lianluo.textmine.engine.normalize import normalize


class ClassifierError(ValueError):
    """Training data the engine cannot learn from; the message is for the user (Chinese)."""


@dataclass(frozen=True)
class Settings:
    """The model's choices; the defaults are those chosen by cross-validation (docs/textmine.md)."""

    ngram_min: int = 1
    ngram_max: int = 2
    min_df: int = 2  # lowered to 1 for small training sets, where most n-grams occur once
    sublinear_tf: bool = False
    c: float = 1.0
    balanced: bool = True  # macro-F1 counts small categories as much as large ones
    drop_function_words: bool = False
    calibration_folds: int = 3
    small_set: int = 1000  # below this many records, min_df is 1

    @classmethod
    def from_dict(cls, data: dict) -> Settings:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass
class Model:
    """A trained classifier: vocabulary, idf weights, one weight row per label and a temperature."""

    labels: list[str]
    vocabulary: np.ndarray  # str n-grams, column order of coef
    idf: np.ndarray  # float32, one per n-gram
    coef: np.ndarray  # float32, shape (labels, n-grams)
    intercept: np.ndarray  # float32, one per label
    temperature: float
    settings: Settings
    n_train: int
    metadata: dict = field(default_factory=dict)
    _counter: CountVectorizer | None = field(default=None, init=False, repr=False, compare=False)

    # ------------------------------------------------------------------ prediction

    def predict(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """The most likely label of every text, with its confidence (0 to 1)."""
        probs = self.probabilities(texts)
        best = probs.argmax(axis=1)
        return [(self.labels[j], float(probs[i, j])) for i, j in enumerate(best)]

    def top_k(self, texts: Sequence[str], k: int = 3) -> list[list[tuple[str, float]]]:
        """The k most likely labels of every text, most likely first, with their confidences."""
        probs = self.probabilities(texts)
        k = max(1, min(k, len(self.labels)))
        order = np.argsort(-probs, axis=1)[:, :k]
        return [[(self.labels[j], float(probs[i, j])) for j in row] for i, row in enumerate(order)]

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, one column per label (in ``labels`` order), rows summing to 1."""
        return softmax(self.scores(texts) / self.temperature)

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """The raw linear scores, before the temperature."""
        features = self._features(texts)
        return np.asarray(features @ self.coef.T, dtype=np.float64) + self.intercept

    def _features(self, texts: Sequence[str]) -> sp.csr_matrix:
        if self._counter is None:
            self._counter = _counter(self.settings, {g: i for i, g in enumerate(self.vocabulary.tolist())})
        norm = [normalize(t, drop_function_words=self.settings.drop_function_words) for t in texts]
        return _weigh(self._counter.transform(norm), self.idf, self.settings.sublinear_tf)


def train(texts: Sequence[str], labels: Sequence[str], settings: Settings | None = None) -> Model:
    """A model learnt from the texts and their labels (records with an empty label are the caller's to drop)."""
    settings = settings or Settings()
    if len(texts) != len(labels):
        raise ClassifierError(f"文本数（{len(texts)}）与标签数（{len(labels)}）不一致")
    counts = Counter(labels)
    if len(counts) < 2:
        raise ClassifierError("训练数据至少需要两个不同的标签")
    norm = [normalize(t, drop_function_words=settings.drop_function_words) for t in texts]
    if not any(norm):
        raise ClassifierError("训练数据没有可用的中文文本")
    min_df = settings.min_df if len(texts) >= settings.small_set else 1
    counter = _counter(settings, None, min_df=min_df)
    try:
        raw_counts = counter.fit_transform(norm).tocsr()
    except ValueError:  # every n-gram pruned: too few records for min_df
        counter = _counter(settings, None, min_df=1)
        raw_counts = counter.fit_transform(norm).tocsr()
    vocabulary = counter.get_feature_names_out()
    df = np.bincount(raw_counts.indices, minlength=len(vocabulary))
    idf = (np.log((1 + len(norm)) / (1 + df)) + 1).astype(np.float32)
    features = _weigh(raw_counts, idf, settings.sublinear_tf)
    y = np.asarray(labels)
    label_list = sorted(counts)
    coef, intercept = _fit_svm(features, y, label_list, settings)
    temperature = _fit_temperature(features, y, label_list, settings, counts)
    model = Model(labels=label_list, vocabulary=vocabulary.astype(str), idf=idf, coef=coef, intercept=intercept,
                  temperature=temperature, settings=settings, n_train=len(texts))
    model._counter = _counter(settings, counter.vocabulary_)
    return model


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def settings_dict(settings: Settings) -> dict:
    return asdict(settings)


# ---------------------------------------------------------------------- internals


def _counter(settings: Settings, vocabulary: dict | None, min_df: int = 1) -> CountVectorizer:
    # The text is already normalised (Han characters only): no lower-casing, no token pattern.
    return CountVectorizer(analyzer="char", ngram_range=(settings.ngram_min, settings.ngram_max), lowercase=False,
                           min_df=min_df if vocabulary is None else 1, vocabulary=vocabulary, dtype=np.float32)


def _weigh(counts: sp.csr_matrix, idf: np.ndarray, sublinear: bool) -> sp.csr_matrix:
    counts = counts.tocsr().astype(np.float32)
    if sublinear:
        counts.data = 1 + np.log(counts.data)
    counts = counts @ sp.diags(idf.astype(np.float32))
    return l2_normalize(counts, copy=False)


def _fit_svm(features, y, label_list, settings: Settings) -> tuple[np.ndarray, np.ndarray]:
    svm = LinearSVC(C=settings.c, class_weight="balanced" if settings.balanced else None, max_iter=5000)
    svm.fit(features, y)
    coef = np.asarray(svm.coef_, dtype=np.float32)
    intercept = np.asarray(svm.intercept_, dtype=np.float32)
    if len(label_list) == 2:  # one decision row: score of the first label is 0, of the second the decision
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.concatenate([np.zeros(1, np.float32), intercept])
    assert list(svm.classes_) == label_list
    return coef, intercept


def _fit_temperature(features, y, label_list, settings: Settings, counts: Counter) -> float:
    """The softmax temperature minimising the log-loss of out-of-fold scores; 1 when folds cannot be formed."""
    folds = min(settings.calibration_folds, min(counts.values()))
    if folds < 2:
        return 1.0
    scores = np.zeros((len(y), len(label_list)))
    index = {label: i for i, label in enumerate(label_list)}
    truth = np.array([index[label] for label in y])
    for fit_rows, held_rows in StratifiedKFold(folds, shuffle=True, random_state=0).split(features, y):
        if len(set(y[fit_rows])) < len(label_list):
            return 1.0
        coef, intercept = _fit_svm(features[fit_rows], y[fit_rows], label_list, settings)
        scores[held_rows] = np.asarray(features[held_rows] @ coef.T) + intercept
    best, best_loss = 1.0, math.inf
    for temperature in np.geomspace(0.01, 10, 121):
        probs = softmax(scores / temperature)
        loss = -np.mean(np.log(probs[np.arange(len(y)), truth] + 1e-12))
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return best
