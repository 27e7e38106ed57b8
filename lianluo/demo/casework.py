"""Demo category tree and constituent issues in every state (filled in by the casework module)."""


def load_demo_casework() -> None:
    return None
