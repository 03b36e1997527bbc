"""Argument checks that modules on every layer share.

A private module of the root package, at the bottom layer: it imports nothing of
skcnn (scikit-learn only when a check runs).
"""

from __future__ import annotations

import numpy as np

__all__ = ["check_fitted", "is_auto", "positive_int"]


def is_auto(value):
    """Whether a parameter is the string ``"auto"`` (an array is not: ``==``
    would compare it element by element).

    Examples
    --------
    >>> from skcnn._checks import is_auto
    >>> is_auto("auto"), is_auto(0.1), is_auto(None)
    (True, False, False)
    """
    return isinstance(value, str) and value == "auto"


def positive_int(value, name):
    """``value`` as an int if it is an int (not a bool) of at least 1.

    Raises
    ------
    ValueError
        Otherwise: "``name`` must be a positive int, got ``value``."
    """
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}.")
    return int(value)


def check_fitted(estimator, extra=()):
    """Raise sklearn's ``NotFittedError`` unless ``estimator`` is fitted.

    A skcnn estimator (one with ``model_``), or any estimator when ``extra`` is
    empty, must have ``model_`` and ``input_shape_``; another estimator must have
    the attributes ``extra`` names (``("classes_",)`` for any classifier).
    """
    from sklearn.utils.validation import check_is_fitted

    if hasattr(estimator, "model_") or not extra:
        check_is_fitted(estimator, ("model_", "input_shape_"))
    else:
        check_is_fitted(estimator, extra)
