"""R's ``table()``: a table of counts from two label vectors, printed as R prints
it, and a table of counts read as caret's ``confusionMatrix.table`` reads one
(levels, dimension names, checks).

Levels follow R's factors (see :mod:`skcnn.metrics._labels`).
"""

from __future__ import annotations

import string
from typing import Any

import numpy as np
import pandas as pd

from .._labels import native
from .._rprint import r_table_lines
from ._labels import _as_labels, _check_same_length, _codes, _counts, _own_levels

__all__ = ["RTable", "table"]


def _check_dnn(dnn: Any) -> tuple[str, str]:
    if not (
        isinstance(dnn, tuple | list) and len(dnn) == 2 and all(isinstance(d, str) for d in dnn)
    ):
        raise ValueError(f"dnn must be two strings (row name, column name), got {dnn!r}.")
    return dnn[0], dnn[1]


class RTable(pd.DataFrame):
    """A DataFrame of counts that prints like R's ``table()``.

    Returned by :func:`table` and as ``ConfusionMatrixReport.table``. Only the
    printed form differs from a DataFrame; anything derived from it (a slice,
    arithmetic, a copy) is a plain DataFrame or Series.
    """

    @property
    def _constructor(self):
        return pd.DataFrame

    def __repr__(self) -> str:
        if not all(pd.api.types.is_integer_dtype(t) for t in self.dtypes):
            return pd.DataFrame.__repr__(self)
        return "\n".join(r_table_lines(self))

    __str__ = __repr__


def _make_table(counts, row_levels, col_levels, dnn) -> RTable:
    return RTable(
        counts,
        index=pd.Index(row_levels, name=dnn[0], tupleize_cols=False),
        columns=pd.Index(col_levels, name=dnn[1], tupleize_cols=False),
    )


def table(actual, predicted, labels=None, dnn=("actual", "predicted")) -> RTable:
    """Cross-tabulate two label vectors like R's ``table(actual, predicted)``.

    Parameters
    ----------
    actual : array-like of shape (n_samples,)
        Labels for the rows (R's first argument), e.g. the true classes.
    predicted : array-like of shape (n_samples,)
        Labels for the columns, e.g. the predicted classes.
    labels : array-like, optional
        Levels of both margins, in order. Levels nobody has are kept as rows and
        columns of zeros, like the empty levels of an R factor. By default each
        margin has its own levels, as in R: a Categorical's categories, or else
        the sorted unique values.
    dnn : tuple of two str, default ("actual", "predicted")
        Names of the row and column dimensions (R's ``dnn``).

    Returns
    -------
    RTable
        A DataFrame of integer counts, rows indexed by the levels of ``actual``
        and columns by those of ``predicted``, whose ``repr`` is R's layout.

    Raises
    ------
    ValueError
        If the inputs are empty, of different lengths, contain missing values, or
        hold labels outside ``labels``.

    See Also
    --------
    confusion_matrix_report : caret's statistics, with rows = prediction.

    Examples
    --------
    >>> from skcnn.metrics import table
    >>> t = table([0, 0, 1, 1, 1], [0, 1, 1, 1, 0])
    >>> t
          predicted
    actual 0 1
         0 1 1
         1 1 2
    >>> int(t.loc[1, 1])
    2
    >>> table(["cat", "dog"], ["cat", "cat"], labels=["cat", "dog", "eel"])
          predicted
    actual cat dog eel
       cat   1   0   0
       dog   1   0   0
       eel   0   0   0
    """
    dnn = _check_dnn(dnn)
    rows, row_cats = _as_labels(actual, "actual")
    cols, col_cats = _as_labels(predicted, "predicted")
    _check_same_length(rows, cols, ("actual", "predicted"))
    row_levels = _own_levels(rows, row_cats, labels)
    col_levels = _own_levels(cols, col_cats, labels)
    counts = _counts(
        _codes(rows, row_levels, "actual"),
        _codes(cols, col_levels, "predicted"),
        len(row_levels),
        len(col_levels),
    )
    return _make_table(counts, row_levels, col_levels, dnn)


# --------------------------------------------------------------------------
# Tables of counts, as caret's confusionMatrix.table reads them
# --------------------------------------------------------------------------


def _as_table_levels(k: int) -> list[str]:
    """The level names R's ``as.table()`` gives a matrix without dimnames.

    ``provideDimnames(base = list(LETTERS))``: A, ..., Z, then A1, ..., Z1, A2, ...
    """
    return [string.ascii_uppercase[i % 26] + (str(i // 26) if i >= 26 else "") for i in range(k)]


def _first_cell(mask: np.ndarray, rows: list, cols: list) -> str:
    i, j = (int(v) for v in np.argwhere(mask)[0])
    return f"row {rows[i]!r}, column {cols[j]!r}"


def _check_counts(values: np.ndarray, rows: list, cols: list, name: str) -> np.ndarray:
    """Counts as int64: finite, non-negative whole numbers."""
    if values.dtype.kind == "b":
        raise ValueError(f"{name} must hold counts (numbers), got booleans.")
    try:
        as_float = values.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must hold counts (numbers), got values of dtype {values.dtype}."
        ) from None
    bad = ~np.isfinite(as_float)
    if bad.any():
        raise ValueError(
            f"{name} has a missing or infinite count ({_first_cell(bad, rows, cols)}); "
            "every cell must be a count of samples."
        )
    if (as_float < 0).any():
        raise ValueError(
            f"{name} has negative counts ({_first_cell(as_float < 0, rows, cols)}); counts "
            "must be non-negative whole numbers (R: \"all entries of 'x' must be "
            'nonnegative and finite").'
        )
    fractional = as_float != np.floor(as_float)
    if fractional.any():
        raise ValueError(
            f"{name} has counts that are not whole numbers "
            f"({_first_cell(fractional, rows, cols)}); pass counts of samples, not "
            "proportions or rates."
        )
    return values.astype(np.int64)


def _table_counts(
    table: Any, name: str, *, allow_empty: bool = False
) -> tuple[np.ndarray, list, tuple]:
    """Counts, levels and dimension names of a square table (rows = prediction).

    A DataFrame brings its levels (index and columns must agree) and its axis
    names; an array or nested list gets R's ``as.table()`` levels A, B, C, ...
    and no axis names, as in R. A table of zeros is refused unless
    ``allow_empty`` (caret's confusionMatrix answers NA and NaN for it).
    """
    if isinstance(table, pd.DataFrame):
        rows = [native(v) for v in table.index]
        cols = [native(v) for v in table.columns]
        dnn = (table.index.name, table.columns.name)
        if dnn == ("actual", "predicted"):
            raise ValueError(
                f"{name} looks like table(actual, predicted), whose rows are the true "
                "classes; caret's layout has rows = Prediction, columns = Reference: "
                "pass its transpose (.T)."
            )
        values = table.to_numpy()
    else:
        values = np.asarray(table)
        rows = cols = None
        dnn = (None, None)
    if values.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D table of counts (rows = Prediction, columns = "
            f'Reference), got {values.ndim} dimension(s) (caret: "the table must have '
            'two dimensions").'
        )
    n_rows, n_cols = values.shape
    if n_rows != n_cols:
        raise ValueError(
            f"{name} must be square, one row and one column per class (rows = "
            f"Prediction, columns = Reference), got {n_rows} rows and {n_cols} columns; "
            "add the missing classes as rows or columns of zeros."
        )
    if rows is None:
        rows = cols = _as_table_levels(n_rows)
    elif rows != cols:
        raise ValueError(
            f"{name} has rows {rows} but columns {cols}; caret needs the same classes in "
            'the same order on both ("the table must the same classes in the same '
            'order"): reorder the columns, e.g. table.loc[:, list(table.index)].'
        )
    elif len(set(rows)) != len(rows):
        raise ValueError(f"{name} names a class twice: {rows}; name each class once.")
    if n_rows < 2:
        found = f"a single level ({rows[0]!r})" if rows else "no levels"
        raise ValueError(
            f'{name} has {found}; caret needs at least two ("there must be at least 2 '
            'factors levels in the data"): add a row and a column for the other class(es).'
        )
    counts = _check_counts(values, rows, cols, name)
    if counts.sum() == 0 and not allow_empty:
        raise ValueError(f"{name} has no counts (every cell is 0); there is nothing to measure.")
    return counts, rows, dnn
