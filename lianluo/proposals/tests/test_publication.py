"""Key-suggestion supervision (代表法 Art 52; RULES.md B6) and disclosure of suggestions and replies on the public
site (代表法 Art 51 ¶3; RULES.md B5): redaction, consent, the public version kept apart from the internal text,
revisions, the office's pages and the public search."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from lianluo.accounts.models import Assignment, User
from lianluo.accounts.roles import Role
from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.core.models import AuditEvent
from lianluo.demo.publication import load_demo_publication
from lianluo.proposals import redaction
from lianluo.proposals import selectors_publication as reads
from lianluo.proposals.models import (
    KeySupervision,
    ProposalEvent,
    Publication,
    PublicationRevision,
    Suggestion,
    SupervisionActivity,
)
from lianluo.proposals.services import publication as publishing
from lianluo.proposals.services import supervision as supervising
from lianluo.regions.models import Region, SpecialCommittee, StandingCommitteeMember, Term

pytestmark = pytest.mark.django_db

COUNTY = "430121"
REPLIED = "关于规范小区停车收费的建议"  # 已答复, led by the demo deputy 黄志勇 (csx_daibiao)
CLOSED = "关于加强校园周边交通安全管理的建议"  # 已办结, led by 黄志勇
CLOSED_OTHER = "关于提升中小学食堂管理水平的建议"  # 已办结 (基本满意), led by another deputy
ASSIGNED = "关于推进老旧小区加装电梯的建议"  # 办理中
ACCEPTED = "关于优化黄花镇至星沙城区公交线路的建议"  # 已立案
SUBMITTED = "关于缓解城区学校学位紧张的建议"  # 待审核
KEY = "关于整治城区易涝点的建议"  # the demo's key suggestion
PRIVATE_BODY = ("我社区居民李秀兰（电话13812345678，身份证号430121198003151234）反映小区停车收费过高，"
                "物业公司联系电话0731-84019999，邮箱 wuye@example.com。")


@pytest.fixture(autouse=True)
def _before_the_demo_publications(db):
    """Each test starts from the demo world as it stood before ``load_demo_publication`` (the test calls it when it
    needs the demo's key suggestion and publications); the test's transaction puts everything back afterwards."""
    SupervisionActivity.objects.all().delete()
    for supervision in KeySupervision.objects.all():
        supervision.leaders.clear()
    KeySupervision.objects.all().delete()
    PublicationRevision.objects.all().delete()
    Publication.objects.all().delete()
    Suggestion.objects.filter(is_key=True).update(is_key=False)
    Suggestion.objects.filter(public_consent=True).update(public_consent=False)


def _suggestion(title: str) -> Suggestion:
    return Suggestion.objects.select_related("lead__person").get(region_id=COUNTY, title=title)


def _today() -> datetime.date:
    return timezone.localdate()


def _county_term() -> Term:
    return reads.current_term(COUNTY, _today())


def _members(*names) -> list[StandingCommitteeMember]:
    return list(StandingCommitteeMember.objects.filter(committee__term=_county_term(), name__in=names))


def _leader_account(name: str = "陈卫东", username: str = "t_csx_changwei") -> User:
    """A county standing-committee member's own account, linked to the member's row."""
    user = User.objects.create(username=username, full_name=name, home_region_id=COUNTY, must_change_password=False)
    Assignment.objects.create(user=user, role=Role.COMMITTEE_MEMBER, region_id=COUNTY)
    StandingCommitteeMember.objects.filter(committee__term=_county_term(), name=name).update(user=user)
    return User.objects.get(pk=user.pk)


def _mark(suggestion, office, **overrides):
    kwargs = {"decided_on": _today(), "decision": "县人大常委会主任会议确定为重点督办建议。",
              "leaders": _members("陈卫东"), "plan": "汛期前实地视察，听取承办单位汇报。", "committee": None}
    kwargs.update(overrides)
    return supervising.key_suggestion_mark(suggestion=suggestion, actor=office, **kwargs)


def _ready(cast, title: str = REPLIED, body: str | None = None) -> Suggestion:
    """A suggestion with a sent reply and the lead deputy's consent; ``body`` replaces its internal text."""
    suggestion = _suggestion(title)
    if body is not None:
        Suggestion.objects.filter(pk=suggestion.pk).update(body=body)
    if not suggestion.public_consent:
        publishing.consent_record(suggestion=suggestion, actor=cast("csx_lianluo"), written_on=_today())
    return _suggestion(title)


def _published(cast, title: str = REPLIED, body: str | None = None) -> Publication:
    suggestion = _ready(cast, title, body)
    publication = Publication.objects.filter(suggestion=suggestion).first() or publishing.publication_prepare(
        suggestion=suggestion, actor=cast("csx_lianluo"))
    if publication.status != Publication.Status.PUBLISHED:
        publication = publishing.publication_publish(publication=publication, actor=cast("csx_lianluo"))
    return publication


# ---------------------------------------------------------------- redaction


def test_redaction_masks_phones_identity_numbers_emails_and_listed_names():
    """PIPL Arts 13, 25 and 代表法 Art 51 ¶3: the public version proposes no personal data."""
    result = redaction.redact(PRIVATE_BODY + "热线电话：84011234；手机 139-0731-0004；+86 13907310004。",
                              names=["李秀兰"])
    for secret in ("13812345678", "430121198003151234", "0731-84019999", "wuye@example.com", "84011234",
                   "139-0731-0004", "13907310004", "李秀兰"):
        assert secret not in result.text, secret
    assert "李某" in result.text and redaction.PHONE_MASK in result.text and redaction.ID_MASK in result.text
    assert result.found == {"id_number": 1, "email": 1, "mobile": 3, "landline": 2, "name": 1}
    assert "手机号码 3 处" in result.summary
    assert redaction.personal_data_left(result.text) == []


def test_redaction_leaves_amounts_dates_and_document_numbers():
    text = "2026年县财政安排12000000元，文号长政发〔2026〕15号，编号430121202601，共1380户。"
    assert redaction.redact(text).text == text
    assert redaction.personal_data_left(text) == []


def test_redaction_replaces_the_longest_name_first():
    result = redaction.redact("欧阳建华和欧阳建反映", names=["欧阳建", "欧阳建华"])
    assert result.text == "欧某和欧某反映"
    assert redaction.names_from("李秀兰\n王五、赵六，李秀兰") == ["李秀兰", "王五", "赵六"]


# ---------------------------------------------------------------- disclosure services


def test_prepare_proposes_the_redacted_text_and_keeps_the_internal_text(cast):
    """Art 51 ¶3: the public version is separate; the internal suggestion and reply never change."""
    suggestion = _ready(cast, body=PRIVATE_BODY)
    reply_before = publishing.sent_reply(suggestion).body
    audits = AuditEvent.objects.count()
    publication = publishing.publication_prepare(suggestion=suggestion, actor=cast("csx_lianluo"),
                                                 names=["李秀兰"])
    assert publication.status == Publication.Status.DRAFT
    assert "13812345678" not in publication.body and "李秀兰" not in publication.body
    assert "李某" in publication.body and redaction.ID_MASK in publication.body
    assert publication.reply == reply_before
    suggestion.refresh_from_db()
    assert suggestion.body == PRIVATE_BODY
    assert publishing.sent_reply(suggestion).body == reply_before
    assert list(publication.revisions.values_list("action", flat=True)) == ["prepare"]
    assert AuditEvent.objects.filter(pk__gt=0, action="publication.prepare").count() >= 1
    assert AuditEvent.objects.count() == audits + 1


def test_prepare_keeps_the_staffs_edited_text(cast):
    suggestion = _ready(cast)
    publication = publishing.publication_prepare(suggestion=suggestion, actor=cast("csx_lianluo"),
                                                 title="关于规范停车收费的建议", body="公开正文。", reply="公开答复。")
    assert (publication.title, publication.body, publication.reply) == ("关于规范停车收费的建议", "公开正文。",
                                                                       "公开答复。")
    with pytest.raises(ServiceError, match="已有公开版本"):
        publishing.publication_prepare(suggestion=suggestion, actor=cast("csx_lianluo"))


def test_prepare_is_refused_before_a_reply_has_been_sent(cast):
    with pytest.raises(ServiceError, match="尚无已送达代表的答复"):
        publishing.publication_prepare(suggestion=_suggestion(ASSIGNED), actor=cast("csx_lianluo"))
    assert not Publication.objects.filter(suggestion__title=ASSIGNED).exists()


def test_only_the_office_prepares_and_publishes(cast):
    suggestion = _ready(cast)
    for username in ("csx_daibiao", "csx_zhujian", "hn_changwei"):
        with pytest.raises(PermissionDeniedError):
            publishing.publication_prepare(suggestion=suggestion, actor=cast(username))
    publication = publishing.publication_prepare(suggestion=suggestion, actor=cast("csx_lianluo"))
    with pytest.raises(PermissionDeniedError):
        publishing.publication_publish(publication=publication, actor=cast("csx_daibiao"))


def test_publish_art51_is_refused_without_the_lead_deputys_consent(cast):
    """Art 51 ¶3: the handling is public, but a deputy's text goes out only with the deputy's consent."""
    suggestion = _suggestion(REPLIED)
    assert not suggestion.public_consent
    publication = publishing.publication_prepare(suggestion=suggestion, actor=cast("csx_lianluo"))
    with pytest.raises(ServiceError, match="领衔代表尚未同意公开"):
        publishing.publication_publish(publication=publication, actor=cast("csx_lianluo"))
    publication.refresh_from_db()
    assert publication.status == Publication.Status.DRAFT and publication.published_on is None
    assert list(publication.revisions.values_list("action", flat=True)) == ["prepare"]


def test_publish_art51_is_refused_without_a_sent_reply(cast):
    suggestion = _suggestion(ASSIGNED)
    publishing.consent_record(suggestion=suggestion, actor=cast("csx_lianluo"), written_on=_today())
    publication = Publication.objects.create(suggestion=suggestion, region_id=COUNTY, title="t", body="b",
                                             year=suggestion.year)
    with pytest.raises(ServiceError, match="尚无已送达代表的答复"):
        publishing.publication_publish(publication=publication, actor=cast("csx_lianluo"))
    publication.refresh_from_db()
    assert publication.status == Publication.Status.DRAFT


def test_publish_is_refused_while_a_phone_number_is_left_in_the_text(cast):
    suggestion = _ready(cast)
    publication = publishing.publication_prepare(suggestion=suggestion, actor=cast("csx_lianluo"),
                                                 body="请拨打13812345678。")
    with pytest.raises(ValidationError) as error:
        publishing.publication_publish(publication=publication, actor=cast("csx_lianluo"))
    assert "手机号码" in str(error.value.message_dict["body"])
    publication.refresh_from_db()
    assert publication.status == Publication.Status.DRAFT


def test_consent_art51_in_the_system_by_the_lead_deputy_or_in_writing_by_the_office(cast):
    own = _suggestion(REPLIED)
    publishing.consent_record(suggestion=own, actor=cast("csx_daibiao"))
    own.refresh_from_db()
    assert own.public_consent
    event = ProposalEvent.objects.filter(suggestion=own, action="consent").order_by("-id").first()
    assert event.data == {"how": "in_system"}
    with pytest.raises(ServiceError, match="已同意"):
        publishing.consent_record(suggestion=own, actor=cast("csx_daibiao"))

    other = _suggestion(CLOSED_OTHER)
    with pytest.raises(PermissionDeniedError):
        publishing.consent_record(suggestion=other, actor=cast("csx_daibiao"))  # not his suggestion
    with pytest.raises(ValidationError) as error:
        publishing.consent_record(suggestion=other, actor=cast("csx_lianluo"))
    assert "written_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        publishing.consent_record(suggestion=other, actor=cast("csx_lianluo"),
                                  written_on=_today() + datetime.timedelta(days=1))
    publishing.consent_record(suggestion=other, actor=cast("csx_lianluo"), written_on=_today())
    other.refresh_from_db()
    assert other.public_consent
    assert AuditEvent.objects.filter(action="suggestion.consent", object_id=str(other.pk)).exists()


def test_publish_sets_the_date_copies_the_filters_and_indexes_the_text(cast):
    publication = _published(cast, CLOSED)
    suggestion = publication.suggestion
    assert publication.status == Publication.Status.PUBLISHED and publication.published_on == _today()
    assert publication.region_id == COUNTY and publication.year == suggestion.year
    assert publication.session_label == "长沙县第十八届人民代表大会第五次会议"
    assert publication.number_label == suggestion.number_label
    assert publication.lead_name == "黄志勇" and publication.unit_name == "长沙县教育局"
    assert publication.category_name == "教育文体/学校管理" and publication.reply_class == "A"
    assert "校园" in publication.bigrams.split() and "答复" in publication.bigrams.split()
    assert ProposalEvent.objects.filter(suggestion=suggestion, action="publish").exists()
    assert AuditEvent.objects.filter(action="publication.publish", object_id=str(publication.pk)).exists()


def test_every_change_to_the_public_version_is_a_revision(cast):
    office = cast("csx_lianluo")
    publication = _published(cast)
    publishing.publication_edit(publication=publication, actor=office, title=publication.title,
                                body="修改后的公开正文。", reply=publication.reply)
    publishing.publication_edit(publication=publication, actor=office, title=publication.title,
                                body="修改后的公开正文。", reply=publication.reply)  # unchanged: no revision
    with pytest.raises(ValidationError):
        publishing.publication_edit(publication=publication, actor=office, title="", body="")
    with pytest.raises(ValidationError) as error:
        publishing.publication_withdraw(publication=publication, actor=office, reason="")
    assert "reason" in error.value.message_dict
    publishing.publication_withdraw(publication=publication, actor=office, reason="代表要求更正。")
    publishing.publication_publish(publication=publication, actor=office)
    revisions = list(PublicationRevision.objects.filter(publication=publication).order_by("id"))
    assert [r.action for r in revisions] == ["prepare", "publish", "edit", "withdraw", "publish"]
    assert revisions[2].body == "修改后的公开正文。" and revisions[2].actor == office
    actions = list(AuditEvent.objects.filter(object_type="proposals.publication", object_id=str(publication.pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["publication.prepare", "publication.publish", "publication.edit", "publication.withdraw",
                       "publication.publish"]
    assert ProposalEvent.objects.filter(suggestion=publication.suggestion, action="unpublish",
                                        note="代表要求更正。").exists()


def test_editing_a_published_version_refuses_personal_data(cast):
    publication = _published(cast)
    with pytest.raises(ValidationError):
        publishing.publication_edit(publication=publication, actor=cast("csx_lianluo"), title=publication.title,
                                    body="联系人邮箱 someone@example.com", reply="")


# ---------------------------------------------------------------- the public site


def test_public_page_art51_shows_only_the_published_version(cast, client):
    """Art 51 ¶3: the public reads the public version only; drafts and withdrawn versions do not exist for them,
    and neither the internal text nor the deputy's telephone number appears."""
    deputy_phone = _suggestion(REPLIED).lead.person.mobile
    assert deputy_phone
    internal = f"内部原文：请代表黄志勇（手机{deputy_phone}）跟进，居民李秀兰反映。"
    suggestion = _ready(cast, body=internal)
    office = cast("csx_lianluo")
    publication = publishing.publication_prepare(suggestion=suggestion, actor=office, names=["李秀兰"])
    url = f"/public/suggestions/{publication.pk}/"
    assert client.get(url).status_code == 404  # draft
    publishing.publication_edit(publication=publication, actor=office, title="关于规范小区停车收费的建议",
                                body="建议加强小区停车收费的价格监管和信息公开。", reply=publication.reply)
    publishing.publication_publish(publication=publication, actor=office)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "建议加强小区停车收费的价格监管和信息公开。" in html and "长沙县住房和城乡建设局" in html
    for secret in (internal, "内部原文", deputy_phone, "李秀兰", "0731-84011234"):
        assert secret not in html, secret
    search = client.get("/public/suggestions/", {"q": "价格监管"}).content.decode()
    assert url in search and deputy_phone not in search
    assert url not in client.get("/public/suggestions/", {"q": "内部原文"}).content.decode()
    publishing.publication_withdraw(publication=publication, actor=office, reason="更正")
    assert client.get(url).status_code == 404
    assert url not in client.get("/public/suggestions/").content.decode()
    assert client.get("/public/suggestions/987654321/").status_code == 404


def test_public_search_filters_and_keyword(cast, client):
    closed = _published(cast, CLOSED)
    replied = _published(cast, REPLIED)

    def found(**params) -> set[int]:
        page = reads.public_search(filters=reads.PublicFilters(**params))
        return {p.pk for p in page.rows}

    assert {closed.pk, replied.pk} <= found()
    assert found(query="校园周边") == {closed.pk}
    assert found(query="停车 收费") == {replied.pk}
    assert found(query="校园停车") == set()  # every fragment must occur as written
    assert found(unit="长沙县住房和城乡建设局") == {replied.pk}
    assert found(category="教育文体") == {closed.pk}
    assert found(category="城乡建设/物业管理") == {replied.pk}
    assert {closed.pk, replied.pk} <= found(region=COUNTY, year=closed.year, reply_class="A")
    assert found(region="4301") == set()
    assert found(session="长沙县第十八届人民代表大会第五次会议", query="停车") == {replied.pk}
    html = client.get("/public/suggestions/", {"unit": "长沙县教育局", "q": "校园"}).content.decode()
    assert f"/public/suggestions/{closed.pk}/" in html and f"/public/suggestions/{replied.pk}/" not in html
    # A stale choice is ignored rather than refused.
    assert client.get("/public/suggestions/", {"unit": "不存在的单位", "page": "x"}).status_code == 200
    choices = reads.public_filter_choices()
    assert ("430121", "长沙县人民代表大会") in choices["regions"]
    assert "长沙县教育局" in choices["units"] and "教育文体" in choices["categories"]


def _bulk_publications(n: int) -> None:
    suggestion = _suggestion(CLOSED_OTHER)
    rows = []
    for index in range(n):
        # Publication is one-to-one with a suggestion: clone the suggestion row for each copy.
        clone = Suggestion.objects.get(pk=suggestion.pk)
        clone.pk = None
        clone.number = None
        clone.title = f"关于食堂管理的第{index}件建议"
        clone.save()
        rows.append(Publication(suggestion=clone, region_id=COUNTY, title=clone.title, body="食堂菜品单一、价格偏高。",
                                reply="已完善膳食委员会制度。", status=Publication.Status.PUBLISHED,
                                published_on=_today(), year=clone.year, unit_name="长沙县教育局",
                                category_name="教育文体/学校管理", reply_class="A",
                                bigrams=" ".join(["食堂", "菜品", "管理"])))
    Publication.objects.bulk_create(rows)


@pytest.mark.parametrize("params", [{}, {"q": "食堂", "unit": "长沙县教育局", "category": "教育文体",
                                         "region": COUNTY, "reply_class": "A"}, {"q": "食堂", "page": "2"}])
def test_public_search_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, params):
    """The first load reads the filter choices (then cached); a search is then two queries at most (the page and
    a capped count), whatever the number of matches, and on PostgreSQL six more for a rare term's index path
    (savepoint, settings read, scans off, the id query, settings back, release)."""
    _bulk_publications(45)
    with django_assert_max_num_queries(15):
        assert client.get("/public/suggestions/", params).status_code == 200
    with django_assert_max_num_queries(8):
        response = client.get("/public/suggestions/", params)
    assert response.status_code == 200 and "食堂" in response.content.decode()


def test_public_search_counts_are_capped(client):
    _bulk_publications(3)
    page = reads.public_search(filters=reads.PublicFilters(query="食堂"), per_page=2)
    assert page.has_next and page.count == 3 and not page.count_capped
    assert len(reads.public_search(filters=reads.PublicFilters(query="食堂"), page=2, per_page=2).rows) == 1


# ---------------------------------------------------------------- key suggestions


def test_mark_key_art52_records_the_councils_decision_leaders_and_plan(cast):
    """Art 52 ¶2: the chairperson's council chooses key suggestions; the office records the decision."""
    suggestion = _suggestion(ASSIGNED)
    audits = AuditEvent.objects.count()
    supervision = _mark(suggestion, cast("csx_lianluo"), leaders=_members("陈卫东", "张国庆"))
    suggestion.refresh_from_db()
    assert suggestion.is_key
    assert sorted(m.name for m in supervision.leaders.all()) == ["张国庆", "陈卫东"]
    event = ProposalEvent.objects.filter(suggestion=suggestion, action="mark_key").get()
    assert set(event.data["leaders"]) == {"陈卫东", "张国庆"}
    assert AuditEvent.objects.filter(pk__gt=0, action="suggestion.mark_key", object_id=str(suggestion.pk)).exists()
    assert AuditEvent.objects.count() == audits + 1
    with pytest.raises(ServiceError, match="已列为重点督办"):
        _mark(suggestion, cast("csx_lianluo"))


def test_mark_key_art52_leaders_must_sit_on_that_congress_current_standing_committee(cast):
    province_member = StandingCommitteeMember.objects.filter(committee__term__congress__region_id="43").first()
    with pytest.raises(ValidationError) as error:
        _mark(_suggestion(ASSIGNED), cast("csx_lianluo"), leaders=[province_member])
    assert "本届组成人员" in error.value.message_dict["leaders"][0]
    with pytest.raises(ValidationError) as error:
        _mark(_suggestion(ASSIGNED), cast("csx_lianluo"), leaders=[])
    assert "leaders" in error.value.message_dict
    assert not _suggestion(ASSIGNED).is_key


def test_mark_key_art52_committee_is_optional_but_of_that_congress(cast):
    """County congresses may have no special committees; a committee named must be of the same term."""
    province_committee = SpecialCommittee.objects.filter(term__congress__region_id="43").first()
    with pytest.raises(ValidationError) as error:
        _mark(_suggestion(ASSIGNED), cast("csx_lianluo"), committee=province_committee)
    assert "committee" in error.value.message_dict
    own = SpecialCommittee.objects.create(term=_county_term(), name="县人大城乡建设环境资源保护委员会")
    supervision = _mark(_suggestion(ASSIGNED), cast("csx_lianluo"), committee=own)
    assert supervision.committee == own


def test_mark_key_art52_checks_the_dates_and_the_text(cast):
    with pytest.raises(ValidationError) as error:
        _mark(_suggestion(ASSIGNED), cast("csx_lianluo"), decided_on=_today() + datetime.timedelta(days=1),
              decision="", plan="")
    assert set(error.value.message_dict) == {"decided_on", "decision", "plan"}
    with pytest.raises(ValidationError) as error:
        _mark(_suggestion(ASSIGNED), cast("csx_lianluo"), decided_on=datetime.date(2025, 12, 31))
    assert "早于建议提出" in error.value.message_dict["decided_on"][0]


def test_mark_key_only_by_the_office_of_that_congress(cast):
    suggestion = _suggestion(ASSIGNED)
    for username in ("csx_daibiao", "csx_zhujian", "hn_changwei", "hn_zhuanwei"):
        with pytest.raises(PermissionDeniedError):
            _mark(suggestion, cast(username))
    outsider = User.objects.create(username="t_zz_lianluo", full_name="株洲工作人员", home_region_id="4302")
    Assignment.objects.create(user=outsider, role=Role.LIAISON_STAFF, region_id="4302")
    with pytest.raises(PermissionDeniedError):
        _mark(suggestion, User.objects.get(pk=outsider.pk))
    assert not KeySupervision.objects.filter(suggestion=suggestion).exists()


@pytest.mark.parametrize("title", [SUBMITTED, CLOSED, REPLIED])
def test_mark_key_art52_only_while_the_suggestion_is_being_handled(cast, title):
    with pytest.raises(ServiceError, match="不能列为重点督办"):
        _mark(_suggestion(title), cast("csx_lianluo"))


def test_mark_key_art52_not_for_township_congresses(cast):
    """Art 52 ¶2 names the chairperson's council; township congresses have no standing committee."""
    town = Region.objects.get(code="430121105")
    term = Term.objects.filter(congress__region=town).order_by("-number").first()
    suggestion = Suggestion.objects.create(region=town, term=term, year=_today().year, title="乡镇建议",
                                           body="内容", lead=_suggestion(ASSIGNED).lead, status="accepted")
    staff = User.objects.create(username="t_town_staff", full_name="乡镇人大", home_region_id="430121105")
    Assignment.objects.create(user=staff, role=Role.LIAISON_STAFF, region=town)
    with pytest.raises(ServiceError, match="第五十二条"):
        _mark(suggestion, User.objects.get(pk=staff.pk))


def test_update_key_replaces_the_arrangement_and_keeps_history(cast):
    office = cast("csx_lianluo")
    supervision = _mark(_suggestion(ASSIGNED), office)
    supervising.key_suggestion_update(supervision=supervision, actor=office, decided_on=supervision.decided_on,
                                      decision=supervision.decision, leaders=_members("李淑芬"),
                                      plan="调整后的督办方案。")
    supervision.refresh_from_db()
    assert [m.name for m in supervision.leaders.all()] == ["李淑芬"] and supervision.plan == "调整后的督办方案。"
    event = ProposalEvent.objects.filter(suggestion=supervision.suggestion, action="mark_key").order_by("-id")[0]
    assert set(event.data["changed"]) == {"leaders", "plan"}
    assert AuditEvent.objects.filter(action="suggestion.key_update").exists()
    with pytest.raises(PermissionDeniedError):
        supervising.key_suggestion_update(supervision=supervision, actor=cast("hn_changwei"),
                                          decided_on=supervision.decided_on, decision="x", leaders=_members("李淑芬"),
                                          plan="x")


def _activity(supervision, actor, **overrides):
    kwargs = {"held_on": _today(), "kind": "visit", "participants": "督办组", "record": "实地察看易涝点。"}
    kwargs.update(overrides)
    return supervising.supervision_activity_add(supervision=supervision, actor=actor, **kwargs)


def test_activities_art52_by_a_named_leader_through_the_leaders_own_account(cast):
    leader = _leader_account("陈卫东")
    supervision = _mark(_suggestion(ASSIGNED), cast("csx_lianluo"), leaders=_members("陈卫东"))
    activity = _activity(supervision, leader, kind="hearing", record="听取县住建局办理情况汇报。")
    assert activity.recorded_by == leader and activity.get_kind_display() == "听取汇报"
    assert ProposalEvent.objects.filter(suggestion=supervision.suggestion, action="supervise", actor=leader).exists()
    assert AuditEvent.objects.filter(action="suggestion.supervise", actor=leader).exists()
    _activity(supervision, cast("csx_lianluo"), kind="forum")  # the office records too
    assert supervision.activities.count() == 2


def test_activities_art52_refused_for_members_not_named_for_this_suggestion(cast):
    not_named = _leader_account("张国庆", username="t_csx_zhang")
    supervision = _mark(_suggestion(ASSIGNED), cast("csx_lianluo"), leaders=_members("陈卫东"))
    for actor in (not_named, cast("hn_changwei"), cast("csx_daibiao"), cast("csx_zhujian")):
        with pytest.raises(PermissionDeniedError):
            _activity(supervision, actor)
    assert not SupervisionActivity.objects.filter(supervision=supervision).exists()


def test_activities_check_their_fields(cast):
    office = cast("csx_lianluo")
    supervision = _mark(_suggestion(ASSIGNED), office, decided_on=_today() - datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        _activity(supervision, office, kind="party", record="", held_on=_today() + datetime.timedelta(days=1))
    assert set(error.value.message_dict) == {"kind", "record", "held_on"}
    with pytest.raises(ValidationError) as error:
        _activity(supervision, office, held_on=_today() - datetime.timedelta(days=4))
    assert "早于确定" in error.value.message_dict["held_on"][0]


# ---------------------------------------------------------------- pages


def test_office_marks_a_key_suggestion_and_a_leader_records_an_activity(signed_in, cast):
    suggestion = _suggestion(ASSIGNED)
    office = signed_in("csx_lianluo")
    page = office.get(f"/proposals/{suggestion.pk}/key/")
    assert page.status_code == 200 and "列为重点督办建议" in page.content.decode()
    chen = _members("陈卫东")[0]
    data = {"decided_on": _today().isoformat(), "decision": "主任会议确定。", "leaders": [chen.pk],
            "plan": "督办方案。", "committee": ""}
    bad = office.post(f"/proposals/{suggestion.pk}/key/", {**data, "leaders": [999999]})
    assert bad.status_code == 400 and "所选牵头督办领导不在可选范围内" in bad.content.decode()
    assert office.post(f"/proposals/{suggestion.pk}/key/", data).status_code == 302
    assert _suggestion(ASSIGNED).is_key
    listing = office.get("/proposals/key/").content.decode()
    assert suggestion.title in listing and "陈卫东" in listing

    leader = _leader_account("陈卫东")
    client = Client()
    client.force_login(leader, backend="lianluo.accounts.backends.UsernameOrMobileBackend")
    _mark_session(client)
    detail = client.get(f"/proposals/{suggestion.pk}/key/").content.decode()
    assert "记录督办活动" in detail and "调整督办安排" not in detail
    response = client.post(f"/proposals/{suggestion.pk}/key/activity/", {
        "held_on": _today().isoformat(), "kind": "visit", "participants": "陈卫东", "record": "实地察看。"})
    assert response.status_code == 302
    assert SupervisionActivity.objects.filter(recorded_by=leader).count() == 1
    assert client.post(f"/proposals/{suggestion.pk}/key/", data).status_code == 403


def _mark_session(client):
    import time

    from lianluo.accounts.middleware import SECOND_FACTOR, SIGNED_IN_AT

    session = client.session
    session[SIGNED_IN_AT] = time.time()
    session[SECOND_FACTOR] = True
    session.save()


def test_office_prepares_and_publishes_through_the_pages(signed_in, cast):
    suggestion = _suggestion(REPLIED)
    Suggestion.objects.filter(pk=suggestion.pk).update(body=PRIVATE_BODY)
    office = signed_in("csx_lianluo")
    url = f"/proposals/{suggestion.pk}/publication/"
    form = office.get(url).content.decode()
    assert redaction.PHONE_MASK in form and "13812345678" in form  # the proposal, and the internal text to compare
    proposed = office.post(url, {"title": suggestion.title, "body": PRIVATE_BODY, "reply": "答复。",
                                 "names": "李秀兰", "step": "propose"})
    assert proposed.status_code == 200 and "群众姓名 1 处" in proposed.content.decode()
    assert not Publication.objects.filter(suggestion=suggestion).exists()
    saved = office.post(url, {"title": suggestion.title, "body": "公开的正文。", "reply": "公开的答复。"})
    assert saved.status_code == 302
    publication = Publication.objects.get(suggestion=suggestion)
    refused = office.post(f"{url}publish/")
    assert refused.status_code == 409 and "领衔代表尚未同意公开" in refused.content.decode()

    deputy = signed_in("csx_daibiao")
    consent = deputy.post(f"{url}consent/", {"next": "/proposals/key/"})
    assert consent.status_code == 302 and consent["Location"] == "/proposals/key/"
    assert deputy.post(f"{url}consent/", {"next": "https://elsewhere.example/"}).status_code == 409  # already
    office = signed_in("csx_lianluo")
    assert office.post(f"{url}publish/").status_code == 302
    publication.refresh_from_db()
    assert publication.status == Publication.Status.PUBLISHED
    listing = office.get("/proposals/publication/", {"state": "published"}).content.decode()
    assert suggestion.title in listing
    assert office.post(f"{url}withdraw/", {"reason": ""}).status_code == 400
    assert office.post(f"{url}withdraw/", {"reason": "更正。"}).status_code == 302
    assert office.post(f"{url}promote/").status_code == 404


def test_deputy_consent_redirect_stays_on_this_site(signed_in):
    suggestion = _suggestion(REPLIED)
    response = signed_in("csx_daibiao").post(f"/proposals/{suggestion.pk}/publication/consent/",
                                             {"next": "https://elsewhere.example/"})
    assert response.status_code == 302 and response["Location"] == "/workbench/"


@pytest.mark.parametrize(("username", "url", "limit"), [
    ("csx_lianluo", "/proposals/key/", 9),
    ("hn_changwei", "/proposals/key/", 9),
    ("csx_lianluo", "/proposals/publication/", 8),
    ("csx_lianluo", "/proposals/publication/?state=published", 8),
])
def test_office_list_query_counts(signed_in, django_assert_max_num_queries, username, url, limit):
    load_demo_publication()
    client = signed_in(username)
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200


def test_demo_publication_is_idempotent(cast):
    load_demo_publication()
    load_demo_publication()
    key = _suggestion(KEY)
    assert key.is_key and key.key_supervision.activities.count() == 1
    assert sorted(m.name for m in key.key_supervision.leaders.all()) == ["张国庆", "陈卫东"]
    published = Publication.objects.filter(region_id=COUNTY, status=Publication.Status.PUBLISHED)
    assert set(published.values_list("suggestion__title", flat=True)) == {CLOSED, REPLIED}


def test_pipl_art15_the_deputy_withdraws_consent_and_the_public_version_comes_down(cast):
    """个人信息保护法 Art 15: consent may be withdrawn; what is published on that consent is taken down at once, and
    nothing is published again until the deputy consents again."""
    publication = _published(cast, CLOSED)
    suggestion = publication.suggestion
    publishing.consent_withdraw(suggestion=suggestion, actor=cast("csx_daibiao"))
    suggestion.refresh_from_db()
    publication.refresh_from_db()
    assert not suggestion.public_consent and publication.status == Publication.Status.WITHDRAWN
    assert Client().get(f"/public/suggestions/{publication.pk}/").status_code == 404
    event = ProposalEvent.objects.filter(suggestion=suggestion, action="consent_withdraw").get()
    assert event.data == {"how": "in_system", "unpublished": True}
    assert ProposalEvent.objects.filter(suggestion=suggestion, action="unpublish", note="代表撤回同意公开").exists()
    assert AuditEvent.objects.filter(action="suggestion.consent_withdraw", object_id=str(suggestion.pk)).exists()
    assert list(publication.revisions.values_list("action", flat=True))[-1] == "withdraw"
    with pytest.raises(ServiceError, match="领衔代表尚未同意公开"):
        publishing.publication_publish(publication=publication, actor=cast("csx_lianluo"))
    with pytest.raises(ServiceError, match="无需撤回"):
        publishing.consent_withdraw(suggestion=suggestion, actor=cast("csx_daibiao"))


def test_pipl_art15_a_written_withdrawal_is_recorded_by_the_office_with_its_date(cast):
    suggestion = _ready(cast, CLOSED_OTHER)
    with pytest.raises(PermissionDeniedError):
        publishing.consent_withdraw(suggestion=suggestion, actor=cast("csx_daibiao"))  # not his suggestion
    with pytest.raises(ValidationError) as error:
        publishing.consent_withdraw(suggestion=suggestion, actor=cast("csx_lianluo"))
    assert "written_on" in error.value.message_dict
    assert _suggestion(CLOSED_OTHER).public_consent  # nothing changed
    publishing.consent_withdraw(suggestion=suggestion, actor=cast("csx_lianluo"), written_on=_today())
    assert not _suggestion(CLOSED_OTHER).public_consent
    event = ProposalEvent.objects.filter(suggestion=suggestion, action="consent_withdraw").get()
    assert event.data == {"how": "written", "unpublished": False, "written_on": _today().isoformat()}


def test_the_deputy_withdraws_consent_from_the_suggestion_page(signed_in):
    suggestion = _suggestion(REPLIED)
    client = signed_in("csx_daibiao")
    page = f"/proposals/{suggestion.pk}/"
    client.post(f"/proposals/{suggestion.pk}/publication/consent/", {"next": page})
    assert "撤回同意公开" in client.get(page).content.decode()
    response = client.post(f"/proposals/{suggestion.pk}/publication/unconsent/", {"next": page})
    assert response.status_code == 302 and response["Location"] == page
    assert not _suggestion(REPLIED).public_consent
    assert ">同意公开</button>" in client.get(page).content.decode()


def test_the_office_records_a_written_withdrawal_on_the_publication_page(cast, signed_in):
    _published(cast, CLOSED)
    suggestion = _suggestion(CLOSED)
    office = signed_in("csx_lianluo")
    url = f"/proposals/{suggestion.pk}/publication/"
    assert "登记书面撤回" in office.get(url).content.decode()
    refused = office.post(f"{url}unconsent/", {"written_on": ""})
    assert refused.status_code == 400 and "请填写代表书面撤回同意的日期" in refused.content.decode()
    assert office.post(f"{url}unconsent/", {"written_on": _today().isoformat()}).status_code == 302
    assert Publication.objects.get(suggestion=suggestion).status == Publication.Status.WITHDRAWN
