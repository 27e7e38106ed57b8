"""Permission-matrix rows for the casework module (see tests/permission_matrix.py for the conventions)."""

from permission_matrix import Case

CASEWORK: list[Case] = []
