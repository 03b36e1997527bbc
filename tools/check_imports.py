"""Check skcnn's import graph against the layering rule (docs/layout.rst, DESIGN.md).

Usage (from the repository root)::

    python tools/check_imports.py          # exit status 1 and one line per problem

Every ``import`` and ``from ... import`` of a module inside ``skcnn/`` counts,
those inside functions too (a lazy import is still a dependency). Three rules:

1. **Layers**: a module imports only from its own layer or below. The layers,
   top to bottom, are :data:`LAYERS`; a module belongs to the first entry whose
   prefix names it or one of its parent packages. A module no entry names is
   itself a problem: a new module is placed in a layer before it lands.
2. **No circles**: the graph of the package's modules has no cycle (a
   package's ``__init__`` counts as the modules it hands names on from).
3. **No private names across packages**: a module imports another package's
   private module (``skcnn.metrics._roc`` from outside ``skcnn.metrics``) or a
   ``_name`` of another package's module only through the layer below both,
   that is, the private modules of the root package (``skcnn._rprint``,
   ``skcnn._keras``), which are the shared helpers.

Reads the source only (``ast``): nothing is imported, so it runs in a second.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "skcnn"

# Top to bottom. A prefix names a module or a package (and everything in it).
LAYERS = [
    ("command line", ["skcnn.cli", "skcnn._cli", "skcnn.__main__"]),
    (
        "estimators",
        [
            "skcnn.estimator",
            "skcnn.regressor",
            "skcnn.feature_extractor",
            "skcnn._estimators",
        ],
    ),
    (
        "training, inputs, inspection, plotting, datasets",
        [
            "skcnn._training",
            "skcnn._inputs",
            "skcnn.inspection",
            "skcnn.plotting",
            "skcnn.datasets",
            "skcnn._fitted",
        ],
    ),
    (
        "architectures, metrics, model selection",
        [
            "skcnn.architectures",
            "skcnn.metrics",
            "skcnn.model_selection",
        ],
    ),
    (
        "shared helpers",
        [
            "skcnn._rprint",
            "skcnn._rstats",
            "skcnn._files",
            "skcnn.layers",
            "skcnn.schedules",
            "skcnn._keras",
            "skcnn._docs",
            "skcnn._checks",
            "skcnn._labels",
        ],
    ),
]
# The package itself re-exports the public names lazily: it is above everything.
TOP = "skcnn"


def module_name(path):
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_package(name):
    return (ROOT.parent / name.replace(".", "/") / "__init__.py").exists()


def known(name):
    """``name`` if it is a module of skcnn, else its parent that is (or None)."""
    while name.startswith(TOP):
        path = ROOT.parent / name.replace(".", "/")
        if path.with_suffix(".py").exists() or (path / "__init__.py").exists():
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(path, name):
    """(imported module, imported names, line) for every skcnn import in ``path``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name if is_package(name) else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(TOP + ".") or alias.name == TOP:
                    found.append((alias.name, [], node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not (target == TOP or target.startswith(TOP + ".")):
                continue
            names = [alias.name for alias in node.names]
            # ``from . import _x`` names a module, not an attribute.
            submodules = [n for n in names if known(f"{target}.{n}") == f"{target}.{n}"]
            for sub in submodules:
                found.append((f"{target}.{sub}", [], node.lineno))
            rest = [n for n in names if n not in submodules]
            if rest or not submodules:
                found.append((target, rest, node.lineno))
    return found


def layer_of(name):
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if name == prefix or name.startswith(prefix + "."):
                return index
    return None


def package_of(name):
    return name if is_package(name) else name.rpartition(".")[0]


def _within(name, package):
    return name == package or name.startswith(package + ".")


def hidden_module(importer, target):
    """The private part of ``target`` that ``importer`` may not see, or None.

    A private module or package (``_x``) is visible inside the package that
    holds it, subpackages included: ``skcnn._rprint`` everywhere in skcnn,
    ``skcnn.metrics._roc`` only inside ``skcnn.metrics``.
    """
    parts = target.split(".")
    for k in range(1, len(parts)):
        if parts[k].startswith("_") and not parts[k].startswith("__"):
            if not _within(importer, ".".join(parts[:k])):
                return ".".join(parts[: k + 1])
    return None


def check():
    problems = []
    graph = {}
    for path in sorted(ROOT.rglob("*.py")):
        name = module_name(path)
        edges = graph.setdefault(name, set())
        if name != TOP and layer_of(name) is None:
            problems.append(f"{name}: in no layer of tools/check_imports.py LAYERS; place it")
        for target, names, line in imports_of(path, name):
            target = known(target) or target
            where = f"{path.relative_to(ROOT.parent)}:{line}"
            if target == name or name == TOP:
                continue
            edges.add(target)
            if target == TOP:
                continue  # the package's lazy re-exports (``__version__``) import nothing
            mine, theirs = layer_of(name), layer_of(target)
            if mine is not None and theirs is not None and theirs < mine:
                problems.append(
                    f"{where}: {name} ({LAYERS[mine][0]}) imports {target}, "
                    f"a layer above ({LAYERS[theirs][0]})"
                )
            hidden = hidden_module(name, target)
            if hidden is not None:
                problems.append(
                    f"{where}: {name} imports {target}, inside the private {hidden}; "
                    f"import it from its package, or move what both use to the layer below"
                )
            # A private name is for the modules of its own package.
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private and package_of(target) != package_of(name):
                problems.append(
                    f"{where}: {name} imports private {', '.join(private)} of {target}; "
                    f"give it a public name in the layer below both"
                )
    problems += [f"import circle: {' -> '.join(cycle)}" for cycle in cycles(graph)]
    return problems


def cycles(graph):
    """One cycle through each strongly connected component of two or more modules."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in graph:
                continue
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(_cycle_in(sorted(component), graph))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _cycle_in(component, graph):
    """A shortest path from the component's first module back to itself."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for succ in sorted(graph.get(node, ())):
            if succ == start:
                return paths[node] + [start]
            if succ in members and succ not in paths:
                paths[succ] = paths[node] + [succ]
                queue.append(succ)
    return component


def main():
    problems = check()
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
