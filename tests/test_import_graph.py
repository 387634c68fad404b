"""The package's modules import each other without a cycle.

Every import counts, relative or absolute, at the top of a module or inside a function: an
import inside a function only postpones a cycle, it does not remove it.
"""

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "analysis"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that the file imports: `from . import x` names module x where
    there is one, else the package itself."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                       for alias in node.names]
        else:
            continue
        found |= {target for target in targets if target in modules}
    return found - {name}


def import_graph() -> nx.DiGraph:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for path in paths:
        graph.add_edges_from((module_name(path), target)
                             for target in imported_modules(path, modules))
    return graph


def test_the_graph_sees_relative_absolute_and_function_level_imports():
    graph = import_graph()
    assert graph.has_edge("analysis.dataset", "analysis.rules.places")  # from .rules.places …
    assert graph.has_edge("analysis.rules.places", "analysis.geography")  # from .. import module
    assert graph.has_edge("analysis.rules.declared", "analysis.rules")  # from . import name
    assert graph.has_edge("analysis", "analysis.dataset")  # inside __getattr__
    assert graph.has_edge("analysis.provenance", "analysis.importers.vinnova")  # in a function


def test_no_import_cycle():
    cycles = sorted(" → ".join(cycle + cycle[:1]) for cycle in nx.simple_cycles(import_graph()))
    assert not cycles, "import cycles:\n" + "\n".join(cycles)
