"""The pages of session elections and appointments, on the demo's 长沙县 ones."""

import pytest

from lianluo.elections.models import AppointmentVote, SessionElection


@pytest.fixture
def vice(db):
    return SessionElection.objects.get(title="选举长沙县人民政府副县长")


def test_the_demo_session_election_is_decided_by_more_than_half_of_all_deputies(vice, signed_in):
    page = signed_in("csx_lianluo").get(f"/elections/session/{vice.pk}/").content.decode()
    assert "欧阳明、何晓燕" in page and "按记录复核一致" in page and "三分之二" in page
    assert "更正最近一次的计票结果" in page
    reader = signed_in("hn_changwei").get(f"/elections/session/{vice.pk}/").content.decode()
    assert "欧阳明、何晓燕" in reader and "更正最近一次的计票结果" not in reader


def test_a_correction_needs_the_form_filled_and_comes_back_with_errors(vice, signed_in):
    response = signed_in("csx_lianluo").post(f"/elections/session/{vice.pk}/vote/", {"present": 3, "voted": 3,
                                             "ballots_cast": 3, "ballots_invalid": 0, "votes_0": 1, "votes_1": 1,
                                             "votes_2": 1, "reason": "复核", "correct": "1"})
    assert response.status_code == 400 and "不足全体代表" in response.content.decode()
    assert vice.votes.count() == 1


def test_creating_a_session_election_from_the_list(signed_in):
    from lianluo.regions.models import Session

    session = Session.objects.filter(term__congress__region_id="430121").order_by("-number").first()
    client = signed_in("csx_lianluo")
    response = client.post("/elections/session/new/", {"session": session.pk, "title": "选举长沙县监察委员会主任",
                                                       "kind": "office", "post": "single", "seats": 1})
    created = SessionElection.objects.get(title="选举长沙县监察委员会主任")
    assert response.status_code == 302 and response["Location"].endswith(f"/elections/session/{created.pk}/")


def test_appointments_list_detail_and_the_oath(signed_in):
    client = signed_in("csx_lianluo")
    page = client.get("/elections/appointments/").content.decode()
    assert "任命戴立新为长沙县教育局局长" in page and "全体组成人员的过半数" in page
    waiting = AppointmentVote.objects.get(person="孔维娜")
    detail = client.get(f"/elections/appointments/{waiting.pk}/").content.decode()
    assert "记录宪法宣誓" in detail and "至少 18 票" in detail
    assert client.post(f"/elections/appointments/{waiting.pk}/oath/", {"day": "2000-01-01"}).status_code == 400
    assert client.post(f"/elections/appointments/{waiting.pk}/oath/",
                       {"day": waiting.meeting_date.isoformat()}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.oath_on == waiting.meeting_date


def test_a_vote_below_half_of_all_members_is_recorded_as_failing(signed_in):
    client = signed_in("csx_lianluo")
    response = client.post("/elections/appointments/new/", {
        "region": "430121", "meeting": "第三十一次会议", "meeting_date": "2026-11-28", "kind": "appoint",
        "person": "邵某", "post": "长沙县交通运输局局长", "nominated_by": "government", "members_total": 35,
        "present": 30, "yes": 17, "no": 10, "abstain": 3})
    assert response.status_code == 302
    assert AppointmentVote.objects.get(person="邵某").passed is False


@pytest.mark.parametrize("path", ["/elections/session/", "/elections/session/{s}/", "/elections/appointments/",
                                  "/elections/appointments/{a}/"])
def test_pages_run_a_bounded_number_of_queries(vice, signed_in, django_assert_max_num_queries, path):
    client = signed_in("csx_lianluo")
    url = path.format(s=vice.pk, a=AppointmentVote.objects.get(person="戴立新").pk)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
