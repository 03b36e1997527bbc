"""Release the training-step graphs that TensorFlow's gradient registry keeps alive.

Why this module exists
----------------------
Every ``tf.distribute`` all-reduce traced in a graph -- the optimizer sums its
gradients across replicas with one in each training step, even under the
default strategy; a synchronized batch normalization adds more -- is wrapped
in a ``tf.custom_gradient``. In graph mode that decorator registers a gradient
function under a fresh name (``"CustomGradient-<uid>"``) in TensorFlow's
process-wide gradient registry and never removes it
(`tensorflow/tensorflow#97697 <https://github.com/tensorflow/tensorflow/issues/97697>`_).
The function's closures hold the traced tensors, hence the ``FuncGraph`` of
the training step, hence every graph and variable that step captured: the
whole network outlives its estimator, and each fit in one process adds its
share (about 8 MB for a tiny network, gigabytes over a grid search). Raw Keras
leaks the same way.

A training step's gradients are computed while it is traced, so once the fit
has returned nothing looks these entries up again. :func:`released_step_graphs`
wraps a fit and, when it ends (also on an exception), removes from the
registry the all-reduce entries that were added during it, and only those:
a user's own ``tf.custom_gradient`` registrations, and everything present
before the fit, stay. The registry is private TensorFlow state; if its layout
changes the accessor returns ``None`` and the context manager does nothing.

TensorFlow is never imported here: it is read from ``sys.modules`` once loaded,
so ``import skcnn`` stays light.
"""

from __future__ import annotations

import contextlib
import sys
import threading

__all__ = ["released_step_graphs"]

# The gradient ``ReplicaContextBase.all_reduce`` passes to tf.custom_gradient
# (tensorflow/python/distribute/distribute_lib.py).
_ALL_REDUCE_GRADIENT = "all_reduce.<locals>.grad_wrapper"
# Closures between a registry entry and that function: internal_grad_fn ->
# tape_grad_fn -> the all-reduce's own gradient (one spare level).
_CLOSURE_DEPTH = 3

# Fits may overlap (joblib's threading backend): the registry is pruned when
# the last one running ends, of the entries added since the first one began,
# so that no fit loses an entry its graph is still being traced with.
_LOCK = threading.Lock()
_STATE = {"active": 0, "before": frozenset()}


def _gradient_registry():
    """The dict behind TensorFlow's gradient registry, or None when TensorFlow
    is not loaded or its private layout is not the one known here."""
    ops = sys.modules.get("tensorflow.python.framework.ops")
    registry = getattr(ops, "gradient_registry", None) or getattr(ops, "_gradient_registry", None)
    entries = getattr(registry, "_registry", None)
    return entries if isinstance(entries, dict) else None


def _is_all_reduce_gradient(name, entry):
    """Whether registry entry ``name`` is the custom gradient of a
    ``tf.distribute`` all-reduce: a ``"CustomGradient-"`` name whose gradient
    function's closures reach the all-reduce's own gradient."""
    if not (isinstance(name, str) and name.startswith("CustomGradient-")):
        return False
    functions = [entry.get("type") if isinstance(entry, dict) else None]
    for _ in range(_CLOSURE_DEPTH):
        inner = []
        for function in functions:
            for cell in getattr(function, "__closure__", None) or ():
                try:
                    value = cell.cell_contents
                except ValueError:  # an empty cell
                    continue
                if _ALL_REDUCE_GRADIENT in str(getattr(value, "__qualname__", "")) and str(
                    getattr(value, "__module__", "")
                ).startswith("tensorflow."):
                    return True
                if getattr(value, "__closure__", None):
                    inner.append(value)
        functions = inner
    return False


def _release(before):
    """Remove the all-reduce entries not in ``before``; their number."""
    registry = _gradient_registry()
    if registry is None:
        return 0
    added = [
        name
        for name, entry in list(registry.items())
        if name not in before and _is_all_reduce_gradient(name, entry)
    ]
    for name in added:
        registry.pop(name, None)
    return len(added)


@contextlib.contextmanager
def released_step_graphs():
    """Around a fit: on exit, drop the all-reduce gradients it registered.

    TensorFlow not loaded yet on entry means no entry existed before: all the
    all-reduce gradients found on exit were added inside. Nested and
    overlapping uses prune once, when the last one exits.

    Examples
    --------
    >>> from skcnn._training.graph_release import released_step_graphs
    >>> with released_step_graphs():
    ...     pass  # model.fit(...)
    """
    with _LOCK:
        if _STATE["active"] == 0:
            registry = _gradient_registry()
            _STATE["before"] = frozenset(registry) if registry is not None else frozenset()
        _STATE["active"] += 1
    try:
        yield
    finally:
        with _LOCK:
            _STATE["active"] -= 1
            if _STATE["active"] == 0:
                before, _STATE["before"] = _STATE["before"], frozenset()
                _release(before)
