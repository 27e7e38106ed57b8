"""The text engine is pure Python: no module under engine/ imports Django, so it runs in a worker or a script."""

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parent.parent / "engine"


def test_the_engine_imports_no_django():
    paths = sorted(ENGINE.glob("*.py"))
    assert any(p.name == "classify.py" for p in paths)
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] == "django" for n in names), path.name
