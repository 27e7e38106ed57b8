"""The public form and the query-code page (issue 3): intake without sign-in, the check question, the honeypot,
rate limits, following an issue with its query code, and rating the answer."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lianluo.casework import services as casework
from lianluo.casework.models import Constituent, Issue
from lianluo.core.models import AuditEvent
from lianluo.portal import challenge
from lianluo.portal.models import ThrottleEvent
from lianluo.portal.tasks import throttle_events_purge
from lianluo.regions.models import Region
from lianluo.stations.models import Station

MOBILE = "13907315566"
NAME = "欧阳晓明"


@pytest.fixture
def station(db):
    return Station.objects.create(
        name="门户测试联络站", region_id="430121001", address="星沙街道开元东路1号", opening_hours="工作日 9:00–17:00",
        reception_weekdays="1,3", reception_rule="每月15日代表集中接待", phone="0731-84010000",
    )


def form_url(station):
    return reverse("portal:station_form", kwargs={"public_key": station.public_key})


FOLLOW = "/public/q/"


def solve(html: str) -> tuple[str, str]:
    """The token and the right answer of the question on a rendered form."""
    token = re.search(r'name="challenge_token" value="([^"]+)"', html).group(1)
    question = re.search(r"验证问题：(\S+?)(加|减)(\S+?)等于几", html)
    a, b = challenge.parse_answer(question.group(1)), challenge.parse_answer(question.group(3))
    return token, str(a + b if question.group(2) == "加" else a - b)


def fields(**overrides) -> dict:
    data = {"title": "小区门口路灯不亮", "content": "开元东路与星沙大道路口的路灯坏了一个多月，晚上过马路很危险。",
            "place": "开元东路与星沙大道路口", "name": NAME, "mobile": "139 0731 5566", "wants_answer": "1",
            "consent": "on", "website": ""}
    data.update(overrides)
    return data


def submit(client, station, **overrides):
    """GET the form, answer its question, POST; returns the POST response."""
    token, answer = solve(client.get(form_url(station)).content.decode())
    data = fields(challenge_token=token, challenge_answer=answer)
    data.update(overrides)
    return client.post(form_url(station), data)


def query_code_of(response) -> str:
    return re.search(r'user-select-all[^>]*>([A-Z0-9]+)<', response.content.decode()).group(1)


# ---------------------------------------------------------------- the form


def test_form_shows_the_station_and_the_notice_on_personal_data(client, station):
    response = client.get(form_url(station))
    html = response.content.decode()
    assert response.status_code == 200
    assert station.name in html and station.address in html and "工作日 9:00–17:00" in html
    assert "每周一、周三；每月15日代表集中接待" in html
    assert "个人信息处理说明" in html and "加密保存" in html and "谁能看到" in html  # PIPL Arts 14, 17
    assert "验证问题" in html
    assert "no-store" in response["Cache-Control"]


def test_unknown_or_inactive_station_is_404(client, station):
    assert client.get(reverse("portal:station_form", kwargs={"public_key": "nosuchkey"})).status_code == 404
    Station.objects.filter(pk=station.pk).update(is_active=False)
    assert client.get(form_url(station)).status_code == 404


def test_submitting_creates_an_issue_and_shows_the_query_code(client, station):
    response = submit(client, station)
    assert response.status_code == 200
    code = query_code_of(response)
    issue = Issue.objects.get(query_code=code)
    # A street station's issue is a case of the county office (地方组织法 Art 59).
    assert (issue.channel, issue.station, issue.region_id, issue.status) == ("web", station, "430121", "received")
    assert issue.title == "小区门口路灯不亮" and issue.place == "开元东路与星沙大道路口"
    person = issue.constituents.get()
    assert (person.name, person.mobile, person.wants_answer) == (NAME, MOBILE, True)
    assert "no-store" in response["Cache-Control"]
    assert "查询办理进度" in response.content.decode()
    assert AuditEvent.objects.filter(object_id=str(issue.pk)).exists()


def test_name_and_phone_are_encrypted_at_rest(client, station):
    """SECURITY.md A11: the raw columns hold ciphertext, never the plaintext."""
    code = query_code_of(submit(client, station))
    person = Constituent.objects.get(issue__query_code=code)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, mobile FROM {Constituent._meta.db_table} WHERE id = %s", [person.pk])
        raw_name, raw_mobile = cursor.fetchone()
    assert NAME not in raw_name and MOBILE not in raw_mobile and "5566" not in raw_mobile


def test_name_is_optional_and_not_answering_is_allowed(client, station):
    code = query_code_of(submit(client, station, name="", wants_answer="0"))
    person = Constituent.objects.get(issue__query_code=code)
    assert person.name == "" and person.wants_answer is False


def test_a_wrong_mobile_number_is_shown_next_to_the_field(client, station):
    response = submit(client, station, mobile="12345")
    assert "请填写正确的11位手机号码" in response.content.decode()
    assert not Issue.objects.filter(station=station).exists()


def test_consent_is_required(client, station):
    data = fields()
    del data["consent"]
    token, answer = solve(client.get(form_url(station)).content.decode())
    response = client.post(form_url(station), {**data, "challenge_token": token, "challenge_answer": answer})
    assert "请阅读个人信息处理说明并勾选同意" in response.content.decode()
    assert not Issue.objects.filter(station=station).exists()


def test_form_mistakes_keep_the_same_unanswered_question(client, station):
    """A mistake elsewhere in the form does not use up the question, so the person can just fix the field."""
    token, answer = solve(client.get(form_url(station)).content.decode())
    response = client.post(form_url(station), fields(title="", challenge_token=token, challenge_answer=answer))
    assert f'value="{token}"' in response.content.decode()
    response = client.post(form_url(station), fields(challenge_token=token, challenge_answer=answer))
    assert Issue.objects.filter(station=station).count() == 1


# ---------------------------------------------------------------- the check question and the honeypot


def test_wrong_answer_shows_the_form_again_and_writes_nothing(client, station):
    token, answer = solve(client.get(form_url(station)).content.decode())
    wrong = str(int(answer) + 1)
    events = AuditEvent.objects.count()
    response = client.post(form_url(station), fields(challenge_token=token, challenge_answer=wrong))
    html = response.content.decode()
    assert response.status_code == 200
    assert "验证问题回答不正确" in html
    assert f'value="{token}"' not in html  # a new question
    assert "小区门口路灯不亮" in html  # what the person typed is kept
    assert not Issue.objects.filter(station=station).exists()
    assert AuditEvent.objects.count() == events and not ThrottleEvent.objects.exists()


def test_a_question_cannot_be_answered_twice(client, station):
    """After a wrong answer the same token is refused even with the right answer (no trying every number)."""
    token, answer = solve(client.get(form_url(station)).content.decode())
    client.post(form_url(station), fields(challenge_token=token, challenge_answer=str(int(answer) + 1)))
    response = client.post(form_url(station), fields(challenge_token=token, challenge_answer=answer))
    assert "验证问题已使用过" in response.content.decode()
    assert not Issue.objects.filter(station=station).exists()


def test_resubmitting_a_successful_form_files_nothing_more(client, station):
    token, answer = solve(client.get(form_url(station)).content.decode())
    data = fields(challenge_token=token, challenge_answer=answer)
    client.post(form_url(station), data)
    response = client.post(form_url(station), data)  # the browser's "resend"
    assert "验证问题已使用过" in response.content.decode()
    assert Issue.objects.filter(station=station).count() == 1


def test_expired_question_is_refused(client, station):
    token, answer = solve(client.get(form_url(station)).content.decode())
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = client.post(form_url(station), fields(challenge_token=token, challenge_answer=answer))
    assert "验证问题已过期" in response.content.decode()
    assert not Issue.objects.filter(station=station).exists()


def test_missing_or_forged_token_is_refused(client, station):
    client.get(form_url(station))
    response = client.post(form_url(station), fields(challenge_answer="3"))
    assert "请回答验证问题" in response.content.decode()
    forged, _ = challenge.make_token(3, "一加二等于几？")
    response = client.post(form_url(station), fields(challenge_token=forged + "x", challenge_answer="3"))
    assert "请回答验证问题" in response.content.decode()
    assert not Issue.objects.filter(station=station).exists()


def test_a_token_taken_to_another_client_is_refused(client, station):
    """The question is bound to the session that was shown it."""
    token, answer = solve(client.get(form_url(station)).content.decode())
    other = Client()
    other.get(form_url(station))
    response = other.post(form_url(station), fields(challenge_token=token, challenge_answer=answer))
    assert "验证问题已使用过" in response.content.decode()
    assert not Issue.objects.filter(station=station).exists()


def test_filled_honeypot_writes_nothing(client, station):
    response = submit(client, station, website="http://spam.example")
    assert response.status_code == 200
    assert "提交未成功" in response.content.decode()
    assert not Issue.objects.filter(station=station).exists()


@pytest.mark.parametrize("typed, value", [("7", 7), ("７", 7), ("十二", 12), (" 3 ", 3), ("abc", None), ("", None)])
def test_answers_may_be_typed_in_several_ways(typed, value):
    assert challenge.parse_answer(typed) == value


# ---------------------------------------------------------------- rate limits


def test_submissions_per_address_are_limited(client, station, settings):
    """ASVS 2.4.1 / SECURITY.md C7: over the limit the form answers 429 and nothing is written."""
    settings.PORTAL_SUBMIT_LIMIT = 2
    for _ in range(2):
        assert submit(client, station).status_code == 200
    token, answer = solve(client.get(form_url(station)).content.decode())
    issues, events = Issue.objects.count(), AuditEvent.objects.count()
    response = client.post(form_url(station), fields(challenge_token=token, challenge_answer=answer))
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode() and response["Retry-After"] == "600"
    assert Issue.objects.count() == issues and AuditEvent.objects.count() == events
    # Another address is not affected.
    assert query_code_of(submit(Client(REMOTE_ADDR="10.9.9.9"), station))


def test_submissions_per_station_are_limited(station, settings):
    settings.PORTAL_STATION_SUBMIT_LIMIT = 2
    for n in range(2):
        assert submit(Client(REMOTE_ADDR=f"10.0.0.{n + 1}"), station).status_code == 200
    assert submit(Client(REMOTE_ADDR="10.0.0.9"), station).status_code == 429
    assert Issue.objects.filter(station=station).count() == 2


def test_the_limit_window_passes(client, station, settings):
    settings.PORTAL_SUBMIT_LIMIT = 1
    assert submit(client, station).status_code == 200
    assert submit(client, station).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert submit(client, station).status_code == 200


def test_client_addresses_are_not_stored(station):
    submit(Client(REMOTE_ADDR="203.0.113.77"), station)
    keys = list(ThrottleEvent.objects.values_list("key", flat=True))
    assert keys and not any("203.0.113" in key for key in keys)


def test_ipv6_addresses_count_by_network():
    from lianluo.portal.throttle import address_key

    assert address_key("2001:db8:1:2::5") == address_key("2001:db8:1:2:ffff::1")
    assert address_key("2001:db8:1:3::5") != address_key("2001:db8:1:2::5")
    assert address_key("10.0.0.1") != address_key("10.0.0.2")


def test_old_counters_are_purged(client, station):
    submit(client, station)
    ThrottleEvent.objects.update(at=timezone.now() - timedelta(hours=1))
    submit(client, station)
    assert throttle_events_purge.call() == 2
    assert ThrottleEvent.objects.count() == 2


def test_purge_job_is_scheduled():
    from lianluo.core.schedule import JOBS

    assert "portal_throttle_events_purge" in {job.name for job in JOBS}


# ---------------------------------------------------------------- following an issue


@pytest.fixture
def filed(client, station):
    """An issue filed through the form: (issue, its query code)."""
    code = query_code_of(submit(client, station))
    return Issue.objects.get(query_code=code), code


def follow(client, code):
    return client.post(FOLLOW, {"code": code})


def test_follow_page_asks_for_the_code(client):
    response = client.get(FOLLOW)
    assert response.status_code == 200 and "查询码" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_following_with_the_code_shows_the_progress_without_personal_data(filed):
    issue, code = filed
    messy = " ".join([code[:3].lower(), code[3:7], code[7:].lower()])
    response = follow(Client(), messy)
    html = response.content.decode()
    assert response.status_code == 200
    assert issue.number in html and issue.title in html and "门户测试联络站" in html
    assert "已收到" in html and "收到反映" in html
    for secret in (NAME, MOBILE, "138****", "欧阳*", "5566", issue.content):
        assert secret not in html
    assert "no-store" in response["Cache-Control"]


def test_wrong_and_unknown_codes_look_the_same(filed):
    _, code = filed
    unknown = follow(Client(), "ZZZZZZZZZZ").content.decode()
    malformed = follow(Client(), "not a code!").content.decode()
    assert "没有找到与该查询码对应的意见" in unknown
    strip = lambda html: re.sub(r'value="[^"]*"', "", re.sub(r"csrfmiddlewaretoken[^>]*", "", html))  # noqa: E731
    assert strip(unknown) == strip(malformed)


def test_code_guessing_is_rate_limited(filed, settings):
    settings.PORTAL_LOOKUP_LIMIT = 3
    client = Client(REMOTE_ADDR="10.7.7.7")
    for n in range(3):
        assert follow(client, f"WRONG{n}CODE").status_code == 200
    _, code = filed
    assert follow(client, code).status_code == 429  # even the right code, until the window passes
    assert follow(Client(REMOTE_ADDR="10.7.7.8"), code).status_code == 200


def test_right_codes_do_not_count_against_the_limit(filed, settings):
    settings.PORTAL_LOOKUP_LIMIT = 1
    _, code = filed
    client = Client(REMOTE_ADDR="10.7.7.9")
    for _ in range(3):
        assert follow(client, code).status_code == 200
    assert not ThrottleEvent.objects.filter(bucket="lookup_address").exists()


def test_answered_issue_shows_the_answer_and_takes_a_rating(filed, cast):
    issue, code = filed
    staff = cast("csx_lianluo")
    casework.issue_accept(issue=issue, actor=staff)
    casework.issue_handle(issue=issue, answer="路灯已于本周修复。", actor=staff)
    html = follow(Client(), code).content.decode()
    assert "路灯已于本周修复。" in html and "评价办理结果" in html and "已答复" in html

    response = Client().post(FOLLOW, {"code": code, "satisfaction": "satisfied", "comment": "修得很快"})
    html = response.content.decode()
    assert response.status_code == 200 and "感谢您的评价" in html
    issue.refresh_from_db()
    assert (issue.satisfaction, issue.status) == ("satisfied", "closed")
    assert issue.events.filter(action="rate", actor_label="群众（查询码）").exists()
    html = follow(Client(), code).content.decode()
    assert "评价办理结果" not in html and "您的评价：满意" in html
    # A second rating is not taken.
    Client().post(FOLLOW, {"code": code, "satisfaction": "dissatisfied"})
    issue.refresh_from_db()
    assert issue.satisfaction == "satisfied"


def test_rating_needs_a_choice(filed, cast):
    issue, code = filed
    staff = cast("csx_lianluo")
    casework.issue_accept(issue=issue, actor=staff)
    casework.issue_handle(issue=issue, answer="已处理。", actor=staff)
    html = Client().post(FOLLOW, {"code": code, "satisfaction": ""}).content.decode()
    assert "请选择满意、基本满意或不满意" in html
    issue.refresh_from_db()
    assert issue.status == "answered"


def test_no_rating_before_the_answer(filed):
    issue, code = filed
    html = Client().post(FOLLOW, {"code": code, "satisfaction": "satisfied"}).content.decode()
    assert "评价办理结果" not in html
    issue.refresh_from_db()
    assert issue.satisfaction == ""


def test_timeline_shows_no_internal_notes_or_officer_names(filed, cast):
    issue, code = filed
    staff = cast("csx_lianluo")
    casework.issue_accept(issue=issue, actor=staff, note="内部备注：请住建局核实")
    html = follow(Client(), code).content.decode()
    assert "受理" in html and "正在办理" in html
    assert "内部备注" not in html and staff.full_name not in html


def test_merged_issue_shows_the_master_progress(client, station, cast):
    staff = cast("csx_lianluo")
    master = Issue.objects.get(query_code=query_code_of(submit(client, station)))
    dup_code = query_code_of(submit(client, station, title="路灯坏了", mobile="13907310001", name="李四"))
    duplicate = Issue.objects.get(query_code=dup_code)
    casework.issue_merge(master=master, duplicates=[duplicate], actor=staff)
    casework.issue_accept(issue=master, actor=staff)
    html = follow(Client(), dup_code).content.decode()
    assert "路灯坏了" in html and "合并办理" in html and "正在办理" in html
    assert NAME not in html and "李四" not in html  # neither person's data
    casework.issue_handle(issue=master, answer="路口路灯已全部更换。", actor=staff)
    html = follow(Client(), dup_code).content.decode()
    assert "路口路灯已全部更换。" in html and "评价办理结果" in html
    Client().post(FOLLOW, {"code": dup_code, "satisfaction": "basically"})
    duplicate.refresh_from_db()
    master.refresh_from_db()
    assert duplicate.satisfaction == "basically" and master.satisfaction == ""


def test_transferred_issue_shows_the_receiving_office_progress(filed, cast):
    issue, code = filed
    casework.issue_accept(issue=issue, actor=cast("csx_lianluo"))
    child = casework.issue_transfer(issue=issue, to_region=Region.objects.get(code="4301"),
                                    actor=cast("csx_lianluo"))
    casework.issue_accept(issue=child, actor=cast("cs_lianluo"))
    html = follow(Client(), code).content.decode()
    assert "已转其他人大" in html and "该人大的办理进度" in html and "正在办理" in html
    casework.issue_handle(issue=child, answer="已协调有关部门处理。", actor=cast("cs_lianluo"))
    html = follow(Client(), code).content.decode()
    assert "已协调有关部门处理。" in html and "评价办理结果" in html
    Client().post(FOLLOW, {"code": code, "satisfaction": "satisfied"})
    child.refresh_from_db()
    assert child.satisfaction == "satisfied"


# ---------------------------------------------------------------- CSRF and who may use the pages


def test_csrf_is_enforced_on_both_forms(station, filed):
    """SECURITY.md C3: a POST without the token is refused and writes nothing."""
    client = Client(enforce_csrf_checks=True)
    issues = Issue.objects.count()
    token, answer = solve(client.get(form_url(station)).content.decode())
    response = client.post(form_url(station), fields(challenge_token=token, challenge_answer=answer))
    assert response.status_code == 403 and Issue.objects.count() == issues
    assert client.post(FOLLOW, {"code": filed[1]}).status_code == 403


def test_csrf_token_lets_the_form_through(station):
    client = Client(enforce_csrf_checks=True)
    html = client.get(form_url(station)).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    token, answer = solve(html)
    response = client.post(form_url(station), fields(challenge_token=token, challenge_answer=answer,
                                                     csrfmiddlewaretoken=csrf))
    assert response.status_code == 200 and query_code_of(response)


def test_signed_in_users_can_use_the_public_pages(signed_in, station):
    client = signed_in("csx_daibiao")
    assert client.get(form_url(station)).status_code == 200
    assert client.get(FOLLOW).status_code == 200
