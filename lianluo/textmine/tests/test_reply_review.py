"""Reply checks on the issue page: shown to the office beside the unit's feedback and the answer,
and only where the reply gives no answer (engine.replies flags, docs/textmine.md "Reply quality")."""

from lianluo.casework.models import Issue
from lianluo.textmine.reply_review import reply_flags


def test_a_procedural_reply_is_flagged_and_an_answer_is_not():
    subject, body = "小区门口路灯损坏", "星沙街道某小区门口三盏路灯损坏一个月无人维修，夜间出行不便。"
    assert reply_flags(subject=subject, body=body, reply="您好！您反映的问题已收悉，已转相关部门处理。")
    assert reply_flags(subject=subject, body=body, reply="经县城管局核实，该路段三盏路灯线路老化，已于5月12日更换线路"
                                                         "并恢复照明，今后将每月巡查一次。") == []
    assert reply_flags(subject=subject, body=body, reply="  ") == []


def test_the_issue_page_shows_the_office_a_check_beside_the_units_feedback(db, signed_in):
    issue = Issue.objects.filter(region_id="430121").exclude(status="merged").first()
    Issue.objects.filter(pk=issue.pk).update(feedback="您好！您反映的问题已收悉，已转相关部门处理。")
    page = signed_in("csx_lianluo").get(f"/casework/{issue.pk}/").content.decode()
    assert "答复核对" in page and "仅供参考" in page
    Issue.objects.filter(pk=issue.pk).update(feedback="经县城管局核实，该路段三盏路灯线路老化，已于5月12日更换线路并恢复照明。")
    assert "答复核对" not in signed_in("csx_lianluo").get(f"/casework/{issue.pk}/").content.decode()
