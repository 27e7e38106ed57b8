"""Permission-matrix rows for the deputies module (see tests/permission_matrix.py for the conventions)."""

from permission_matrix import Case

DEPUTIES_MORE: list[Case] = []
