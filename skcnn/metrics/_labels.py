"""Label vectors as R's factors: levels, codes and counts.

Levels follow R's factors: sorted unique values unless ``labels`` names them
(empty levels are kept), and a pandas ``Categorical`` brings its categories.
Strings sort by code point, as R does in the C locale.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._labels import native


def _as_labels(y: Any, name: str) -> tuple[np.ndarray, list | None]:
    """Return the labels as a 1-D array and, for a Categorical, its categories."""
    values, categories = _label_vector(y, name)
    missing = np.flatnonzero(pd.isna(values))
    if missing.size:
        raise ValueError(
            f"{name} has {missing.size} missing label(s) (NaN/None), first at position "
            f"{missing[0]}; drop or fill those samples first (R's table() would "
            "silently leave them out)."
        )
    return values, categories


def _label_vector(y: Any, name: str) -> tuple[np.ndarray, list | None]:
    """Labels as a 1-D, non-empty array and a Categorical's categories; missing
    labels (NaN/None) are kept."""
    if isinstance(y, pd.DataFrame):
        raise ValueError(f"{name} must be 1-D labels, got a DataFrame; pass one column.")
    dtype = getattr(y, "dtype", None)
    categories = None
    if isinstance(dtype, pd.CategoricalDtype):
        categories = [native(c) for c in dtype.categories]
    values = np.asarray(y, dtype=object if categories is not None else None)
    if values.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D labels, got shape {values.shape}; "
            "flatten it (np.ravel) or pass predicted labels, not probabilities."
        )
    if values.size == 0:
        raise ValueError(f"{name} is empty; pass at least one label.")
    return values, categories


def _check_same_length(a: np.ndarray, b: np.ndarray, names: tuple[str, str]) -> None:
    if a.shape[0] != b.shape[0]:
        raise ValueError(
            f"{names[0]} and {names[1]} have different lengths ({a.shape[0]} and "
            f"{b.shape[0]}); pass one prediction per sample."
        )


def _sorted_unique(*arrays: np.ndarray) -> list:
    """R's factor levels: the sorted unique values."""
    seen = {native(v) for a in arrays for v in pd.unique(a)}
    try:
        return sorted(seen)
    except TypeError:
        kinds = sorted({type(v).__name__ for v in seen})
        raise ValueError(
            f"labels mix types ({', '.join(kinds)}) that cannot be sorted into levels; "
            "convert them to one type (e.g. astype(str)) or pass `labels`."
        ) from None


def _check_labels(labels: Any) -> list:
    levels = [native(v) for v in ([labels] if isinstance(labels, str) else list(labels))]
    if not levels:
        raise ValueError("labels is empty; name at least one level or pass labels=None.")
    if any(pd.isna(v) for v in levels):
        raise ValueError("labels contains a missing value (NaN/None); remove it.")
    if len(set(levels)) != len(levels):
        raise ValueError(f"labels has duplicates: {levels}; name each level once.")
    return levels


def _own_levels(values: np.ndarray, categories: list | None, labels: Any) -> list:
    """Levels of one vector, as R's factor() gives them (used by table())."""
    if labels is not None:
        return _check_labels(labels)
    if categories is not None:
        return categories
    return _sorted_unique(values)


def _shared_levels(truth, truth_cats, pred, pred_cats, labels) -> list:
    """One set of levels for both vectors, as caret requires."""
    if labels is not None:
        return _check_labels(labels)
    if truth_cats is None and pred_cats is None:
        return _sorted_unique(truth, pred)
    levels = list(truth_cats or [])
    levels += [c for c in (pred_cats or []) if c not in levels]
    extra = [v for v in _sorted_unique(truth, pred) if v not in levels]
    return levels + extra


def _codes(values: np.ndarray, levels: list, name: str) -> np.ndarray:
    codes = pd.Index(levels, dtype=object).get_indexer(values.astype(object))
    unknown = codes < 0
    if unknown.any():
        bad = [native(v) for v in pd.unique(values[unknown])[:10]]
        raise ValueError(
            f"{name} has labels that are not among the levels {levels}: {bad}; "
            "add them to `labels` or drop those samples."
        )
    return codes


def _counts(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int) -> np.ndarray:
    flat = np.bincount(rows * n_cols + cols, minlength=n_rows * n_cols)
    return flat.reshape(n_rows, n_cols).astype(np.int64)
