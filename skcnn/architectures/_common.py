"""Hyper-parameter resolution shared by every preset builder.

Pure Python: the registry and the estimator use these helpers without
importing Keras.
"""

from __future__ import annotations

from numbers import Integral, Real


def resolve_widths(filters, published, arch):
    """Return the per-stage filter counts a preset should build.

    Parameters
    ----------
    filters : None, int or sequence of int
        ``None`` keeps the published widths; an int sets the first stage's width
        and scales the later stages by the preset's published ratios; a sequence
        sets every stage explicitly and must have one entry per stage.
    published : tuple of int
        The widths from the paper, one per stage.
    arch : str
        Preset name, used in error messages.

    Returns
    -------
    tuple of int
    """
    if filters is None:
        return tuple(published)
    if isinstance(filters, Integral) and not isinstance(filters, bool):
        if filters < 1:
            raise ValueError(f"filters must be >= 1, got {filters}.")
        scale = filters / published[0]
        return tuple(max(1, round(w * scale)) for w in published)
    widths = tuple(filters)
    if len(widths) != len(published):
        raise ValueError(
            f"arch={arch!r} has {len(published)} convolution stages (published widths "
            f"{tuple(published)}), but filters has {len(widths)} entries {widths}. Pass "
            f"{len(published)} widths, or one int to scale the published ones."
        )
    if not all(isinstance(w, Integral) and not isinstance(w, bool) and w >= 1 for w in widths):
        raise ValueError(f"filters must hold positive ints, got {widths}.")
    return tuple(int(w) for w in widths)


def resolve_units(dense_units, published, arch):
    """Return the hidden dense-layer sizes: ``None`` keeps the published ones,
    an int sets every hidden layer, a sequence sets them one by one."""
    if dense_units is None:
        return tuple(published)
    if isinstance(dense_units, Integral) and not isinstance(dense_units, bool):
        if dense_units < 1:
            raise ValueError(f"dense_units must be >= 1, got {dense_units}.")
        return (int(dense_units),) * max(1, len(published))
    units = tuple(dense_units)
    if not all(isinstance(u, Integral) and not isinstance(u, bool) and u >= 1 for u in units):
        raise ValueError(
            f"dense_units for arch={arch!r} must be a positive int or a sequence of "
            f"positive ints, got {dense_units!r}."
        )
    return tuple(int(u) for u in units)


def resolve_dropout(dropout, default=0.0):
    """Return the dropout rate: ``None`` keeps the preset's default."""
    if dropout is None:
        return default
    if not isinstance(dropout, Real) or not 0.0 <= dropout < 1.0:
        raise ValueError(f"dropout must be a float in [0, 1), got {dropout!r}.")
    return float(dropout)


def resolve_kernel_size(kernel_size, default):
    """Return the convolution kernel size as an int pair."""
    if kernel_size is None:
        kernel_size = default
    if isinstance(kernel_size, Integral):
        return (int(kernel_size), int(kernel_size))
    return tuple(int(k) for k in kernel_size)
