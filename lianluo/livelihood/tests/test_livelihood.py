"""Livelihood projects voted by deputies (RULES.md D8), from proposals to the year-end rating."""

import pytest
from django.core.exceptions import ValidationError

from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.core.models import AuditEvent
from lianluo.livelihood import services
from lianluo.livelihood.models import ProjectBallot, ProjectEvent, ProjectRound
from lianluo.regions.models import Region


@pytest.fixture
def office(cast):
    return cast("csx_lianluo")


@pytest.fixture
def fresh(db, office):
    """A 2030 round of 长沙县 with three candidates for two places, open for the vote."""
    project_round = services.round_create(region=Region.objects.get(pk="430121"), year=2030, title="2030年票决",
                                          places=2, actor=office)
    for title in ("甲项目", "乙项目", "丙项目"):
        services.candidate_add(project_round=project_round, title=title, description="内容", unit="县某局",
                               actor=office)
    for action in ("shortlist", "open_vote"):
        project_round = services.round_transition(project_round=project_round, action=action, actor=office)
    return project_round


def titles(project_round, **filters):
    return list(project_round.candidates.filter(**filters).order_by("id").values_list("title", flat=True))


def test_d8_more_candidates_than_places(db, office):
    project_round = services.round_create(region=Region.objects.get(pk="430121"), year=2031, title="2031年票决",
                                          places=2, actor=office)
    for title in ("甲", "乙"):
        services.candidate_add(project_round=project_round, title=title, description="内容", unit="局", actor=office)
    with pytest.raises(ServiceError, match="应多于"):
        services.round_transition(project_round=project_round, action="shortlist", actor=office)


def test_d8_a_constituent_issue_can_be_proposed(db, office):
    from lianluo.casework.models import Issue

    project_round = services.round_create(region=Region.objects.get(pk="430121"), year=2032, title="2032年票决",
                                          places=1, actor=office)
    issue = Issue.objects.filter(region__code__startswith="430121").first()
    proposal = services.proposal_add(project_round=project_round, title="停车难", description="转来",
                                     source="public", proposer="", issue=issue, actor=office)
    assert proposal.source == "issue" and proposal.issue == issue
    elsewhere = Issue.objects.exclude(region__code__startswith="430121").first()
    if elsewhere is not None:
        with pytest.raises(ValidationError):
            services.proposal_add(project_round=project_round, title="x", description="y", source="public",
                                  proposer="", issue=elsewhere, actor=office)


def test_d8_the_ballot_is_secret_once_per_deputy_and_at_most_the_places(fresh, cast):
    deputy = cast("csx_daibiao")
    first, second, third = fresh.candidates.order_by("id")
    with pytest.raises(ValidationError):
        services.ballot_cast(project_round=fresh, actor=deputy, choices=[first, second, third])
    audit_before = AuditEvent.objects.count()
    services.ballot_cast(project_round=fresh, actor=deputy, choices=[first, third])
    with pytest.raises(ServiceError, match="只能投一次"):
        services.ballot_cast(project_round=fresh, actor=deputy, choices=[second])
    assert ProjectBallot.objects.filter(round=fresh).count() == 1
    assert dict(fresh.candidates.values_list("title", "votes")) == {"甲项目": 1, "乙项目": 0, "丙项目": 1}
    # Nothing written links the deputy to a choice: neither the history nor the audit log names a project.
    ballot_event = ProjectEvent.objects.filter(round=fresh, action="ballot").get()
    assert ballot_event.data == {}
    new_audit = AuditEvent.objects.order_by("id")[audit_before:]
    assert all("甲项目" not in str(a.summary) and str(first.pk) not in str(a.summary.get("choices", ""))
               for a in new_audit)


def test_only_deputies_of_the_congress_vote(fresh, cast):
    with pytest.raises(PermissionDeniedError):
        services.ballot_cast(project_round=fresh, actor=cast("csx_lianluo"), choices=list(fresh.candidates.all()[:1]))


def test_d8_ranked_by_votes_and_a_tie_at_the_last_place_is_voted_again(fresh, office):
    first, second, third = fresh.candidates.order_by("id")
    services.paper_count_record(project_round=fresh, ballots=10, actor=office,
                                votes={first.pk: 9, second.pk: 5, third.pk: 5})
    tied = services.round_transition(project_round=fresh, action="close_vote", actor=office)
    assert tied.status == "voting" and tied.result["chosen"] == ["甲项目"]
    assert tied.result["tied"] == ["乙项目", "丙项目"]
    with pytest.raises(ValidationError):
        services.revote_record(project_round=tied, votes={"乙项目": 6}, actor=office)
    done = services.revote_record(project_round=tied, votes={"乙项目": 4, "丙项目": 6}, actor=office)
    assert done.status == "chosen" and titles(done, chosen=True) == ["甲项目", "丙项目"]


def test_a_paper_count_that_cannot_be_true_is_refused(fresh, office):
    first, second, third = fresh.candidates.order_by("id")
    with pytest.raises(ValidationError):
        services.paper_count_record(project_round=fresh, ballots=10, actor=office, votes={first.pk: 11})
    with pytest.raises(ValidationError):
        services.paper_count_record(project_round=fresh, ballots=10, actor=office,
                                    votes={first.pk: 10, second.pk: 10, third.pk: 1})


def test_d8_implementation_inspection_and_the_year_end_rating(fresh, office, cast):
    first, second, third = fresh.candidates.order_by("id")
    services.paper_count_record(project_round=fresh, ballots=10, actor=office,
                                votes={first.pk: 9, second.pk: 7, third.pk: 2})
    chosen = services.round_transition(project_round=fresh, action="close_vote", actor=office)
    assert titles(chosen, chosen=True) == ["甲项目", "乙项目"]
    project = chosen.candidates.get(title="甲项目")
    milestone = services.milestone_add(project=project, title="开工", due_on=project.created_at.date(), actor=office)
    services.milestone_done(milestone=milestone, done_on=project.created_at.date(), progress=50, actor=office)
    services.inspection_add(project=project, inspected_on=project.created_at.date(), deputies="代表 5 人",
                            findings="按计划推进", actor=office)
    with pytest.raises(ServiceError):
        services.milestone_add(project=chosen.candidates.get(title="丙项目"), title="x",
                               due_on=project.created_at.date(), actor=office)
    with pytest.raises(ServiceError, match="测评时间"):
        services.rating_cast(project=project, actor=cast("csx_daibiao"), level="satisfied")
    services.round_transition(project_round=chosen, action="open_rating", actor=office)
    project.refresh_from_db()
    services.rating_cast(project=project, actor=cast("csx_daibiao"), level="basically")
    with pytest.raises(ServiceError, match="已经测评"):
        services.rating_cast(project=project, actor=cast("csx_daibiao"), level="satisfied")
    assert project.progress == 50 and project.ratings.get().level == "basically"


def test_the_public_page_shows_the_decided_rounds_only(client, db):
    listing = client.get("/public/livelihood/").content.decode()
    decided = ProjectRound.objects.get(status="rating")
    voting = ProjectRound.objects.get(status="voting")
    assert decided.title in listing and voting.title not in listing
    page = client.get(f"/public/livelihood/{decided.pk}/").content.decode()
    assert "确定实施" in page and "城区老旧小区改造提质" in page
    assert client.get(f"/public/livelihood/{voting.pk}/").status_code == 404


def test_a_deputy_votes_and_rates_on_the_pages(signed_in, db):
    client = signed_in("csx_daibiao")
    voting = ProjectRound.objects.get(status="voting")
    page = client.get(f"/livelihood/{voting.pk}/").content.decode()
    assert "代表票决（无记名）" in page
    picks = list(voting.candidates.order_by("id").values_list("pk", flat=True)[:2])
    assert client.post(f"/livelihood/{voting.pk}/ballot/", {"choices": picks}).status_code == 302
    assert "您已投票" in client.get(f"/livelihood/{voting.pk}/").content.decode()
    decided = ProjectRound.objects.get(status="rating")
    project = decided.candidates.filter(chosen=True).first()
    assert "年终满意度测评" in client.get(f"/livelihood/project/{project.pk}/").content.decode()
    assert client.post(f"/livelihood/project/{project.pk}/rate/", {"level": "satisfied"}).status_code == 302


@pytest.mark.parametrize("path", ["/livelihood/", "/livelihood/{r}/", "/livelihood/project/{p}/",
                                  "/public/livelihood/{r}/"])
def test_pages_run_a_bounded_number_of_queries(signed_in, django_assert_max_num_queries, path):
    decided = ProjectRound.objects.get(status="rating")
    client = signed_in("csx_lianluo")
    url = path.format(r=decided.pk, p=decided.candidates.filter(chosen=True).first().pk)
    with django_assert_max_num_queries(16):
        assert client.get(url).status_code == 200
