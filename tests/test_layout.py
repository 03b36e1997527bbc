"""The package's layout: the layering rule of DESIGN.md, and every public name importable."""

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import check_imports  # noqa: E402


def test_the_import_graph_follows_the_layers():
    """No circle, no import from a lower layer to a higher one, no private
    module or name taken across packages (tools/check_imports.py)."""
    assert check_imports.check() == []


def test_the_checker_sees_an_upward_import_a_circle_and_a_private_name(tmp_path, monkeypatch):
    package = tmp_path / "skcnn"
    (package / "metrics").mkdir(parents=True)
    (package / "_training").mkdir()
    (package / "__init__.py").write_text("")
    (package / "_training" / "__init__.py").write_text("")
    (package / "_training" / "loop.py").write_text("from ..metrics._roc import _curve\n")
    (package / "metrics" / "__init__.py").write_text("")
    (package / "metrics" / "_roc.py").write_text("from ..estimator import X\n")
    (package / "estimator.py").write_text("from ._training import loop\n")
    (package / "stray.py").write_text("")
    monkeypatch.setattr(check_imports, "ROOT", package)
    problems = "\n".join(check_imports.check())
    upward = "skcnn.metrics._roc (architectures, metrics, model selection) imports skcnn.estimator"
    assert upward in problems
    assert "inside the private skcnn.metrics._roc" in problems
    assert "imports private _curve" in problems
    circle = "import circle: skcnn._training.loop -> skcnn.metrics._roc -> skcnn.estimator"
    assert circle in problems
    assert "skcnn.stray: in no layer" in problems


def _documented_names():
    """(module, name) for every entry of docs/api.rst's autosummary tables."""
    module, names = None, []
    for line in (ROOT / "docs" / "api.rst").read_text().splitlines():
        found = re.match(r"\.\. currentmodule:: (\S+)", line)
        if found:
            module = found.group(1)
        elif re.match(r"   [A-Za-z_][\w.]*$", line) and module:
            names.append((module, line.strip()))
    return names


DOCUMENTED = _documented_names()


def test_the_api_reference_lists_names():
    assert len(DOCUMENTED) > 50
    assert ("skcnn", "CNNClassifier") in DOCUMENTED and ("skcnn", "keras_objects") in DOCUMENTED


@pytest.mark.parametrize(("module", "name"), DOCUMENTED, ids=[".".join(p) for p in DOCUMENTED])
def test_every_documented_name_imports_from_its_public_path(module, name):
    assert getattr(importlib.import_module(module), name) is not None


def test_every_name_in_skcnn_all_imports_and_import_skcnn_stays_light():
    code = (
        "import sys, skcnn\n"
        "heavy = [m for m in sys.modules\n"
        "         if m.split('.')[0] in ('tensorflow', 'keras', 'matplotlib')]\n"
        "assert not heavy, heavy[:5]\n"
        "missing = [n for n in skcnn.__all__ if getattr(skcnn, n, None) is None]\n"
        "assert not missing, missing\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


def test_long_modules_say_why_they_are_one_thing():
    """Past ~800 lines a module must be one thing, and its docstring says so."""
    for path in sorted((ROOT / "skcnn").rglob("*.py")):
        lines = path.read_text().splitlines()
        if len(lines) > 850:
            head = "\n".join(lines[:60])
            assert "One thing:" in head, f"{path.relative_to(ROOT)}: {len(lines)} lines"
