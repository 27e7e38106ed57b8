"""The public side of project votes: proposals from anyone while they are collected (RULES.md D8 step 1,
群众提), guarded like the portal's form, and a public page per chosen project."""

import pytest
from django.core.exceptions import ValidationError

from lianluo.core.errors import ServiceError
from lianluo.core.models import AuditEvent
from lianluo.livelihood import services
from lianluo.livelihood.models import CandidateProject, ProjectEvent, ProjectProposal, ProjectRound
from lianluo.portal.tests.test_portal import solve


@pytest.fixture
def collecting(db):
    return ProjectRound.objects.get(region_id="430121105", status="collecting")


def test_rules_d8_the_public_proposes_while_proposals_are_collected(collecting):
    proposal = services.proposal_submit_public(project_round=collecting, title="修一座公厕",
                                               description="集镇赶集日人多，附近没有公共厕所，很不方便。")
    assert proposal.source == ProjectProposal.Source.PUBLIC and proposal.proposer == "群众"
    assert ProjectEvent.objects.filter(round=collecting, action="proposal_submit_public", actor=None).exists()
    assert AuditEvent.objects.filter(action="livelihood.proposal_submit_public").exists()


def test_rules_d8_a_vague_proposal_is_refused_with_the_field_named(collecting):
    with pytest.raises(ValidationError) as error:
        services.proposal_submit_public(project_round=collecting, title="", description="太短", proposer="x" * 31)
    assert set(error.value.message_dict) == {"title", "description", "proposer"}


def test_rules_d8_no_public_proposals_once_collection_ended(db):
    voting = ProjectRound.objects.get(region_id="430121", status="voting")
    with pytest.raises(ServiceError, match="征集已经结束"):
        services.proposal_submit_public(project_round=voting, title="修路", description="道路坑洼不平，雨天积水严重。")


def test_the_public_form_takes_a_proposal_once_the_question_is_answered(client, collecting):
    url = f"/public/livelihood/{collecting.pk}/propose/"
    page = client.get("/public/livelihood/").content.decode()
    assert "正在征集项目建议" in page and url in page
    data = {"title": "建农贸市场", "description": "现在的集市露天摆摊，雨天泥泞，卫生差。", "proposer": "黄花镇村民"}
    token, answer = solve(client.get(url).content.decode())
    wrong = client.post(url, {**data, "challenge_token": token, "challenge_answer": "99"})
    assert wrong.status_code == 400 and not ProjectProposal.objects.filter(title="建农贸市场").exists()
    token, answer = solve(wrong.content.decode())
    done = client.post(url, {**data, "challenge_token": token, "challenge_answer": answer})
    assert done.status_code == 200 and "建议已收到" in done.content.decode()
    proposal = ProjectProposal.objects.get(title="建农贸市场")
    assert proposal.round == collecting and proposal.proposer == "黄花镇村民" and proposal.source == "public"


def test_the_public_form_is_limited_per_address(client, collecting, settings):
    settings.PORTAL_SUBMIT_LIMIT = 1
    url = f"/public/livelihood/{collecting.pk}/propose/"
    for n in range(2):
        token, answer = solve(client.get(url).content.decode())
        response = client.post(url, {"title": f"建议{n}", "description": "集镇需要一个停车场，赶集日乱停车。",
                                     "challenge_token": token, "challenge_answer": answer})
    assert response.status_code == 429 and ProjectProposal.objects.filter(title__startswith="建议").count() == 1


def test_a_closed_collection_has_no_public_form(client, db):
    voting = ProjectRound.objects.get(region_id="430121", status="voting")
    assert client.get(f"/public/livelihood/{voting.pk}/propose/").status_code == 404


def test_the_honeypot_refuses_and_changes_nothing(client, collecting):
    url = f"/public/livelihood/{collecting.pk}/propose/"
    form = client.get(url).content.decode()
    token = form.split('name="challenge_token" value="')[1].split('"')[0]
    response = client.post(url, {"title": "建农贸市场", "description": "现在的集市露天摆摊，雨天泥泞，卫生差。",
                                 "website": "http://spam", "challenge_token": token, "challenge_answer": "1"})
    assert response.status_code == 400 and "提交未成功" in response.content.decode()
    assert not ProjectProposal.objects.filter(title="建农贸市场").exists()


def test_a_chosen_project_has_a_public_page_and_others_do_not(client, db):
    chosen = CandidateProject.objects.filter(round__region_id="430121", round__status="rating", chosen=True).first()
    page = client.get(f"/public/livelihood/project/{chosen.pk}/").content.decode()
    assert chosen.title in page and "完成设计和招标" in page and "人大代表视察" in page
    assert f"/public/livelihood/project/{chosen.pk}/" in client.get(
        f"/public/livelihood/{chosen.round_id}/").content.decode()
    dropped = CandidateProject.objects.filter(round__region_id="430121", round__status="rating", chosen=False).first()
    assert client.get(f"/public/livelihood/project/{dropped.pk}/").status_code == 404
    on_ballot = CandidateProject.objects.filter(round__region_id="430121", round__status="voting").first()
    assert client.get(f"/public/livelihood/project/{on_ballot.pk}/").status_code == 404
