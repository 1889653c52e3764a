"""One concept per file: no module of the product runs past 800 lines and no function past 80, so a file that
starts to hold a second concept is split by it before it grows (the limits issue 26 set)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("film", "prompts", "tools", "memory", "agents", "filmcrew")
MODULE_LINES = 800
FUNCTION_LINES = 80


def too_long(path: Path) -> list[str]:
    """What in one module is over the limits: the module itself, and each function with its line count."""
    text = path.read_text(encoding="utf-8")
    found = [f"{path.name}: {len(text.splitlines())} lines"] if len(text.splitlines()) > MODULE_LINES else []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > FUNCTION_LINES:
                found.append(f"{path.name}:{node.lineno} {node.name}: {length} lines")
    return found


def test_no_module_or_function_of_the_product_is_over_its_limit():
    over = [f"{path.relative_to(ROOT).parent}/{said}" for package in PACKAGES
            for path in sorted((ROOT / package).rglob("*.py")) for said in too_long(path)]
    assert over == []


def test_the_checker_sees_a_long_function_and_a_long_module(tmp_path):
    body = "".join(f"    x{i} = {i}\n" for i in range(FUNCTION_LINES))
    module = tmp_path / "m.py"
    module.write_text("def f():\n" + body + "\n" * (MODULE_LINES - FUNCTION_LINES))
    assert too_long(module) == [f"m.py: {MODULE_LINES + 1} lines", f"m.py:1 f: {FUNCTION_LINES + 1} lines"]
    module.write_text("def f():\n" + body[:-len(f"    x{FUNCTION_LINES - 1} = {FUNCTION_LINES - 1}\n")])
    assert too_long(module) == []
