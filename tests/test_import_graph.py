"""No import circle among renovex's modules at import time (issue 13): imports inside
functions (the lazy ones, which keep `import renovex` free of pandas) are not counted."""
import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "renovex"


def _module_imports() -> dict[str, set[str]]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        modules[name.removesuffix(".__init__")] = path
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.parse(path.read_text(encoding="utf-8")).body:  # top level only
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
                submodules = {f"{target}.{alias.name}" for alias in node.names} & set(modules)
                graph[name] |= submodules or ({target} & set(modules))
    return graph


def _cycles(graph: dict[str, set[str]]) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()

    def walk(node: str, path: list[str]) -> None:
        for nxt in graph.get(node, ()):
            if nxt in path:
                found.add(tuple(path[path.index(nxt):]))
            else:
                walk(nxt, path + [nxt])

    for start in list(graph):
        walk(start, [start])
    return found


def test_no_module_imports_itself_back_at_import_time():
    assert _cycles(_module_imports()) == set()


def test_the_check_sees_a_circle():
    assert _cycles({"a": {"b"}, "b": {"a"}}) == {("a", "b"), ("b", "a")}
