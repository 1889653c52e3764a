"""The house on floors: every package imports only the floors below it, and the ground floor imports none."""

from __future__ import annotations

import ast
from functools import lru_cache
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


@lru_cache(maxsize=None)
def import_nodes(path: Path) -> tuple[ast.AST, ...]:
    """The import statements of a module, at the top or inside functions (parsed once per test session)."""
    return tuple(node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, (ast.Import, ast.ImportFrom)))


def project_imports(path: Path) -> set[str]:
    """The project packages a module imports, at the top or inside functions."""
    found = set()
    for node in import_nodes(path):
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


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_imports(path: Path, modules: set[str]) -> set[str]:
    """The project modules a module imports, at the top or inside functions (`from a import b` names the module
    a.b where b is one, else a)."""
    found = set()
    for node in import_nodes(path):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                      for a in node.names}
    return found & modules


def import_graph(root: Path, packages) -> dict[str, set[str]]:
    paths = {module_name(p, root): p for package in packages for p in sorted((root / package).rglob("*.py"))}
    return {name: module_imports(path, set(paths)) - {name} for name, path in paths.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other round a loop (Tarjan's strongly connected components of
    more than one module), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))
    return found


def test_no_two_modules_import_each_other_round_a_loop():
    assert cycles(import_graph(ROOT, MAY_IMPORT)) == []


def test_the_checker_sees_a_loop_of_imports(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "a.py").write_text("from pkg import b\n")
    (tmp_path / "pkg" / "b.py").write_text("def f():\n    from pkg.c import g\n")
    (tmp_path / "pkg" / "c.py").write_text("import pkg.a\n")
    (tmp_path / "pkg" / "d.py").write_text("from pkg.a import x\n")
    assert cycles(import_graph(tmp_path, ["pkg"])) == [["pkg.a", "pkg.b", "pkg.c"]]


def test_the_studio_and_the_command_line_never_import_each_other():
    graph = import_graph(ROOT, MAY_IMPORT)
    assert sorted(m for m in graph if m.startswith("filmcrew.studio") and "filmcrew.cli" in graph[m]) == []
    assert sorted(m for m in graph["filmcrew.cli"] if m.startswith("filmcrew.studio")) == []
