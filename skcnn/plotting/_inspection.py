"""Figures that look inside a fitted classifier: Grad-CAM and occlusion maps over
the images, and the images with the largest loss.

Re-exported as :func:`skcnn.plotting.plot_gradcam`,
:func:`skcnn.plotting.plot_occlusion` and :func:`skcnn.plotting.plot_top_losses`.
Like every skcnn plot they return a pyplot :class:`matplotlib.figure.Figure`
(see :mod:`skcnn.plotting`); matplotlib loads on the first call. The maps come
from :mod:`skcnn.inspection`.
"""

from __future__ import annotations

import math

import numpy as np

from .. import inspection
from .._checks import positive_int
from .._fitted import decoded, fitted_images, predict_proba
from .._labels import native
from ._common import _label_text, _label_vector, _show_image, new_figure

__all__ = ["plot_gradcam", "plot_occlusion", "plot_top_losses"]

# Grad-CAM's overlay (plot_gradcam, plot_top_losses): a perceptual colormap, and
# an opacity under which a grey digit still shows.
_MAP_CMAP = "inferno"
_MAP_ALPHA = 0.45


def plot_gradcam(
    estimator,
    X,
    y=None,
    *,
    target=None,
    layer=None,
    method="gradcam",
    max_images=16,
    ncols=4,
    alpha=_MAP_ALPHA,
    cmap=_MAP_CMAP,
):
    """Grad-CAM (or HiResCAM) heat maps over the images, one panel per image.

    Each panel shows the image with its :func:`skcnn.inspection.gradcam` map
    laid over it, titled "true: a" (when ``y`` is given) over "pred: b, p =
    0.97", the predicted label and its probability.

    Parameters
    ----------
    estimator : CNNClassifier
        A fitted classifier.
    X : array-like of shape (n, d), (n, h, w) or (n, h, w, c), DataFrame, or ImageFiles
        Images in any layout the estimator accepts; of image files, only the
        images shown are decoded.
    y : array-like of shape (n,), optional
        True labels, shown in the titles.
    target : label or array-like of shape (n,), default=None
        The class each map explains (see :func:`~skcnn.inspection.gradcam`); by
        default the predicted class.
    layer : str, default=None
        The layer whose maps are weighed; by default the one
        :func:`~skcnn.inspection.gradcam_layer` reports (the last convolution
        block with maps at least 20 cells across).
    method : {"gradcam", "hirescam"}, default="gradcam"
        Grad-CAM (Selvaraju et al. 2017) or HiResCAM (Draelos and Carin 2020,
        arXiv:2011.08891), as in :func:`~skcnn.inspection.gradcam`; the
        figure's title names it.
    max_images : int, default=16
        Show at most this many images (the first ones).
    ncols : int, default=4
        Panels per row.
    alpha : float, default=0.45
        Opacity of the heat map over the image: the image stays visible
        beneath it.
    cmap : str or matplotlib.colors.Colormap, default="inferno"
        A perceptually uniform map (dark: no evidence, bright yellow: the
        most), so that the heat is read by brightness, not by hue.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per image, in the order of ``X``, then the colour bar's.

    Raises
    ------
    ValueError
        For a bad ``layer``, ``target`` or ``method`` (as :func:`~skcnn.inspection.gradcam`),
        ``y`` without one label per image, or ``max_images``/``ncols`` that is
        not a positive int.

    See Also
    --------
    skcnn.inspection.gradcam : The maps as an array.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skcnn import CNNClassifier
    >>> from skcnn.plotting import plot_gradcam
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = CNNClassifier(filters=4, epochs=1, random_state=0).fit(X[:100], y[:100])
    >>> fig = plot_gradcam(clf, X[100:104], y[100:104])
    >>> len(fig.axes)  # four panels and the colour bar
    5
    >>> fig.axes[0].get_title().startswith("true: ")
    True
    >>> plot_gradcam(clf, X[100:102], method="hirescam").axes[-1].get_ylabel()
    'HiResCAM'
    >>> fig.savefig("gradcam.png")  # doctest: +SKIP
    """
    images, truth, shown = _shown(estimator, X, y, max_images)
    proba = predict_proba(estimator, images)
    # The predicted classes, from the probabilities the titles show.
    predicted = np.asarray(estimator.classes_)[np.argmax(proba, axis=1)]
    explained = predicted if target is None else target
    maps = inspection.gradcam(estimator, images, target=explained, layer=layer, method=method)
    path = inspection.gradcam_layer(estimator, layer)
    name = {"gradcam": "Grad-CAM", "hirescam": "HiResCAM"}[method]
    fig = _map_grid(
        images,
        maps,
        _titles(estimator, proba, truth),
        ncols=ncols,
        alpha=alpha,
        cmap=cmap,
        limits=(0.0, 1.0),
        label=name,
    )
    fig.suptitle(f"{name} at {path}{_target_text(target)}{shown}", fontsize=10)
    return fig


def plot_occlusion(
    estimator,
    X,
    y=None,
    *,
    patch=None,
    stride=None,
    target=None,
    fill="mean",
    max_images=16,
    ncols=4,
    alpha=0.6,
    cmap="RdBu_r",
):
    """Occlusion sensitivity maps over the images, one panel per image.

    Each panel shows the image with its :func:`skcnn.inspection.occlusion` map
    laid over it (red: hiding these pixels lowers the class probability;
    blue: it raises it), titled as :func:`plot_gradcam` titles its panels.

    Parameters
    ----------
    estimator : CNNClassifier
        A fitted classifier.
    X : array-like, DataFrame or ImageFiles
        Images in any layout the estimator accepts; of image files, only the
        images shown are decoded.
    y : array-like of shape (n,), optional
        True labels, shown in the titles.
    patch, stride, target, fill
        As in :func:`skcnn.inspection.occlusion`.
    max_images : int, default=16
        Show at most this many images (the first ones).
    ncols : int, default=4
        Panels per row.
    alpha : float, default=0.6
        Opacity of the map over the image.
    cmap : str or matplotlib.colors.Colormap, default="RdBu_r"
        A diverging map: its centre is a drop of 0.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per image, in the order of ``X``, then the colour bar's
        (symmetric around 0, to the largest drop shown).

    Raises
    ------
    ValueError
        As :func:`skcnn.inspection.occlusion`, and for ``y`` without one label
        per image.

    See Also
    --------
    skcnn.inspection.occlusion : The maps as an array.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skcnn import CNNClassifier
    >>> from skcnn.plotting import plot_occlusion
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = CNNClassifier(filters=4, epochs=1, random_state=0).fit(X[:100], y[:100])
    >>> fig = plot_occlusion(clf, X[100:102], y[100:102], patch=2)
    >>> fig.axes[-1].get_ylabel()
    'drop in probability'
    >>> fig.get_suptitle()
    'Occlusion, 2x2 patch, stride 1'
    """
    images, truth, shown = _shown(estimator, X, y, max_images)
    proba = predict_proba(estimator, images)
    maps = inspection.occlusion(
        estimator, images, patch=patch, stride=stride, target=target, fill=fill
    )
    reach = max(float(np.max(np.abs(maps))), 1e-6)
    fig = _map_grid(
        images,
        maps,
        _titles(estimator, proba, truth),
        ncols=ncols,
        alpha=alpha,
        cmap=cmap,
        limits=(-reach, reach),
        label="drop in probability",
    )
    size = _occlusion_text(images.shape[1:3], patch, stride)
    fig.suptitle(f"Occlusion, {size}{_target_text(target)}{shown}", fontsize=10)
    return fig


def plot_top_losses(estimator, X, y, k=9, *, ncols=3, gradcam=False, layer=None):
    """The ``k`` images with the largest loss, as fastai's ``plot_top_losses``.

    The loss of an image is the cross-entropy of its true class,
    ``-log p(true)``. Each panel is titled "predicted / true" and "loss /
    probability of the true class", the worst first.

    Parameters
    ----------
    estimator : CNNClassifier
        A fitted classifier.
    X : array-like, DataFrame or ImageFiles
        Images in any layout the estimator accepts; image files are decoded a
        batch at a time for the losses, then only the ``k`` shown.
    y : array-like of shape (n,)
        True labels, all among ``estimator.classes_``.
    k : int, default=9
        How many images to show (all of them when ``X`` has fewer).
    ncols : int, default=3
        Panels per row.
    gradcam : bool, default=False
        Lay each image's Grad-CAM map for its predicted class over it.
    layer : str, default=None
        The Grad-CAM layer, with ``gradcam=True``.

    Returns
    -------
    matplotlib.figure.Figure
        ``k`` axes, largest loss first. ``fig.top_losses`` holds the shown
        images' positions in ``X`` and their losses, as a DataFrame.

    Raises
    ------
    ValueError
        If ``y`` does not have one label per image or holds a label outside
        ``classes_``, or ``k``/``ncols`` is not a positive int.

    See Also
    --------
    skcnn.metrics.most_confused : The class pairs most often confused.
    skcnn.plotting.plot_misclassified : Every misclassified image.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skcnn import CNNClassifier
    >>> from skcnn.plotting import plot_top_losses
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = CNNClassifier(filters=4, epochs=1, random_state=0).fit(X[:100], y[:100])
    >>> fig = plot_top_losses(clf, X[100:150], y[100:150], k=4)
    >>> len(fig.axes)
    4
    >>> bool(fig.top_losses["loss"].is_monotonic_decreasing)
    True
    """
    import pandas as pd

    k = positive_int(k, "k")
    ncols = positive_int(ncols, "ncols")
    images = fitted_images(estimator, X)
    n = images.shape[0]
    truth = _label_vector(y, n, "y")
    true_index = _true_indices(estimator.classes_, truth)
    proba = predict_proba(estimator, images)
    p_true = proba[np.arange(n), true_index]
    losses = -np.log(np.clip(p_true, np.finfo(np.float64).tiny, 1.0))
    order = np.argsort(-losses, kind="stable")[:k]
    predicted = np.argmax(proba[order], axis=1)
    shown = decoded(images[order])  # of image files, only the k shown are decoded
    maps = None
    if gradcam:
        labels = np.asarray(estimator.classes_)[predicted]
        maps = inspection.gradcam(estimator, shown, target=labels, layer=layer)

    cols = min(ncols, order.size)
    rows = math.ceil(order.size / cols)
    fig = new_figure(figsize=(2.2 * cols, 2.4 * rows + 0.5), layout="constrained")
    classes = estimator.classes_
    for slot, i in enumerate(order):
        ax = fig.add_subplot(rows, cols, slot + 1)
        _show_image(ax, shown[slot])
        if maps is not None:
            ax.imshow(
                maps[slot],
                cmap=_MAP_CMAP,
                alpha=_MAP_ALPHA,
                vmin=0,
                vmax=1,
                interpolation="bilinear",
            )
        ax.set_title(
            f"{_label_text(classes[predicted[slot]])} / {_label_text(truth[i])}\n"
            f"{losses[i]:.2f} / {p_true[i]:.2f}",
            fontsize=8,
        )
    fig.suptitle("Prediction / true label, loss / probability of the true label", fontsize=10)
    fig.top_losses = pd.DataFrame({"index": order, "loss": losses[order], "p_true": p_true[order]})
    return fig


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _shown(estimator, X, y, max_images):
    """The images shown (validated, the first ``max_images``), their true
    labels or None, and a note on how many of them are shown."""
    max_images = positive_int(max_images, "max_images")
    images = fitted_images(estimator, X)
    n = images.shape[0]
    truth = None if y is None else _label_vector(y, n, "y")[:max_images]
    note = f", first {max_images} of {n} images" if n > max_images else ""
    # Image files: only the images shown are decoded.
    return decoded(images[:max_images]), truth, note


def _titles(estimator, proba, truth):
    best = np.argmax(proba, axis=1)
    titles = []
    for i, b in enumerate(best):
        pred = f"pred: {_label_text(estimator.classes_[b])}"
        if truth is None:
            titles.append(f"{pred}\np = {proba[i, b]:.2f}")
        else:
            titles.append(f"true: {_label_text(truth[i])}\n{pred}, p = {proba[i, b]:.2f}")
    return titles


def _occlusion_text(size, patch, stride):
    """ "2x2 patch, stride 1": the sizes :func:`skcnn.inspection.occlusion` used
    (its defaults where None; it has checked the values given)."""
    h, w = size

    def pair(value, default):
        if value is None:
            return default
        return (int(value), int(value)) if np.ndim(value) == 0 else tuple(int(v) for v in value)

    ph, pw = pair(patch, (max(1, min(h, w) // 4),) * 2)
    sh, sw = pair(stride, (max(1, ph // 2), max(1, pw // 2)))
    step = f"{sh}" if sh == sw else f"{sh}x{sw}"
    return f"{ph}x{pw} patch, stride {step}"


def _target_text(target):
    if target is None or np.ndim(target) != 0:
        return ""
    return f" for class {_label_text(target)}"


def _map_grid(images, maps, titles, *, ncols, alpha, cmap, limits, label):
    """Images with their maps laid over them, one panel each, and a colour bar."""

    ncols = positive_int(ncols, "ncols")
    n = images.shape[0]
    cols = min(ncols, n)
    rows = math.ceil(n / cols)
    fig = new_figure(figsize=(2.2 * cols + 0.8, 2.4 * rows + 0.5), layout="constrained")
    axes = []
    overlay = None
    for i in range(n):
        ax = fig.add_subplot(rows, cols, i + 1)
        _show_image(ax, images[i])
        overlay = ax.imshow(
            maps[i],
            cmap=cmap,
            alpha=alpha,
            vmin=limits[0],
            vmax=limits[1],
            interpolation="bilinear",
        )
        ax.set_title(titles[i], fontsize=8)
        axes.append(ax)
    fig.colorbar(overlay, ax=axes, label=label, shrink=0.8)
    return fig


def _true_indices(classes, truth):
    positions = {native(c): i for i, c in enumerate(classes)}
    unknown = [native(v) for v in truth if native(v) not in positions]
    if unknown:
        raise ValueError(
            f"y has label(s) {sorted(set(map(str, unknown)))[:10]} that are not among the "
            f"estimator's classes {[native(c) for c in classes]}; the loss needs the "
            f"probability of each image's true class."
        )
    return np.array([positions[native(v)] for v in truth], dtype=np.int64)
