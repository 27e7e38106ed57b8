"""Permission-matrix rows for the statistics of suggestions, the units' assessment, their Excel exports and the
annual handling report (see tests/permission_matrix.py for the conventions).

Readers: liaison staff and committee members (``permissions.can_view_statistics``); everyone else signed in gets
403, before any region is looked at. The figures cover the reader's jurisdiction only: asking for a region outside
it (``?region=``) is a 404, as for any object outside one's scope.
"""

from permission_matrix import EVERYONE, OUTSIDER, Case, jurisdiction_rows, rows

VIEWERS = ("hn_lianluo", "cs_lianluo", "csx_lianluo", "hn_changwei", OUTSIDER)
ROUTES = ("proposals:statistics", "proposals:statistics_export", "proposals:assessment",
          "proposals:assessment_export", "proposals:annual_report")
# 长沙县 (inside 长沙市 and the province, outside 株洲市) and 株洲市 (outside 长沙市 and 长沙县).
REGIONS = ("430121", "4302")


def only(allowed, status=200, other=403) -> dict:
    return {**dict.fromkeys(allowed, status), "*": other}


STATISTICS: list[Case] = [
    *(case for route in ROUTES for case in rows(route, only(VIEWERS), who=[*EVERYONE, OUTSIDER])),
    *(case for route in ROUTES for code in REGIONS
      for case in jurisdiction_rows(route, {code: {}}, data={"region": code}, allowed=VIEWERS,
                                    permission_first=True, who=[*EVERYONE, OUTSIDER])),
    *(case for route in ("proposals:statistics", "proposals:assessment")
      for case in rows(route, only(VIEWERS), data={"year": "", "session": "0"}, who=[*EVERYONE, OUTSIDER],
                       note="all years, between sessions")),
]
