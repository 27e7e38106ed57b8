from ninja import Router, Schema

router = Router(tags=["账户"])


class AssignmentOut(Schema):
    role: str
    role_label: str
    region: str
    region_name: str
    level: str
    organisation: str | None = None


class MeOut(Schema):
    username: str
    full_name: str
    mobile: str
    assignments: list[AssignmentOut]


@router.get("/me", response=MeOut, summary="当前账户及其角色")
def me(request):
    user = request.user
    return {
        "username": user.username, "full_name": user.full_name, "mobile": user.masked_mobile,
        "assignments": [
            {"role": a.role, "role_label": a.get_role_display(), "region": a.region_id,
             "region_name": a.region.name, "level": a.level_label,
             "organisation": a.organisation.name if a.organisation else None}
            for a in user.active_assignments()
        ],
    }
