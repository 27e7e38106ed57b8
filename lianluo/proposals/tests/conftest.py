"""Builders for suggestion tests: a fresh 长沙县 suggestion taken to any point of its life through the services."""

import datetime

import pytest

from lianluo.deputies.models import Mandate
from lianluo.proposals import services
from lianluo.regions.models import Organisation, Session

BODY = "老旧小区雨污管网老化，每逢大雨污水漫溢，群众反映强烈，建议县住建局制定改造计划并明确时限。"


@pytest.fixture
def county(db):
    """What a 长沙县 suggestion needs: the office, the demo deputy and other deputies, units and their staff."""
    from lianluo.accounts.models import User

    users = {u.username: u for u in User.objects.filter(username__in=[
        "csx_lianluo", "csx_daibiao", "csx_zhujian", "csx_zhujian_fz", "csx_jiaoyu", "csx_jiaoyu_fz",
        "cs_lianluo", "hn_lianluo", "xs_zhanzhang", "csx_jiaotong"])}
    mandates = list(Mandate.objects.filter(region_id="430121", status="serving").select_related("person")
                    .order_by("id"))
    deputy = next(m for m in mandates if m.person.user_id == users["csx_daibiao"].pk)
    units = {o.name: o for o in Organisation.objects.all()}

    class County:
        office = users["csx_lianluo"]
        city_office = users["cs_lianluo"]
        officer = users["csx_zhujian"]
        leader = users["csx_zhujian_fz"]
        edu_officer = users["csx_jiaoyu"]
        edu_leader = users["csx_jiaoyu_fz"]
        transport_officer = users["csx_jiaotong"]
        station_manager = users["xs_zhanzhang"]
        deputy_user = users["csx_daibiao"]
        lead = deputy
        others = [m for m in mandates if m.pk != deputy.pk]
        housing = units["长沙县住房和城乡建设局"]
        education = units["长沙县教育局"]
        transport = units["长沙县交通运输局"]
        city_housing = units["长沙市住房和城乡建设局"]
        session = Session.objects.filter(term__congress__region_id="430121").order_by("-number").first()

    return County


@pytest.fixture
def make(county):
    """make("replied") -> a new suggestion by the demo deputy, taken through the services to that state."""

    def build(state: str = "draft", *, cosigners=(), partners=(), is_complex=False,
              title="关于改造老旧小区雨污管网的建议", session="default", assigned_on=None, body=BODY):
        c = county
        suggestion = services.suggestion_create(
            lead=c.lead, title=title, body=body, actor=c.deputy_user, is_complex=is_complex,
            session=c.session if session == "default" else session, cosigners=list(cosigners))
        if state == "draft":
            return suggestion
        suggestion = services.suggestion_submit(suggestion=suggestion, actor=c.deputy_user)
        if state == "submitted":
            return suggestion
        suggestion = services.suggestion_accept(suggestion=suggestion, actor=c.office)
        if state == "accepted":
            return suggestion
        suggestion = services.suggestion_assign(suggestion=suggestion, lead_unit=c.housing, actor=c.office,
                                                partners=list(partners), assigned_on=assigned_on)
        if state == "assigned":
            return suggestion
        lead = suggestion.handlings.get(role="lead")
        services.handling_sign(handling=lead, actor=c.officer)
        if state == "signed":
            return suggestion
        services.contact_record(handling=lead, actor=c.officer, contacted_on=datetime.date.today(), way="phone",
                                summary="电话听取代表意见。")
        reply = services.reply_submit(handling=lead, actor=c.officer, body="已列入明年改造计划。", reply_class="B")
        if state == "awaiting":
            return suggestion
        services.reply_approve(reply=reply, actor=c.leader)
        suggestion.refresh_from_db()
        return suggestion

    return build


@pytest.fixture
def casework_draft(county):
    """A fresh suggestion draft (casework) over the open demo issues of the 长沙县 office."""
    from lianluo.casework.models import Issue
    from lianluo.casework.services import suggestion_draft_create

    issues = list(Issue.objects.filter(region_id="430121", status__in=["accepted", "feedback"]).order_by("id")[:3])
    return suggestion_draft_create(region=county.lead.region, title="关于整治背街小巷环境卫生的建议",
                                   body="多条背街小巷垃圾堆放、污水横流，群众反映集中，建议建立长效保洁机制。",
                                   issues=issues, actor=county.office, mandate=county.lead)
