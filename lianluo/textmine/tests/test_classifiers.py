"""The office's classifiers in the product: trained from its own records, shown as hints where the officer
chooses, never filling in the form; a new version is picked up without a restart."""

import pytest
from django.core.exceptions import ValidationError

from lianluo.casework.models import Issue
from lianluo.core.models import AuditEvent
from lianluo.regions.models import Region
from lianluo.textmine import classifiers
from lianluo.textmine.models import ClassifierVersion


@pytest.fixture
def var(tmp_path, settings, monkeypatch):
    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(classifiers, "MIN_RECORDS", 5)
    classifiers._registries.clear()
    yield tmp_path
    classifiers._registries.clear()


def test_the_office_trains_from_its_categorised_issues(var, cast):
    texts, labels = classifiers.records(classifiers.Kind.ISSUE_CATEGORY, "430121")
    assert len(texts) == Issue.objects.filter(region_id="430121", category__isnull=False).count() >= 5
    version = classifiers.classifier_train(kind="issue_category", region=Region.objects.get(pk="430121"),
                                           actor=cast("csx_lianluo"))
    assert version.n_train == len(texts) and (var / "textmine" / version.path).exists()
    assert AuditEvent.objects.filter(action="textmine.classifier_train").exists()


def test_too_few_records_are_refused_with_the_reason(var, cast, monkeypatch):
    monkeypatch.setattr(classifiers, "MIN_RECORDS", 10_000)
    before = ClassifierVersion.objects.count()
    with pytest.raises(ValidationError, match="至少需要"):
        classifiers.classifier_train(kind="issue_category", region=Region.objects.get(pk="430121"),
                                     actor=cast("csx_lianluo"))
    assert ClassifierVersion.objects.count() == before


def test_hints_are_among_the_offered_choices_and_a_new_version_is_used_without_restart(var, cast):
    region = Region.objects.get(pk="430121")
    assert classifiers.hints("issue_category", "430121", title="x", body="y", offered=[(1, "a")]) == []
    classifiers.classifier_train(kind="issue_category", region=region, actor=cast("csx_lianluo"))
    sample = Issue.objects.filter(region_id="430121", category__isnull=False).select_related("category").first()
    offered = [(sample.category_id, sample.category.name)]
    found = classifiers.hints("issue_category", "430121", title=sample.title, body=sample.content, offered=offered)
    assert all(h.value == sample.category_id for h in found)
    assert classifiers.hints("issue_category", "430121", title=sample.title, body=sample.content,
                             offered=[(-1, "不在表中")]) == []
    registry = classifiers._registry("issue_category", "430121")
    first = registry.current()
    classifiers.classifier_train(kind="issue_category", region=region, actor=cast("csx_lianluo"))
    assert registry.current() is not first


def test_the_triage_page_shows_the_hint_beside_the_accept_form_without_choosing(var, cast, signed_in):
    classifiers.classifier_train(kind="issue_category", region=Region.objects.get(pk="430121"),
                                 actor=cast("csx_lianluo"))
    received = Issue.objects.get(title="社区养老服务点开放时间短")
    page = signed_in("csx_lianluo").get(f"/casework/{received.pk}/").content.decode()
    assert "系统建议" in page and "仅供参考" in page
    assert "selected" not in page.split('name="accept-category"')[1].split("</select>")[0]


def test_the_models_page_trains_for_the_officers_own_office(var, signed_in):
    client = signed_in("csx_lianluo")
    before = ClassifierVersion.objects.count()
    page = client.get("/text/models/").content.decode()
    assert "文本分析模型" in page and "群众意见分类" in page
    response = client.post("/text/models/train/", {"kind": "issue_category", "region": "430121"})
    assert response.status_code == 302 and ClassifierVersion.objects.count() == before + 1
    refused = client.post("/text/models/train/", {"kind": "issue_category", "region": "4301"})
    assert refused.status_code == 400 and ClassifierVersion.objects.count() == before + 1
    assert signed_in("csx_daibiao").get("/text/models/").status_code == 403
