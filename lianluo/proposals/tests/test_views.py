"""The suggestion pages end to end through the test client: filing, review, referral, the unit's work, rating."""

import datetime

import pytest

from lianluo.proposals.models import Handling, Suggestion


def _post(client, url, data, status=302):
    response = client.post(url, data)
    assert response.status_code == status, response.content.decode()[:2000]
    return response


def test_a_deputy_files_on_the_phone_form_and_submits(signed_in, county):
    client = signed_in("csx_daibiao")
    page = client.get("/proposals/new/")
    assert page.status_code == 200 and "建议内容" in page.content.decode()
    _post(client, "/proposals/new/", {
        "lead": county.lead.pk, "session": county.session.pk, "title": "关于增设社区阅览室的建议",
        "body": "社区居民阅读场所不足，建议利用闲置用房增设社区阅览室，并配备图书和管理人员。",
        "cosigners": [county.others[0].pk], "submit": "1"})
    suggestion = Suggestion.objects.get(title="关于增设社区阅览室的建议")
    assert suggestion.status == "submitted" and suggestion.signers.count() == 2


def test_bad_input_is_shown_next_to_the_field_and_nothing_is_written(signed_in, county):
    client = signed_in("csx_daibiao")
    before = Suggestion.objects.count()
    response = _post(client, "/proposals/new/", {"lead": county.lead.pk, "title": "关于X的建议", "body": "太短"},
                     status=400)
    assert "正文不少于" in response.content.decode()
    assert Suggestion.objects.count() == before


def test_a_deputy_cannot_file_under_another_deputys_mandate(signed_in, county):
    client = signed_in("csx_daibiao")
    response = _post(client, "/proposals/new/", {
        "lead": county.others[0].pk, "title": "关于增设社区阅览室的建议",
        "body": "社区居民阅读场所不足，建议利用闲置用房增设社区阅览室。"}, status=400)
    assert "不在可选范围内" in response.content.decode()


def test_the_office_reviews_and_refers_with_a_co_unit(signed_in, make, county):
    suggestion = make("submitted")
    client = signed_in("csx_lianluo")
    page = client.get(f"/proposals/{suggestion.pk}/").content.decode()
    assert "审核立案" in page and "退回代表" in page
    _post(client, f"/proposals/{suggestion.pk}/accept/", {"accept-note": "符合要求"})
    _post(client, f"/proposals/{suggestion.pk}/assign/", {"assign-lead_unit": county.housing.pk,
                                                          "assign-assist_units": [county.education.pk]})
    suggestion.refresh_from_db()
    assert suggestion.status == "assigned"
    assert sorted(suggestion.handlings.values_list("role", flat=True)) == ["assist", "lead"]


def test_referral_to_a_unit_not_offered_is_an_error_on_that_field(signed_in, make, county):
    suggestion = make("accepted")
    response = _post(signed_in("csx_lianluo"), f"/proposals/{suggestion.pk}/assign/",
                     {"assign-lead_unit": county.city_housing.pk}, status=400)
    assert "不在可选范围内" in response.content.decode()
    assert not Handling.objects.filter(suggestion=suggestion).exists()


def test_bulk_referral_page(signed_in, make, county):
    first, second = make("accepted"), make("accepted", title="关于加强农村饮水安全的建议")
    client = signed_in("csx_lianluo")
    assert first.title in client.get("/proposals/assign/").content.decode()
    response = _post(client, "/proposals/assign/", {f"unit-{first.pk}": county.housing.pk,
                                                    f"unit-{second.pk}": county.education.pk,
                                                    f"assist-{second.pk}": county.housing.pk, "note": "第五次会议建议"})
    page = client.get(response["Location"]).content.decode()  # the batch 交办函 of each unit
    assert f"unit={county.housing.pk}&amp;ids={first.pk},{second.pk}" in page and "长沙县教育局（Word）" in page
    assert set(Suggestion.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)) == {
        "assigned"}


def test_the_unit_signs_contacts_replies_and_its_leader_approves(signed_in, make, county):
    suggestion = make("assigned")
    part = suggestion.handlings.get()
    officer = signed_in("csx_zhujian")
    assert suggestion.title in officer.get("/proposals/inbox/").content.decode()
    _post(officer, f"/proposals/{suggestion.pk}/units/{part.pk}/sign/", {})
    response = _post(officer, f"/proposals/{suggestion.pk}/units/{part.pk}/submit_reply/", {
        f"h{part.pk}-submit_reply-reply_class": "A", f"h{part.pk}-submit_reply-body": "已完成改造。"}, status=409)
    assert "联系" in response.content.decode()
    _post(officer, f"/proposals/{suggestion.pk}/units/{part.pk}/contact/", {
        f"h{part.pk}-contact-contacted_on": datetime.date.today().isoformat(), f"h{part.pk}-contact-way": "meeting",
        f"h{part.pk}-contact-summary": "当面听取意见"})
    _post(officer, f"/proposals/{suggestion.pk}/units/{part.pk}/submit_reply/", {
        f"h{part.pk}-submit_reply-reply_class": "A", f"h{part.pk}-submit_reply-body": "已完成改造。"})
    reply = suggestion.replies.get()
    _post(signed_in("csx_zhujian_fz"), f"/proposals/{suggestion.pk}/replies/{reply.pk}/approve/",
          {f"r{reply.pk}-approve-note": "同意"})
    suggestion.refresh_from_db()
    assert suggestion.status == "replied"


def test_the_deputy_rates_and_a_dissatisfied_rating_needs_reasons(signed_in, make):
    suggestion = make("replied")
    client = signed_in("csx_daibiao")
    assert "对答复的评价" in client.get(f"/proposals/{suggestion.pk}/").content.decode()
    response = _post(client, f"/proposals/{suggestion.pk}/rate/", {"rate-satisfaction": "dissatisfied"},
                     status=400)
    assert "意见和理由" in response.content.decode()
    _post(client, f"/proposals/{suggestion.pk}/rate/", {"rate-satisfaction": "dissatisfied",
                                                         "rate-reasons": "没有时间表"})
    suggestion.refresh_from_db()
    assert suggestion.status == "rehandling" and suggestion.round == 2


def test_the_unit_asks_to_return_and_the_office_reassigns(signed_in, make, county):
    suggestion = make("assigned")
    part = suggestion.handlings.get()
    _post(signed_in("csx_zhujian"), f"/proposals/{suggestion.pk}/units/{part.pk}/request_return/",
          {f"h{part.pk}-request_return-reason": "属于教育局职责"})
    _post(signed_in("csx_lianluo"), f"/proposals/{suggestion.pk}/units/{part.pk}/approve_return/",
          {f"h{part.pk}-approve_return-new_unit": county.education.pk})
    assert suggestion.handlings.get(status="pending").unit == county.education
    # The housing bureau's part is returned: the suggestion leaves its view.
    assert signed_in("csx_zhujian").get(f"/proposals/{suggestion.pk}/").status_code == 404


def test_a_draft_can_be_attached_to_and_downloaded(signed_in, make):
    from django.core.files.uploadedfile import SimpleUploadedFile

    suggestion = make("draft")
    client = signed_in("csx_daibiao")
    upload = SimpleUploadedFile("现场照片.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")
    _post(client, f"/proposals/{suggestion.pk}/attach/", {"attach-file": upload})
    attachment = suggestion.attachments.get()
    response = client.get(f"/proposals/{suggestion.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"


def test_escalated_casework_draft_prefills_the_form(signed_in, casework_draft):
    draft = casework_draft
    page = signed_in("csx_daibiao").get(f"/proposals/new/?draft={draft.pk}").content.decode()
    assert draft.title in page and "根据群众意见形成的建议草稿" in page


@pytest.mark.parametrize(("username", "url", "limit"), [
    ("csx_lianluo", "/proposals/", 10),
    ("csx_lianluo", "/proposals/?status=assigned&year=2026&q=小区&deadline=overdue&key=on", 16),  # PG search +6
    ("hn_lianluo", "/proposals/", 10),
    ("csx_daibiao", "/proposals/", 10),
    ("csx_zhujian", "/proposals/inbox/", 8),
    ("csx_lianluo", "/proposals/assign/", 9),
])
def test_list_pages_run_a_fixed_number_of_queries(signed_in, django_assert_max_num_queries, username, url, limit):
    client = signed_in(username)
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200


def test_the_detail_page_query_count_does_not_grow_with_history(signed_in, make, django_assert_max_num_queries):
    suggestion = make("replied")
    client = signed_in("csx_lianluo")
    with django_assert_max_num_queries(22):
        assert client.get(f"/proposals/{suggestion.pk}/").status_code == 200


def test_returning_offers_the_common_reasons(signed_in, make):
    suggestion = make("submitted")
    client = signed_in("csx_lianluo")
    assert "属于议案，请按议案提出" in client.get(f"/proposals/{suggestion.pk}/").content.decode()
    response = _post(client, f"/proposals/{suggestion.pk}/return/", {"return-reason": ""}, status=400)
    assert "退回必须说明理由" in response.content.decode()
    _post(client, f"/proposals/{suggestion.pk}/return/", {"return-preset": "属于议案，请按议案提出",
                                                          "return-reason": "联名人数已够十人"})
    suggestion.refresh_from_db()
    assert suggestion.status == "returned" and suggestion.return_reason == "属于议案，请按议案提出；联名人数已够十人"


def test_a_similar_submitted_suggestion_is_merged_from_the_review_page(signed_in, make):
    master = make("submitted", title="关于改造老旧小区雨污管网的建议")
    duplicate = make("submitted", title="关于加快老旧小区雨污管网改造的建议")
    client = signed_in("csx_lianluo")
    page = client.get(f"/proposals/{master.pk}/").content.decode()
    assert "可能重复的建议" in page and "并入本件" in page
    _post(client, f"/proposals/{master.pk}/merge/", {"merge-duplicates": duplicate.pk, "merge-note": "内容相近"})
    duplicate.refresh_from_db()
    assert duplicate.status == "merged" and duplicate.merged_into_id == master.pk


def test_the_office_sees_a_reply_check_on_a_reply_that_only_says_it_was_forwarded(signed_in, make, county):
    from lianluo.proposals.models import Reply

    suggestion = make("replied")
    reply = Reply.objects.filter(suggestion=suggestion).first()
    page = signed_in("csx_lianluo").get(f"/proposals/{suggestion.pk}/").content.decode()
    assert "答复核对" not in page  # the demo reply states what will be done and by when
    Reply.objects.filter(pk=reply.pk).update(body="您好！您的建议已收悉，已转相关部门研究处理。")
    page = signed_in("csx_lianluo").get(f"/proposals/{suggestion.pk}/").content.decode()
    assert "答复核对" in page and "仅供参考" in page
    assert "答复核对" not in signed_in("csx_daibiao").get(f"/proposals/{suggestion.pk}/").content.decode()


def test_each_referral_takes_the_next_letter_number_of_the_year_and_keeps_it(make, county, settings):
    from lianluo.proposals import services
    from lianluo.proposals.services.assignment import letter_number

    settings.LIANLUO_PROPOSALS_LETTER_NUMBER = "长县人常函〔{year}〕{number}号"
    first, second = make("accepted"), make("accepted", title="关于加强农村饮水安全的建议")
    first = services.suggestion_assign(suggestion=first, lead_unit=county.housing, actor=county.office)
    second = services.suggestion_assign(suggestion=second, lead_unit=county.education, actor=county.office)
    year = first.assigned_on.year
    n1 = int(first.letter_number.removeprefix(f"长县人常函〔{year}〕").removesuffix("号"))
    assert second.letter_number == f"长县人常函〔{year}〕{n1 + 1}号"
    assert letter_number(first.region, year + 1) == f"长县人常函〔{year + 1}〕1号"  # numbering starts again each year
