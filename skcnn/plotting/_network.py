"""Figures of a fitted network and its images: the misclassified images, the
kernels of a convolution layer and the feature maps it outputs for one image.

Re-exported as :func:`skcnn.plotting.plot_misclassified`,
:func:`skcnn.plotting.plot_filters` and :func:`skcnn.plotting.plot_feature_maps`.
The functions that look inside the network use the Keras that the fitted
estimator already loaded.
"""

from __future__ import annotations

import math

import numpy as np

from .._checks import check_fitted, positive_int
from .._fitted import decoded, fitted_images, walk_layers
from ._common import _label_text, _label_vector, _show_image, _unit_range, new_figure

__all__ = ["plot_feature_maps", "plot_filters", "plot_misclassified"]


def plot_misclassified(estimator, X, y, *, y_pred=None, max_images=25, ncols=5):
    """A grid of the images a fitted classifier gets wrong.

    Each image is titled "true: a / pred: b" with the probability the model
    gave its (wrong) prediction. Images appear in the order of ``X``.

    Parameters
    ----------
    estimator : CNNClassifier
        A fitted classifier; its ``predict_proba`` gives the predictions and its
        ``input_shape_`` the shape of flat rows.
    X : array-like of shape (n, d), (n, h, w) or (n, h, w, c), DataFrame, or ImageFiles
        Images in any layout the estimator accepts; grayscale or RGB. Of image
        files, only the misclassified images shown are decoded.
    y : array-like of shape (n,)
        True labels.
    y_pred : array-like of shape (n,), optional
        Predicted labels, to skip predicting; the titles then show no
        probability.
    max_images : int, default=25
        Show at most this many misclassified images (the first ones).
    ncols : int, default=5
        Images per row.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per image shown, titled as above; when nothing is
        misclassified, one empty axes with the text "No misclassified images".

    Raises
    ------
    ValueError
        If ``y`` or ``y_pred`` does not have one label per image, or
        ``max_images``/``ncols`` is not a positive int.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skcnn import CNNClassifier
    >>> from skcnn.plotting import plot_misclassified
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = CNNClassifier(filters=4, epochs=1, random_state=0).fit(X[:100], y[:100])
    >>> fig = plot_misclassified(clf, X[100:150], y[100:150], max_images=10)
    >>> len(fig.axes) <= 10
    True
    >>> fig.axes[0].get_title().startswith("true: ")
    True
    """
    max_images = positive_int(max_images, "max_images")
    ncols = positive_int(ncols, "ncols")
    images = fitted_images(estimator, X)
    n = images.shape[0]
    truth = _label_vector(y, n, "y")
    confidence = None
    if y_pred is None:
        proba = estimator.predict_proba(X)
        best = np.argmax(proba, axis=1)
        predicted = np.asarray(estimator.classes_)[best]
        confidence = proba[np.arange(n), best]
    else:
        predicted = _label_vector(y_pred, n, "y_pred")
    wrong = np.flatnonzero(np.asarray(truth, dtype=object) != np.asarray(predicted, dtype=object))

    if wrong.size == 0:
        fig = new_figure(figsize=(4.0, 2.0), layout="constrained")
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            "No misclassified images",
            ha="center",
            va="center",
            transform=ax.transAxes,
            fontsize=12,
        )
        return fig
    shown = wrong[:max_images]
    pictures = decoded(images[shown])  # of image files, only those shown are decoded
    cols = min(ncols, shown.size)
    rows = math.ceil(shown.size / cols)
    fig = new_figure(figsize=(1.8 * cols, 2.0 * rows + 0.4), layout="constrained")
    for k, i in enumerate(shown):
        ax = fig.add_subplot(rows, cols, k + 1)
        _show_image(ax, pictures[k])
        title = f"true: {_label_text(truth[i])} / pred: {_label_text(predicted[i])}"
        if confidence is not None:
            title += f"\np = {confidence[i]:.2f}"
        ax.set_title(title, fontsize=8)
    capped = "" if shown.size == wrong.size else f", first {shown.size} shown"
    fig.suptitle(f"Misclassified: {wrong.size} of {n} images{capped}")
    return fig


def plot_filters(estimator, *, layer=None, max_filters=64):
    """The kernels of a convolution layer, one small image per output filter.

    Parameters
    ----------
    estimator : CNNClassifier
        A fitted classifier.
    layer : str, optional
        Name of a ``Conv2D`` layer, as ``"conv1"`` or with its model's name as
        in :meth:`CNNClassifier.summary` (``"simple/conv1"``). By default the
        first ``Conv2D`` of the network.
    max_filters : int, default=64
        Show at most this many filters (the first ones).

    Returns
    -------
    matplotlib.figure.Figure
        One axes per filter shown, in filter order.

    Raises
    ------
    ValueError
        If the network has no ``Conv2D`` layer, or ``layer`` names no layer or a
        layer that is not a ``Conv2D`` (the message lists the convolutions).

    Notes
    -----
    Each filter is scaled on its own to the full grey range (a constant filter
    is mid-grey), so the images show each kernel's pattern, not its size. A
    kernel over 3 input channels (an RGB image) is shown in colour; over any
    other number of channels, as the mean over its input channels.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skcnn import CNNClassifier
    >>> from skcnn.plotting import plot_filters
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = CNNClassifier(filters=4, epochs=1, random_state=0).fit(X[:100], y[:100])
    >>> len(plot_filters(clf).axes)
    4
    """
    max_filters = positive_int(max_filters, "max_filters")
    keras = _fitted_keras(estimator)
    path, target, _ = _find_conv(keras, estimator.model_, layer)
    kernel = np.asarray(keras.ops.convert_to_numpy(target.kernel), dtype=float)
    kh, kw, n_in, n_out = kernel.shape
    n = min(n_out, max_filters)
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)

    fig = new_figure(
        figsize=(max(3.0, 1.0 * cols), max(1.5, 1.0 * rows + 0.5)), layout="constrained"
    )
    for k in range(n):
        w = kernel[..., k]
        w = w if n_in == 3 else w.mean(axis=-1)
        ax = fig.add_subplot(rows, cols, k + 1)
        ax.imshow(
            _unit_range(w),
            cmap=None if n_in == 3 else "gray",
            vmin=0,
            vmax=1,
            interpolation="nearest",
        )
        ax.set_axis_off()
    shown = f"{n} of {n_out}" if n < n_out else f"{n}"
    fig.suptitle(f"{path}: {shown} filters, {kh}x{kw}", fontsize=10)
    return fig


def plot_feature_maps(estimator, image, *, layer=None, max_maps=32):
    """What a convolution layer outputs for one image, one panel per channel.

    The image goes through the network's own rescaling and resizing first (the
    ``"rescale"`` and ``"resize"`` layers of ``model_``), so the maps are what
    the trained network computes for it.

    Parameters
    ----------
    estimator : CNNClassifier
        A fitted classifier.
    image : array-like or ImageFiles
        One image: a flat row of ``prod(input_shape_)`` values, ``(h, w)``,
        ``(h, w, c)``, a batch of one ``(1, h, w, c)``, or image files holding
        one file (``files[i:i + 1]``).
    layer : str, optional
        Name of the layer whose output to show (``"conv2"`` or
        ``"simple/conv2"``); any layer whose output has shape
        ``(height, width, channels)`` will do. By default the first ``Conv2D``.
    max_maps : int, default=32
        Show at most this many channels (the first ones).

    Returns
    -------
    matplotlib.figure.Figure
        One axes per channel shown, each an image of the layer's output height
        and width, coloured on its own scale.

    Raises
    ------
    ValueError
        If the image does not have the estimator's input shape, or the layer is
        unknown or has no spatial output.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skcnn import CNNClassifier
    >>> from skcnn.plotting import plot_feature_maps
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = CNNClassifier(filters=4, epochs=1, random_state=0).fit(X[:100], y[:100])
    >>> fig = plot_feature_maps(clf, X[0])
    >>> len(fig.axes)
    4
    """
    max_maps = positive_int(max_maps, "max_maps")
    keras = _fitted_keras(estimator)
    model = estimator.model_
    batch = _one_image(estimator, image)
    if layer is None:
        path, target, parents = _find_conv(keras, model, None)
    else:
        path, target, parents = _find_layer(model, layer)
    maps = _activations(keras, parents, target, batch)
    if maps.ndim != 3:
        raise ValueError(
            f"Layer {path!r} outputs shape {tuple(maps.shape)} per image, not feature maps "
            f"(height, width, channels); pick a convolution or pooling layer."
        )
    h, w, n_maps = maps.shape
    n = min(n_maps, max_maps)
    cols = math.ceil(math.sqrt(n))
    rows = math.ceil(n / cols)

    fig = new_figure(
        figsize=(max(3.0, 1.3 * cols), max(1.8, 1.3 * rows + 0.5)), layout="constrained"
    )
    for k in range(n):
        ax = fig.add_subplot(rows, cols, k + 1)
        ax.imshow(maps[..., k], cmap="viridis", interpolation="nearest")
        ax.set_title(str(k), fontsize=7)
        ax.set_axis_off()
    shown = f"{n} of {n_maps}" if n < n_maps else f"{n}"
    fig.suptitle(f"{path}: {shown} feature maps, {h}x{w}", fontsize=10)
    return fig


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def _fitted_keras(estimator):
    check_fitted(estimator)
    from .._keras import get_keras

    return get_keras()


def _one_image(estimator, image):
    """One image as a batch (1, h, w, c) of the estimator's input shape."""
    shape = tuple(estimator.input_shape_)
    from .._inputs.validation import is_image_files

    if is_image_files(image) and len(image) != 1:
        raise ValueError(
            f"image holds {len(image)} image files; pass one image, e.g. files[i:i + 1] "
            f"or files[i]."
        )
    arr = np.asarray(image)
    if arr.ndim == 4 and arr.shape[0] == 1:
        arr = arr[0]
    if arr.ndim == 1 and arr.size == math.prod(shape):
        arr = arr.reshape(shape)
    elif arr.ndim == 2 and arr.shape == shape[:2] and shape[2] == 1:
        arr = arr[..., np.newaxis]
    if arr.shape != shape:
        raise ValueError(
            f"image has shape {np.shape(image)}, but the estimator was fitted on images of "
            f"shape {shape}; pass one image: a flat row of {math.prod(shape)} values, "
            f"{shape[:2] if shape[2] == 1 else shape} or {shape}."
        )
    return fitted_images(estimator, arr[np.newaxis])


def _find_layer(model, name):
    """The (path, layer, parents) named ``name`` (a path or a bare layer name)."""
    entries = list(walk_layers(model))
    matches = [e for e in entries if name in (e[0], e[1].name)]
    if not matches:
        raise ValueError(
            f"The network has no layer named {name!r}; its layers are "
            f"{[path for path, _, _ in entries]}."
        )
    if len(matches) > 1:
        raise ValueError(
            f"Several layers are named {name!r}: {[path for path, _, _ in matches]}; pass "
            f"the full path."
        )
    return matches[0]


def _find_conv(keras, model, name):
    """The first Conv2D, or the Conv2D named ``name``."""
    convs = list(walk_layers(model, keep=lambda layer: isinstance(layer, keras.layers.Conv2D)))
    if name is None:
        if not convs:
            layers = [path for path, _, _ in walk_layers(model)]
            raise ValueError(
                f"The network has no Conv2D layer to show (its layers are {layers}); "
                f"plot_filters and plot_feature_maps need a convolutional network."
            )
        return convs[0]
    found = _find_layer(model, name)
    if not isinstance(found[1], keras.layers.Conv2D):
        raise ValueError(
            f"Layer {found[0]!r} is a {type(found[1]).__name__}, not a Conv2D; the "
            f"convolution layers are {[path for path, _, _ in convs]}."
        )
    return found


def _activations(keras, parents, target, batch):
    """Output of ``target`` for ``batch`` fed to the outermost model, as (h, w, c)."""
    x = batch
    for model, child in zip(parents[:-1], parents[1:], strict=True):
        x = _child_input(keras, model, child, x, chain=model is parents[0])
    sub = keras.Model(_model_inputs(parents[-1]), target.output)
    out = sub(x, training=False)
    if isinstance(out, list | tuple):
        out = out[0]
    # float32: a mixed-precision network's bfloat16 maps are not images matplotlib draws.
    return np.asarray(keras.ops.convert_to_numpy(out), dtype=np.float32)[0]


def _child_input(keras, model, child, x, *, chain):
    """What ``model`` feeds its nested model ``child`` when its input is ``x``.

    The outer network skcnn builds (and any ``Sequential``) is a chain
    ``input -> rescale -> resize -> body``: its layers before ``child`` are
    applied in turn. Inside a functional model with branches, a sub-model up to
    the tensor ``child`` was called on does the same.
    """
    if chain or isinstance(model, keras.Sequential):
        for layer in model.layers:
            if layer is child:
                return x
            if type(layer).__name__ != "InputLayer":
                x = layer(x, training=False)
        raise ValueError(f"Layer {child.name!r} is not in model {model.name!r}.")
    nodes = getattr(child, "_inbound_nodes", None)
    if not nodes:
        raise ValueError(
            f"Cannot find the input of nested model {child.name!r} inside {model.name!r}; "
            f"pick a layer of an outer model."
        )
    tensors = nodes[0].input_tensors
    sub = keras.Model(_model_inputs(model), tensors[0] if len(tensors) == 1 else tensors)
    return sub(x, training=False)


def _model_inputs(model):
    """A model's own input tensor(s), as a sub-model's ``inputs`` argument.

    ``model.inputs`` (not ``model.input``, which a ``Sequential`` answers with the
    tensor it was called on in the outer graph); a lone input unwrapped, so the
    sub-model takes a plain array.
    """
    inputs = model.inputs
    return inputs[0] if len(inputs) == 1 else inputs
