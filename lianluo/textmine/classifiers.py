"""The office's classifiers: trained on its own labelled records, kept as versioned model files under the var
directory (``engine.modelfile``), and asked for hints on the pages where an officer chooses.

Three kinds: the category of a constituent issue, the category of a suggestion, and a suggestion's lead handling
unit. Labels are the ids of the office's categories and units, so a hint is only shown for a choice the form
offers. A hint never fills in the form: the officer chooses, and what the officer chose is what the next training
learns from (corrections become training data)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q

from lianluo.casework.models import Issue
from lianluo.core.audit import audit_record
from lianluo.proposals import workflow as proposal_workflow
from lianluo.proposals.models import Handling, Suggestion
from lianluo.textmine.engine import classify, modelfile
from lianluo.textmine.models import ClassifierVersion, HintOutcome

Kind = ClassifierVersion.Kind
MIN_RECORDS = 20  # fewer labelled records teach nothing useful
MIN_LABELS = 2
HINTS = 3
MIN_CONFIDENCE = 0.15  # below this a hint is noise


def directory() -> Path:
    return Path(settings.VAR_DIR) / "textmine"


def model_name(kind: str, region_code: str) -> str:
    return f"{kind}-{region_code}"


def _text(title: str, body: str) -> str:
    return f"{title}\n{body}"


def _labelled(kind: str, region_code: str):
    """(title, body, label) rows of the office's labelled records: what its officers chose, as the records stand."""
    if kind == Kind.ISSUE_CATEGORY:
        return (Issue.objects.filter(region_id=region_code, category__isnull=False)
                .values_list("title", "content", "category_id"))
    if kind == Kind.SUGGESTION_CATEGORY:
        return (Suggestion.objects.filter(region_id=region_code, category__isnull=False)
                .exclude(status__in=[proposal_workflow.DRAFT, proposal_workflow.WITHDRAWN])
                .values_list("title", "body", "category_id"))
    if kind == Kind.SUGGESTION_UNIT:
        return (Handling.objects.filter(suggestion__region_id=region_code, role=Handling.Role.LEAD)
                .values_list("suggestion__title", "suggestion__body", "unit_id"))
    raise ValueError(kind)


def record_count(kind: str, region_code: str) -> int:
    return _labelled(kind, region_code).count()


def records(kind: str, region_code: str) -> tuple[list[str], list[str]]:
    """(texts, labels) of the office's labelled records, the training data."""
    texts, labels = [], []
    for title, body, label in _labelled(kind, region_code).order_by("pk").iterator():
        texts.append(_text(title, body))
        labels.append(str(label))
    return texts, labels


def _holdout_accuracy(texts: list[str], labels: list[str]) -> float | None:
    """Accuracy on every fifth record, learnt from the others: a plain check the office can read on the page."""
    test = [i for i in range(len(texts)) if i % 5 == 4]
    train = [i for i in range(len(texts)) if i % 5 != 4]
    if len(test) < 5 or len({labels[i] for i in train}) < MIN_LABELS:
        return None
    model = classify.train([texts[i] for i in train], [labels[i] for i in train])
    predicted = model.predict([texts[i] for i in test])
    return sum(p == labels[i] for (p, _), i in zip(predicted, test, strict=True)) / len(test)


def classifier_train(*, kind: str, region, actor) -> ClassifierVersion:
    """Train a new version from the office's records (重新训练): refused with the reason when there are too few
    records or labels. The model file is written first; the version row and the audit row then record it."""
    if kind not in Kind.values:
        raise ValidationError({"kind": "请选择模型用途"})
    texts, labels = records(kind, region.code)
    if len(texts) < MIN_RECORDS or len(set(labels)) < MIN_LABELS:
        raise ValidationError({"kind": f"已标注的记录 {len(texts)} 条、{len(set(labels))} 类，至少需要 "
                                       f"{MIN_RECORDS} 条、{MIN_LABELS} 类才能训练"})
    accuracy = _holdout_accuracy(texts, labels)
    path = modelfile.train_and_save(texts, labels, directory(), model_name(kind, region.code))
    with transaction.atomic():
        version = ClassifierVersion.objects.create(
            kind=kind, region=region, path=path.name, n_train=len(texts), labels=len(set(labels)),
            holdout_accuracy=accuracy, trained_by=actor)
        audit_record(action="textmine.classifier_train", actor=actor, obj=version,
                     summary={"kind": kind, "region": region.code, "n_train": len(texts)})
    return version


_registries: dict[str, modelfile.Registry] = {}
_registries_lock = threading.Lock()


def _registry(kind: str, region_code: str) -> modelfile.Registry:
    name = model_name(kind, region_code)
    with _registries_lock:
        if name not in _registries:
            _registries[name] = modelfile.Registry(directory(), name)
        return _registries[name]


@dataclass(frozen=True)
class Hint:
    value: int
    label: str
    confidence: float

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)


def _among(ranked: list[tuple[str, float]], labels: dict[str, str]) -> list[Hint]:
    """The model's ranked labels kept to those the form offers and above the confidence floor."""
    found = [Hint(int(label), labels[label], confidence) for label, confidence in ranked
             if label in labels and confidence >= MIN_CONFIDENCE]
    return found[:HINTS]


def _offered_labels(offered: list[tuple[int, str]]) -> dict[str, str]:
    return {str(pk): label.strip() for pk, label in offered}


def _shown(model, *, title: str, body: str, offered: list[tuple[int, str]]) -> list[Hint]:
    return _among(model.top_k([_text(title, body)], k=HINTS + 2)[0], _offered_labels(offered))


def hints_many(kind: str, region_code: str, *, texts: list[tuple[str, str]],
               offered: list[tuple[int, str]]) -> list[list[Hint]]:
    """``hints`` for many (title, body) pairs at once (one prediction call), e.g. a page of suggestions to refer."""
    model = _registry(kind, region_code).current()
    if model is None or not texts:
        return [[] for _ in texts]
    labels = _offered_labels(offered)
    return [_among(ranked, labels) for ranked in model.top_k([_text(t, b) for t, b in texts], k=HINTS + 2)]


def hints(kind: str, region_code: str, *, title: str, body: str, offered: list[tuple[int, str]]) -> list[Hint]:
    """The model's most likely choices among those ``offered`` (the form's (id, label) choices), or [] when the
    office has no model yet. A newer model file is picked up without a restart."""
    model = _registry(kind, region_code).current()
    if model is None:
        return []
    return _shown(model, title=title, body=body, offered=offered)


def hint_outcome_record(kind: str, region_code: str, *, title: str, body: str, offered: list[tuple[int, str]],
                        chosen: int | None, record: str, actor) -> HintOutcome | None:
    """Record, with the officer's decision, whether it agreed with the first hint the page showed for it (the
    model page's 提示采纳). Nothing is recorded when no hint was shown or nothing was chosen."""
    model = _registry(kind, region_code).current()
    if model is None or chosen is None:
        return None
    shown = _shown(model, title=title, body=body, offered=offered)
    if not shown:
        return None
    return HintOutcome.objects.create(
        kind=kind, region_id=region_code, model_file=modelfile.file_name(model), record=record,
        suggested=str(shown[0].value), confidence=shown[0].confidence, chosen=str(chosen),
        accepted=shown[0].value == chosen, decided_by=actor)


def uptake(files: list[str]) -> dict[str, tuple[int, int]]:
    """(hints acted on, hints taken) per model file."""
    rows = (HintOutcome.objects.filter(model_file__in=files).values("model_file")
            .annotate(n=Count("id"), taken=Count("id", filter=Q(accepted=True))))
    return {row["model_file"]: (row["n"], row["taken"]) for row in rows}


def versions_of(*, region_codes: list[str]) -> list[ClassifierVersion]:
    return list(ClassifierVersion.objects.filter(region_id__in=region_codes).select_related("region", "trained_by"))
