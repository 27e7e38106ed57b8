"""Permission-matrix rows for the stations module (see tests/permission_matrix.py for the conventions)."""

from permission_matrix import Case

STATIONS: list[Case] = []
