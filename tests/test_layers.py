"""The layers (issue 13): each package of renovex imports only from its own layer and the
layers below it, and the engines never import spaCy. The order and the few imports that
go up on purpose (inside a function, to run the whole pipeline for a convenience call) are
written here and in docs/architecture.md."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "renovex"

LAYERS = ("core", "engines", "rules", "pipeline", "io", "analysis", "api", "cli", "package")
"""Lowest first. ``api`` is renovex/api.py; ``package`` is renovex/__init__.py and __main__.py."""

UPWARD_INSIDE_FUNCTIONS = {
    ("renovex.pipeline.pieces", "renovex.api"): "pieces of a long text go through api.process, the one runner",
    ("renovex.io.review", "renovex.api"): "render(text) runs the pipeline for a notebook user",
    ("renovex.io.dask_adapter", "renovex.api"): "each Dask partition loads the pipeline once",
    ("renovex.pipeline.batch", "renovex.pipeline.pieces"): "same layer",
}
"""Imports to a higher layer allowed inside a function, with why; none is allowed at import time."""

NO_SPACY = ("core", "engines", "analysis")


def layer_of(module: str) -> str:
    parts = module.split(".")
    if module in ("renovex", "renovex.__main__"):
        return "package"
    return parts[1] if parts[1] in LAYERS else "unknown"


def imports() -> list[tuple[str, str, bool]]:
    """(importing module, imported renovex module or ``spacy``, at import time?) for every import."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        modules[name.removesuffix(".__init__")] = path
    found = []
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            at_import = id(node) in top_level
            if isinstance(node, ast.Import):
                found += [(name, "spacy", at_import) for alias in node.names if alias.name.split(".")[0] == "spacy"]
            elif isinstance(node, ast.ImportFrom):
                if not node.level:
                    if (node.module or "").split(".")[0] == "spacy":
                        found.append((name, "spacy", at_import))
                    continue
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
                named = {f"{target}.{alias.name}" for alias in node.names} & set(modules)
                found += [(name, t, at_import) for t in (named or {target})]
    return found


def test_every_module_is_in_a_layer():
    assert {module for module, _, _ in imports() if layer_of(module) == "unknown"} == set()


def test_no_import_goes_up_the_layers():
    wrong = []
    for module, target, at_import in imports():
        if target == "spacy":
            continue
        own, other = LAYERS.index(layer_of(module)), LAYERS.index(layer_of(target))
        if other > own and (at_import or (module, target) not in UPWARD_INSIDE_FUNCTIONS):
            wrong.append(f"{module} ({layer_of(module)}) imports {target} ({layer_of(target)})"
                         + ("" if at_import else " inside a function"))
    assert wrong == []


def test_the_engines_core_and_analysis_never_import_spacy():
    assert [m for m, target, _ in imports() if target == "spacy" and layer_of(m) in NO_SPACY] == []


def test_the_check_sees_an_upward_import():
    assert LAYERS.index(layer_of("renovex.cli")) > LAYERS.index(layer_of("renovex.engines.timex"))
    assert layer_of("renovex.pipeline.components.places") == "pipeline"
    assert layer_of("renovex") == "package"


def test_what_a_user_catches_has_a_short_name():
    import renovex
    from renovex.core.resources import RuleFileError
    from renovex.io.articles import InputWarning

    assert renovex.RuleFileError is RuleFileError and renovex.InputWarning is InputWarning
    for name in ("InputWarning", "OutputError", "OverBudgetWarning", "RecordError", "RuleFileError"):
        assert issubclass(getattr(renovex, name), (ValueError, UserWarning)) and name in renovex.__all__
