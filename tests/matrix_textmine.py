"""Permission-matrix rows for the text engine's pages (see tests/permission_matrix.py for the conventions).

The classifier page and its training are the liaison offices' (for their own offices); nothing is trained by the
rows that carry no data. The as-you-type similarity partial is for those who may file a suggestion."""

from permission_matrix import rows

LIAISON = ("hn_lianluo", "cs_lianluo", "csx_lianluo")

TEXTMINE = [
    *rows("textmine:similar_suggestions", {**dict.fromkeys((*LIAISON, "csx_daibiao"), 200), "*": 403},
          note="no text: an empty partial"),
    *rows("textmine:models", {**dict.fromkeys(LIAISON, 200), "*": 403}),
    *rows("textmine:train", {**dict.fromkeys(LIAISON, 400), "*": 403}, method="POST", data={},
          note="nothing chosen"),
]
