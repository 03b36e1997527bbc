"""Helpers that more than one of skcnn's figure modules use.

:func:`new_figure` makes every figure (known to pyplot, as scikit-learn's
Displays' are: ``plt.show()`` in a script shows them and notebooks render them
inline, and on a machine without a display pyplot falls back to its Agg backend,
so the plots still save to files; pyplot is imported only when a plot is drawn).
The rest checks and writes labels, scales values to [0, 1] and draws one image
on an axes. Nothing here imports another skcnn module.
"""

from __future__ import annotations

import numpy as np

# Constrained layout's padding around the figure's edge and between panels, in
# inches: matplotlib's default (3 points) lets a rotated axis label such as
# "Actual" touch the canvas's edge, where antialiasing cuts its first pixels.
_LAYOUT_PAD = 0.08


def new_figure(**kwargs):
    """A new pyplot figure (``matplotlib.pyplot.figure(**kwargs)``).

    With ``layout="constrained"`` the layout keeps every label a little
    further from the canvas's edge than matplotlib's default does.
    """
    import matplotlib.pyplot as plt

    fig = plt.figure(**kwargs)
    if kwargs.get("layout") == "constrained":
        fig.get_layout_engine().set(w_pad=_LAYOUT_PAD, h_pad=_LAYOUT_PAD)
    return fig


def _label_vector(values, n, name):
    arr = np.asarray(values)
    if arr.ndim != 1:
        arr = arr.ravel() if arr.ndim == 2 and 1 in arr.shape else arr
    if arr.ndim != 1 or arr.shape[0] != n:
        raise ValueError(
            f"{name} has shape {np.shape(values)}, but X has {n} images; pass one label per image."
        )
    return arr


def _label_text(value):
    return str(value.item() if isinstance(value, np.generic) else value)


def _unit_range(values):
    """Scale to [0, 1]; a constant array becomes 0.5."""
    lo, hi = float(np.min(values)), float(np.max(values))
    if hi - lo <= 0 or not np.isfinite(hi - lo):
        return np.full(np.shape(values), 0.5)
    return (values - lo) / (hi - lo)


def _show_image(ax, image):
    """Draw one (h, w, c) image: grayscale for one channel, RGB for three."""
    channels = image.shape[-1]
    if channels == 1:
        ax.imshow(image[..., 0], cmap="gray", interpolation="nearest")
    elif channels in (3, 4) and image.dtype == np.uint8:
        ax.imshow(image, interpolation="nearest")
    elif channels in (3, 4):
        ax.imshow(_unit_range(image.astype(float)), interpolation="nearest")
    else:  # other channel counts: their mean, as grayscale
        ax.imshow(image.mean(axis=-1), cmap="gray", interpolation="nearest")
    ax.set_axis_off()
