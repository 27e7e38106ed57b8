"""Permission-matrix rows for the portal module (see tests/permission_matrix.py for the conventions)."""

from permission_matrix import Case

PORTAL: list[Case] = []
