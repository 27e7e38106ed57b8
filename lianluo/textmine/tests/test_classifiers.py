"""The office's classifiers in the product: trained from its own records, shown as hints where the officer
chooses, never filling in the form; a new version is picked up without a restart."""

import pytest
from django.core.exceptions import ValidationError

from lianluo.casework.models import Issue
from lianluo.casework.selectors import category_choices
from lianluo.core.models import AuditEvent
from lianluo.regions.models import Region
from lianluo.textmine import classifiers
from lianluo.textmine.models import ClassifierVersion, HintOutcome


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


def _received_issue_and_hint(cast):
    classifiers.classifier_train(kind="issue_category", region=Region.objects.get(pk="430121"),
                                 actor=cast("csx_lianluo"))
    issue = Issue.objects.get(title="社区养老服务点开放时间短")
    offered = category_choices(region_code="430121")
    shown = classifiers.hints("issue_category", "430121", title=issue.title, body=issue.content, offered=offered)
    return issue, offered, shown


def test_a_choice_where_no_hint_was_shown_records_nothing(var, cast):
    issue = Issue.objects.get(title="社区养老服务点开放时间短")
    assert classifiers.hint_outcome_record("issue_category", "430121", title=issue.title, body=issue.content,
                                           offered=[(1, "a")], chosen=1, record="issue:1", actor=None) is None
    _, offered, shown = _received_issue_and_hint(cast)
    assert classifiers.hint_outcome_record("issue_category", "430121", title=issue.title, body=issue.content,
                                           offered=offered, chosen=None, record="issue:1", actor=None) is None
    assert not HintOutcome.objects.exists()


def test_a_choice_records_whether_it_took_the_first_hint(var, cast):
    issue, offered, shown = _received_issue_and_hint(cast)
    assert shown
    other = next(pk for pk, _ in offered if pk != shown[0].value)
    taken = classifiers.hint_outcome_record("issue_category", "430121", title=issue.title, body=issue.content,
                                            offered=offered, chosen=shown[0].value, record="issue:1", actor=None)
    corrected = classifiers.hint_outcome_record("issue_category", "430121", title=issue.title, body=issue.content,
                                                offered=offered, chosen=other, record="issue:2", actor=None)
    assert taken.accepted and not corrected.accepted and corrected.chosen == str(other)
    version = ClassifierVersion.objects.filter(kind="issue_category", region_id="430121").first()  # the newest
    assert taken.model_file == version.path
    assert classifiers.uptake([version.path]) == {version.path: (2, 1)}


def test_accepting_an_issue_records_the_hint_outcome_and_the_models_page_shows_the_uptake(var, cast, signed_in):
    issue, offered, shown = _received_issue_and_hint(cast)
    client = signed_in("csx_lianluo")
    response = client.post(f"/casework/{issue.pk}/accept/", {"accept-category": shown[0].value, "accept-note": ""})
    assert response.status_code == 302
    outcome = HintOutcome.objects.get()
    assert outcome.record == f"issue:{issue.pk}" and outcome.accepted and outcome.decided_by.username == "csx_lianluo"
    assert "1 / 1（100%）" in client.get("/text/models/").content.decode()


def test_assigning_a_suggestion_records_whether_the_lead_unit_hint_was_taken(var, cast, signed_in):
    from lianluo.proposals import selectors as proposal_selectors
    from lianluo.proposals.models import Suggestion

    classifiers.classifier_train(kind="suggestion_unit", region=Region.objects.get(pk="430121"),
                                 actor=cast("csx_lianluo"))
    suggestion = Suggestion.objects.filter(region_id="430121", status="accepted").first()
    offered = proposal_selectors.unit_choices(region_code="430121")
    shown = classifiers.hints("suggestion_unit", "430121", title=suggestion.title, body=suggestion.body,
                              offered=offered)
    assert shown
    other = next(pk for pk, _ in offered if pk != shown[0].value)
    response = signed_in("csx_lianluo").post(f"/proposals/{suggestion.pk}/assign/", {"assign-lead_unit": other})
    assert response.status_code == 302
    outcome = HintOutcome.objects.get(record=f"suggestion:{suggestion.pk}")
    assert outcome.kind == "suggestion_unit" and not outcome.accepted and outcome.chosen == str(other)


def test_the_bulk_referral_page_hints_each_rows_lead_unit_and_records_the_outcome(var, cast, signed_in):
    from lianluo.proposals.models import Suggestion

    classifiers.classifier_train(kind="suggestion_unit", region=Region.objects.get(pk="430121"),
                                 actor=cast("csx_lianluo"))
    client = signed_in("csx_lianluo")
    page = client.get("/proposals/assign/").content.decode()
    assert "系统建议：" in page and "仅供参考" in page
    waiting = Suggestion.objects.filter(region_id="430121", status="accepted").order_by("id").first()
    from lianluo.proposals import selectors as proposal_selectors

    offered = proposal_selectors.unit_choices(region_code="430121")
    shown = classifiers.hints("suggestion_unit", "430121", title=waiting.title, body=waiting.body, offered=offered)
    response = client.post("/proposals/assign/", {f"unit-{waiting.pk}": shown[0].value, "note": ""})
    assert response.status_code == 302
    outcome = HintOutcome.objects.get(record=f"suggestion:{waiting.pk}")
    assert outcome.accepted and outcome.kind == "suggestion_unit"


def test_hints_many_agrees_with_hints_one_by_one(var, cast):
    classifiers.classifier_train(kind="issue_category", region=Region.objects.get(pk="430121"),
                                 actor=cast("csx_lianluo"))
    offered = category_choices(region_code="430121")
    issues = list(Issue.objects.filter(region_id="430121")[:5])
    many = classifiers.hints_many("issue_category", "430121", offered=offered,
                                  texts=[(i.title, i.content) for i in issues])
    assert many == [classifiers.hints("issue_category", "430121", title=i.title, body=i.content, offered=offered)
                    for i in issues]
    assert classifiers.hints_many("suggestion_category", "430121", offered=offered, texts=[("a", "b")]) == [[]]
