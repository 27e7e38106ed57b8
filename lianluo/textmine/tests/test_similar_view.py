"""The warning of similar suggestions on the filing page: who may ask, what the partial shows and hides."""

import pytest
from django.urls import reverse

from lianluo.deputies.models import Mandate
from lianluo.proposals import services

COUNTY = "430121"
URL = reverse("textmine:similar_suggestions")
PROMPT = "以下建议与您正在填写的内容相似，请查看是否重复。是否提出由您决定。"
TITLE = "关于整治星沙街道老旧小区雨污管网的建议"
BODY = "星沙街道多个老旧小区雨污管网老化破损，每逢大雨污水漫溢进入楼道，居民出行困难，建议县住建局制定改造计划。"
OTHER_TITLE = "关于在星沙街道老旧小区实施雨污分流改造的建议"
OTHER_BODY = "星沙街道老旧小区雨污合流，管网老化破损，大雨时污水漫溢进入楼道，恳请县住建局制定雨污分流改造计划。"
TYPED = {"title": "关于加快星沙老旧小区雨污管网改造的建议",
         "body": "老旧小区的雨污管网年久失修，下大雨时污水漫进楼道，建议住建部门尽快制定管网改造计划。"}


@pytest.fixture
def filed(cast):
    """Two submitted 长沙县 suggestions on one matter: the demo deputy's own, and another deputy's that the office
    keyed in (which the demo deputy may not open)."""
    deputy, office = cast("csx_daibiao"), cast("csx_lianluo")
    mandates = Mandate.objects.filter(region_id=COUNTY, status=Mandate.Status.SERVING).select_related("person")
    own = next(m for m in mandates if m.person.user_id == deputy.pk)
    other = next(m for m in mandates.order_by("id") if m.person.user_id != deputy.pk)
    mine = services.suggestion_submit(suggestion=services.suggestion_create(
        lead=own, title=TITLE, body=BODY, actor=deputy), actor=deputy)
    theirs = services.suggestion_submit(suggestion=services.suggestion_create(
        lead=other, title=OTHER_TITLE, body=OTHER_BODY, actor=office), actor=office)
    return mine, theirs, other


def link(suggestion) -> str:
    return f'href="{reverse("proposals:suggestion_detail", args=[suggestion.pk])}"'


def test_sign_in_is_required(client):
    response = client.get(URL, TYPED)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("username", ["csx_zhujian", "csx_xuanju"])
def test_those_who_do_not_file_suggestions_are_refused(signed_in, username):
    assert signed_in(username).get(URL, TYPED).status_code == 403


def test_a_deputy_may_ask_only_about_their_own_congress(signed_in):
    assert signed_in("csx_daibiao").get(URL, {**TYPED, "region": "43"}).status_code == 403


def test_the_deputy_sees_a_link_to_their_own_and_only_the_title_of_another_deputys(signed_in, filed):
    mine, theirs, other = filed
    response = signed_in("csx_daibiao").get(URL, {**TYPED, "region": COUNTY})
    assert response.status_code == 200
    html = response.content.decode()
    assert PROMPT in html and 'aria-live' not in html  # the live region is the page's, the partial is its content
    assert mine.title in html and link(mine) in html
    assert theirs.title in html and link(theirs) not in html
    assert "%" in html and "待审核" in html and "年" in html
    assert other.person.name not in html and BODY not in html and OTHER_BODY not in html


def test_without_a_region_the_deputys_own_congress_is_used(signed_in, filed):
    mine, _theirs, _other = filed
    assert mine.title in signed_in("csx_daibiao").get(URL, TYPED).content.decode()


def test_the_office_keying_in_sees_links_to_both(signed_in, filed):
    mine, theirs, _other = filed
    html = signed_in("csx_lianluo").get(URL, {**TYPED, "region": COUNTY}).content.decode()
    assert link(mine) in html and link(theirs) in html


def test_the_suggestion_being_edited_is_left_out(signed_in, filed):
    mine, theirs, _other = filed
    html = signed_in("csx_daibiao").get(URL, {"title": TITLE, "body": BODY, "exclude": mine.pk}).content.decode()
    assert link(mine) not in html and theirs.title in html


@pytest.mark.parametrize("typed", [{}, {"title": " 关于 ", "body": "  "}, {"title": "加装"}])
def test_too_little_text_gives_an_empty_partial(signed_in, filed, typed):
    response = signed_in("csx_daibiao").get(URL, typed)
    assert response.status_code == 200 and response.content.decode().strip() == ""


def test_nothing_similar_gives_an_empty_partial(signed_in, filed):
    typed = {"title": "关于规范城区共享单车停放秩序的建议",
             "body": "共享单车乱停乱放占用盲道，建议明确停放区域并加强巡查。"}
    assert signed_in("csx_daibiao").get(URL, typed).content.decode().strip() == ""


def test_a_query_reads_the_database_a_bounded_number_of_times(signed_in, filed, django_assert_max_num_queries):
    client = signed_in("csx_daibiao")
    client.get(URL, TYPED)  # builds the index
    with django_assert_max_num_queries(12):
        assert filed[0].title in client.get(URL, {**TYPED, "region": COUNTY}).content.decode()


def test_the_filing_page_has_the_live_region(signed_in):
    html = signed_in("csx_daibiao").get(reverse("proposals:suggestion_create")).content.decode()
    assert 'id="similar-suggestions"' in html and 'aria-live="polite"' in html
    assert f'hx-get="{URL}?region={COUNTY}"' in html and 'hx-include="#id_title, #id_body"' in html
    assert "input delay:500ms from:closest form" in html  # the browser test checks that it fires


def test_the_edit_page_leaves_the_suggestion_itself_out(signed_in, cast):
    deputy = cast("csx_daibiao")
    lead = Mandate.objects.get(region_id=COUNTY, person__user=deputy, status=Mandate.Status.SERVING)
    draft = services.suggestion_create(lead=lead, title=TITLE, body=BODY, actor=deputy)
    html = signed_in("csx_daibiao").get(reverse("proposals:suggestion_edit", args=[draft.pk])).content.decode()
    assert f"exclude={draft.pk}" in html and 'aria-live="polite"' in html
