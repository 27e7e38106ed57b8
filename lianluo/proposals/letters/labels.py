"""Names, labels and dates as letters write them: the issuing office, the short session name of titles
(县十八届人大五次会议), the suggestion's number label, Chinese dates, the units by their part."""


from django.conf import settings

from lianluo.proposals import workflow
from lianluo.proposals.models import Handling, Signer, Suggestion
from lianluo.regions.models import Level, chinese_numeral


def congress_short(congress) -> str:
    """长沙县人民代表大会 → 长沙县人大."""
    return congress.name.replace("人民代表大会", "人大")


def issuer_name(congress) -> str:
    """The office that refers suggestions and receives the replies: the standing committee's working body named
    by setting LIANLUO_PROPOSALS_LETTER_OFFICE (default 选举任免联络工作委员会; some counties use 办公室), or a
    township congress's presidium (乡镇人大不设常委会, 代表法 Art 51 ¶1)."""
    if congress.level == Level.TOWNSHIP or not congress.has_standing_committee:
        return f"{congress.name}主席团"
    office = getattr(settings, "LIANLUO_PROPOSALS_LETTER_OFFICE", "选举任免联络工作委员会")
    return f"{congress_short(congress)}常委会{office}"


def session_short(suggestion: Suggestion) -> str:
    """县十八届人大五次会议 (the short form used in titles), or 县十八届人大常委会闭会期间 between sessions."""
    region = suggestion.region.name
    level = region[-1] if region[-1] in "省市县区旗镇乡" else region
    term = chinese_numeral(suggestion.term.number)
    if suggestion.session_id:
        return f"{level}{term}届人大{chinese_numeral(suggestion.session.number)}次会议"
    return f"{level}{term}届人大"


def suggestion_label(suggestion: Suggestion) -> str:
    """县十八届人大五次会议第6号建议 / 县十八届人大闭会期间2026年第3号建议."""
    return f"{session_short(suggestion)}{suggestion.number_label}建议"


def source_phrase(suggestion: Suggestion) -> str:
    if suggestion.session_id:
        return f"{session_short(suggestion)}期间"
    return f"{session_short(suggestion)}闭会期间"


def open_handlings(suggestion: Suggestion) -> list[Handling]:
    return list(suggestion.handlings.exclude(status=workflow.UNIT_RETURNED).select_related("unit")
                .order_by("role", "id"))


def units_by_role(handlings: list[Handling]) -> dict[str, list[str]]:
    units = {workflow.LEAD: [], workflow.ASSIST: [], workflow.JOINT: []}
    for handling in handlings:
        units.setdefault(handling.role, []).append(handling.unit.name)
    return units


def cosigner_names(suggestion: Suggestion) -> list[str]:
    return [s.mandate.person.name for s in suggestion.signers.filter(
        role=Signer.Role.COSIGNER, status=Signer.Status.CONFIRMED).select_related("mandate__person")
        .order_by("mandate__strokes_key", "id")]


def class_legend() -> str:
    return "；".join(f"{code}类为{label}" for code, label in workflow.reply_classes())
