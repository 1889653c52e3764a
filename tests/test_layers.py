"""The house on floors: every package imports only the floors below it, and the ground floor imports none."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# what each package may import from the project (itself included)
MAY_IMPORT = {
    "film": {"film"},
    "prompts": {"prompts"},
    "tools": {"film", "tools"},
    "memory": {"film", "memory"},
    "agents": {"film", "tools", "memory", "prompts", "agents"},
    "filmcrew": {"film", "tools", "memory", "prompts", "agents", "filmcrew"},
}


def project_imports(path: Path) -> set[str]:
    """The project packages a module imports, at the top or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else []
        found |= {n.split(".")[0] for n in names} & MAY_IMPORT.keys()
    return found


def test_no_import_runs_up_a_floor():
    upward = []
    for package, allowed in MAY_IMPORT.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            for target in sorted(project_imports(path) - allowed):
                upward.append(f"{path.relative_to(ROOT)} imports {target}")
    assert upward == []


def test_the_checker_sees_an_upward_import(tmp_path):
    bad = tmp_path / "m.py"
    bad.write_text("def f():\n    from filmcrew.session import drive\n")
    assert project_imports(bad) == {"filmcrew"}
