"""Input checks for image arrays and labels.

Every function here raises before any training starts, with a message that
names the problem and the fix, and never touches the estimator it checks.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.sparse import issparse
from sklearn.utils import check_array, column_or_1d
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import _get_feature_names

__all__ = ["FlatImageWarning", "ImageBatch", "check_images", "check_labels", "mapping_as_frame"]


class FlatImageWarning(UserWarning):
    """Flat rows that are not a square image were read as one-row signals."""


@dataclass(frozen=True)
class ImageBatch:
    """A validated batch of images.

    Attributes
    ----------
    images : ndarray of shape (n_samples, height, width, channels)
        uint8 when the input was uint8 (no copy), float32 otherwise.
    image_shape : tuple of int
        (height, width, channels).
    n_features : int
        Values per image, ``height * width * channels``.
    flat : bool
        Whether the input was 2-D (one row per image).
    feature_names : ndarray of str or None
        Column names of a DataFrame input.
    """

    images: np.ndarray
    image_shape: tuple
    n_features: int
    flat: bool
    feature_names: np.ndarray | None


def normalize_input_shape(input_shape):
    """Return ``input_shape`` as (height, width, channels); (h, w) means one channel."""
    shape = tuple(input_shape)
    if len(shape) == 2:
        shape = (*shape, 1)
    if len(shape) != 3 or not all(isinstance(s, (int, np.integer)) and s >= 1 for s in shape):
        raise ValueError(
            f"input_shape must be (height, width) or (height, width, channels) of positive "
            f"ints, got {input_shape!r}."
        )
    return tuple(int(s) for s in shape)


def infer_image_shape(n_features, input_shape=None):
    """Decide the image shape of flat rows with ``n_features`` values.

    ``input_shape`` wins when given; otherwise d = s*s is (s, s, 1), d = 3*s*s is
    (s, s, 3), and any other d is a one-row signal (1, d, 1), with a
    :class:`FlatImageWarning`.
    """
    if input_shape is not None:
        shape = normalize_input_shape(input_shape)
        if math.prod(shape) != n_features:
            raise ValueError(
                f"input_shape={shape} holds {math.prod(shape)} values per image, but X has "
                f"{n_features} features per row. Pass an input_shape whose product is "
                f"{n_features}, or check X for extra columns (a label or id column)."
            )
        return shape
    side = math.isqrt(n_features)
    if side * side == n_features:
        return (side, side, 1)
    if n_features % 3 == 0:
        side = math.isqrt(n_features // 3)
        if 3 * side * side == n_features:
            return (side, side, 3)
    warnings.warn(
        f"X has {n_features} features per row, which is neither a square grayscale image "
        f"(s*s) nor a square RGB image (3*s*s), so each row is read as a one-row signal of "
        f"shape (1, {n_features}, 1). If the rows are images, pass "
        f"input_shape=(height, width, channels); if a label or id column was left in X, "
        f"drop it.",
        FlatImageWarning,
        stacklevel=4,
    )
    return (1, n_features, 1)


def mapping_as_frame(X):
    """A dict of columns as a DataFrame; anything else unchanged.

    This is what reticulate makes of an R data.frame passed through
    ``as.list(df)``: ``{"px1": 0.0, ...}`` for one row (R's length-one vectors
    arrive as Python scalars), ``{"px1": [0.0, 3.0], ...}`` for several. A
    one-row data.frame itself cannot reach Python with reticulate 1.28: its
    conversion calls ``pandas.DataFrame.from_dict`` on scalars, which raises
    pandas' "If using all scalar values, pass orient='index'".

    Examples
    --------
    >>> mapping_as_frame({"a": 1.5, "b": 2.0})
         a    b
    0  1.5  2.0
    >>> mapping_as_frame({"a": [1.5, 3.0], "b": [2.0, 4.0]}).shape
    (2, 2)
    """
    # scipy's dok sparse matrices are dicts of (row, col) keys: leave them to
    # check_array, which says sparse input is not supported.
    if not isinstance(X, Mapping) or issparse(X):
        return X
    import pandas as pd

    scalars = [np.ndim(value) == 0 for value in X.values()]
    if X and all(scalars):
        return pd.DataFrame({name: [value] for name, value in X.items()})
    if any(scalars):
        mixed = [name for name, scalar in zip(X, scalars, strict=True) if scalar][:3]
        raise ValueError(
            f"X is a dict of columns with single values ({', '.join(map(repr, mixed))}) "
            f"beside columns of several values: pass one value per column for one image, "
            f"or columns of equal length (from R: as.list(df) of a data.frame)."
        )
    lengths = {len(value) for value in X.values()}
    if len(lengths) > 1:
        raise ValueError(
            f"X is a dict of columns of different lengths {sorted(lengths)}; every column "
            f"needs one value per image."
        )
    return pd.DataFrame({name: list(value) for name, value in X.items()})


def check_images(X, *, input_shape=None, expected_shape=None, estimator=None):
    """Validate ``X`` and return it as a 4-D image batch.

    Parameters
    ----------
    X : array-like of shape (n, d), (n, h, w) or (n, h, w, c), or DataFrame
    input_shape : tuple, optional
        How to read flat rows (fit time).
    expected_shape : tuple, optional
        The fitted (h, w, c); flat rows are reshaped to it and images must match
        it (predict time).
    estimator : estimator, optional
        Named in error messages.

    Returns
    -------
    ImageBatch
    """
    name = type(estimator).__name__ if estimator is not None else "CNNClassifier"
    if is_image_files(X):
        return _check_image_files(X, input_shape, expected_shape, name)
    if is_checked_array(X):
        feature_names = None
    else:
        X = mapping_as_frame(X)
        feature_names = _get_feature_names(X)
        X = _as_checked_array(X, estimator, name)
    if X.ndim > 4:
        raise ValueError(
            f"X has {X.ndim} dimensions {X.shape}; {name} takes flat rows (n, d), "
            f"grayscale images (n, h, w) or images with channels (n, h, w, c)."
        )
    flat = X.ndim == 2
    if flat:
        n_features = X.shape[1]
        if expected_shape is not None:
            shape = tuple(expected_shape)
            if math.prod(shape) != n_features:
                raise ValueError(
                    f"X has {n_features} features, but {name} is expecting "
                    f"{math.prod(shape)} features as input. Pass rows of {math.prod(shape)} "
                    f"values or images of shape {shape}, as in fit."
                )
        else:
            shape = infer_image_shape(n_features, input_shape)
    else:
        shape = X.shape[1:] if X.ndim == 4 else (*X.shape[1:], 1)
        shape = tuple(int(s) for s in shape)
        n_features = math.prod(shape)
        if input_shape is not None and expected_shape is None:
            wanted = normalize_input_shape(input_shape)
            if wanted != shape:
                raise ValueError(
                    f"X holds images of shape {shape}, but input_shape={wanted}. Drop "
                    f"input_shape (it is only needed for flat rows) or reshape X."
                )
        if expected_shape is not None and shape != tuple(expected_shape):
            raise ValueError(
                f"X holds images of shape {shape}, but this {name} was fitted on images "
                f"of shape {tuple(expected_shape)}. Resize the images to "
                f"{tuple(expected_shape)[:2]} with {tuple(expected_shape)[2]} channel(s), "
                f"or fit again on images of the new size."
            )
    if X.dtype != np.uint8:
        X = X.astype(np.float32, copy=False)
    images = X.reshape((X.shape[0], *shape))
    return ImageBatch(images, tuple(shape), int(n_features), flat, feature_names)


def is_checked_array(X):
    """Whether ``check_array`` would return ``X`` itself: a NumPy array (no
    subclass) of integers or floats with two or more dimensions, at least one
    value, every value finite.

    One-image predictions skip ``check_array`` for such arrays: with the
    feature-name check its dataframe and dtype lookups cost about 0.2 ms of a
    1 ms call (docs/benchmarks.md).

    Examples
    --------
    >>> import numpy as np
    >>> is_checked_array(np.zeros((2, 8, 8)))
    True
    >>> is_checked_array(np.array([[np.nan]])), is_checked_array(np.zeros(3))
    (False, False)
    """
    return (
        type(X) is np.ndarray
        and X.dtype.kind in "uif"
        and X.ndim >= 2
        and X.size > 0
        and (X.dtype.kind != "f" or bool(np.isfinite(X).all()))
    )


def _as_checked_array(X, estimator, name):
    """``X`` through scikit-learn's ``check_array``, images of several sizes named."""
    try:
        return check_array(
            X,
            accept_sparse=False,
            dtype="numeric",
            allow_nd=True,
            ensure_all_finite=True,
            ensure_min_samples=1,
            ensure_min_features=1,
            estimator=estimator,
            input_name="X",
        )
    except ValueError as exc:
        if "inhomogeneous" not in str(exc):
            raise
        raise ValueError(
            f"X holds images of different sizes (numpy: {str(exc).splitlines()[0]}). "
            f"{name} needs images of one size: resize them first, e.g. with "
            f"skcnn.datasets.load_image_folder(path, image_size=(height, width)) or "
            f"ImageFiles(paths, image_size=(height, width)), which read and resize image "
            f"files."
        ) from None


def check_labels(y, n_samples):
    """Validate classification targets.

    Returns
    -------
    y : ndarray of shape (n_samples,)
    """
    if y is None:
        raise ValueError(
            "CNNClassifier requires y to be passed, but the target y is None. Pass the "
            "labels as the second argument of fit."
        )
    y = column_or_1d(y, warn=True)
    if y.shape[0] != n_samples:
        raise ValueError(
            f"X has {n_samples} samples but y has {y.shape[0]} labels; pass one label per "
            f"image."
        )
    missing = _missing_mask(y)
    if missing.any():
        where = np.flatnonzero(missing)
        raise ValueError(
            f"y has {where.size} missing label(s) (NaN/None), first at position(s) "
            f"{where[:5].tolist()}. Drop those samples or fill in their labels."
        )
    check_classification_targets(y)
    return y


def is_image_files(X):
    """Whether ``X`` is a :class:`skcnn.datasets.ImageFiles` (files decoded lazily)."""
    from .image_files import ImageFiles

    return isinstance(X, ImageFiles)


def _check_image_files(files, input_shape, expected_shape, name):
    """An ImageFiles stays lazy: its shape comes from the file headers."""
    shape = tuple(int(s) for s in files.shape[1:])
    if input_shape is not None and expected_shape is None:
        wanted = normalize_input_shape(input_shape)
        if wanted != shape:
            raise ValueError(
                f"X holds image files of shape {shape}, but input_shape={wanted}. Drop "
                f"input_shape, or pass ImageFiles(..., image_size={wanted[:2]})."
            )
    if expected_shape is not None and shape != tuple(expected_shape):
        raise ValueError(
            f"X holds image files of shape {shape}, but this {name} was fitted on images of "
            f"shape {tuple(expected_shape)}. Pass ImageFiles(..., image_size="
            f"{tuple(expected_shape)[:2]}, color_mode=...) to match."
        )
    return ImageBatch(files, shape, math.prod(shape), False, None)


def _missing_mask(y):
    if y.dtype.kind == "f":
        return np.isnan(y)
    if y.dtype.kind == "O":
        import pandas as pd

        return np.asarray(pd.isna(y), dtype=bool)
    return np.zeros(y.shape, dtype=bool)


def is_multilabel(y):
    """Whether ``y`` is 2-D with several columns: a multi-label indicator matrix
    (or an attempt at one, which :func:`check_label_indicator` judges)."""
    shape = getattr(y, "shape", None)
    if shape is None:
        try:
            shape = np.asarray(y).shape
        except ValueError:  # ragged nested lists
            return False
    return len(shape) == 2 and shape[1] > 1


def check_label_indicator(y, n_samples):
    """Validate a multi-label indicator matrix: 2-D, one row per image, 0/1.

    Returns
    -------
    y : ndarray of shape (n_samples, n_labels), float32
    """
    y = check_array(y, ensure_2d=True, dtype=None, ensure_all_finite=False, input_name="y")
    if y.shape[0] != n_samples:
        raise ValueError(
            f"X has {n_samples} samples but y has {y.shape[0]} rows; pass one row of labels "
            f"per image."
        )
    if y.dtype.kind not in "biuf":
        raise ValueError(
            f"A 2-D y is read as a multi-label indicator matrix, but its values are of dtype "
            f"{y.dtype}. Pass 0/1 (or True/False) columns, one per label, e.g. from "
            f"sklearn.preprocessing.MultiLabelBinarizer."
        )
    values = y.astype(np.float64)
    bad = ~np.isin(values, (0.0, 1.0))
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise ValueError(
            f"A 2-D y is read as a multi-label indicator matrix and must hold only 0 and 1; "
            f"y[{row}, {col}] is {y[row, col]!r}. Binarize it (MultiLabelBinarizer), or pass "
            f"1-D labels for a single-label problem."
        )
    return values.astype(np.float32)


def check_continuous_targets(y, n_samples):
    """Validate regression targets: numbers, finite, one value (or row) per image.

    Returns
    -------
    y : ndarray of shape (n_samples,) or (n_samples, n_targets), float64
    """
    if y is None:
        raise ValueError(
            "CNNRegressor requires y to be passed, but the target y is None. Pass the "
            "targets as the second argument of fit."
        )
    raw = np.asarray(y)
    if raw.dtype.kind not in "biuf":
        if raw.dtype.kind == "O":
            try:
                raw = raw.astype(np.float64)
            except (TypeError, ValueError):
                raw = None
        else:
            raw = None
        if raw is None:
            raise ValueError(
                f"CNNRegressor needs numeric targets, but y holds values of dtype "
                f"{np.asarray(y).dtype} (e.g. {np.asarray(y).ravel()[:3].tolist()}). Use "
                f"CNNClassifier for class labels, or convert y to numbers."
            )
    y = check_array(raw, ensure_2d=False, dtype=np.float64, input_name="y")
    if y.ndim not in (1, 2):
        raise ValueError(
            f"y must be of shape (n,) or (n, n_targets); got {y.shape}. Reshape it."
        )
    if y.shape[0] != n_samples:
        raise ValueError(
            f"X has {n_samples} samples but y has {y.shape[0]} targets; pass one target "
            f"(row) per image."
        )
    return y
