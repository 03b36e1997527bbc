"""Look inside a fitted network: Grad-CAM and occlusion maps.

Both functions answer "which pixels made the network say this class?" with one
map per image, at the size of the images the estimator receives:

- :func:`gradcam` weighs the feature maps of a convolutional layer by the
  gradient of the class score (Selvaraju et al. 2017). It needs the network's
  gradients, so it works on a fitted :class:`~skcnn.CNNClassifier`: every preset,
  ``keras.<Name>`` networks, ImageNet-pretrained bases and a user's own
  ``keras.Model``, through the rescaling, resizing and augmentation layers that
  skcnn puts in front of the architecture.
- :func:`occlusion` greys out one patch at a time and records how much the
  class probability drops (Zeiler and Fergus 2014). It only calls
  ``predict_proba``, so it works on any classifier of images.

The plots built on them are :func:`skcnn.plotting.plot_gradcam`,
:func:`skcnn.plotting.plot_occlusion` and :func:`skcnn.plotting.plot_top_losses`.
Importing this module loads neither TensorFlow nor Keras: :func:`gradcam` uses
the Keras the fitted estimator already loaded.
"""

from __future__ import annotations

import math
import weakref
from numbers import Real

import numpy as np

from ._checks import check_fitted
from ._fitted import decoded, fitted_images, is_model, predict_proba, walk_layers
from ._labels import native

__all__ = ["gradcam", "gradcam_layer", "occlusion"]

# Images per gradient pass of Grad-CAM, and occluded images per predict_proba
# call of occlusion: they bound the memory of the activations.
_GRADCAM_BATCH = 32
_OCCLUSION_BATCH = 256
# The default Grad-CAM layer has maps at least this many cells across (see
# gradcam's docstring and docs/inspection.rst for the measurement behind it).
_MIN_MAP_CELLS = 20
# Gradient models already built, per network and layer: building one walks the
# whole graph, which takes about a second for the large presets.
_GRADIENT_MODELS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


# --------------------------------------------------------------------------
# Grad-CAM
# --------------------------------------------------------------------------


def gradcam(estimator, X, target=None, layer=None, *, method="gradcam"):
    """Grad-CAM heat maps: where a convolutional layer saw evidence for a class.

    For each image, the feature maps :math:`A^k` of ``layer`` are weighted by
    the spatial mean of the gradient of the class score :math:`y^c` with respect
    to them, summed and passed through a ReLU (Selvaraju et al. 2017):
    :math:`\\mathrm{ReLU}(\\sum_k \\alpha_k^c A^k)` with
    :math:`\\alpha_k^c = \\operatorname{mean}_{i,j} \\partial y^c / \\partial A^k_{ij}`.
    With ``method="hirescam"`` the gradient is not averaged: each cell's
    activations are multiplied by the gradient at that cell,
    :math:`\\mathrm{ReLU}(\\sum_k \\partial y^c / \\partial A^k \\odot A^k)`
    (HiResCAM, Draelos and Carin 2020). The map is resized (bilinearly) from
    the layer's height and width to the image's and divided by its maximum.

    Parameters
    ----------
    estimator : CNNClassifier
        A fitted classifier.
    X : array-like of shape (n, d), (n, h, w) or (n, h, w, c), DataFrame, or ImageFiles
        Images in any layout the estimator accepts; image files
        (:class:`skcnn.datasets.ImageFiles`) are decoded a batch at a time.
    target : label or array-like of shape (n,), default=None
        The class to explain: one of ``estimator.classes_`` for every image, or
        one label per image. By default each image's predicted class.
    layer : str, default=None
        The layer whose feature maps are weighed, by name (``"conv2"``) or by
        path through nested models as :meth:`CNNClassifier.summary` shows it
        (``"simple/conv2"``); any layer whose output has shape (height, width,
        channels). By default the output of the last convolution block whose
        maps are at least 20 cells across (height and width) in the network
        as built for the estimator's images, or, when none is, of the block
        with the largest maps. A block is a convolution layer followed through
        the layers after it that keep its height and width (batch
        normalization, activation, the residual addition or the concatenation
        that ends it), as Keras's Grad-CAM example takes
        ``block14_sepconv2_act`` of Xception. :func:`gradcam_layer` says which
        layer that is; the Notes say why 20.
    method : {"gradcam", "hirescam"}, default="gradcam"
        ``"gradcam"`` weighs each feature map by its mean gradient;
        ``"hirescam"`` multiplies maps and gradients cell by cell, so the map
        shows what the class score actually rests on at each position (for a
        network that pools its last maps globally, the two are the same at
        its last layer).

    Returns
    -------
    ndarray of shape (n, h, w)
        One map per image, float64 in [0, 1], at the size of the images: 1
        where the evidence for the class is strongest, 0 where there is none.
        An image with no positive evidence at that layer gets a map of zeros.

    Raises
    ------
    sklearn.exceptions.NotFittedError
        If the estimator is not fitted.
    ValueError
        If ``layer`` names no layer (the message lists the convolution layers)
        or a layer without spatial maps, ``target`` is not among ``classes_``,
        or the images do not have the estimator's shape.

    See Also
    --------
    occlusion : A map from predictions alone, without gradients.
    skcnn.plotting.plot_gradcam : The maps over the images.

    Notes
    -----
    The default layer. The last convolution (the paper's choice) has the most
    class-specific features but the coarsest maps: for the small images skcnn
    is often used on they are 1x1 to 4x4, and a map upsampled from so few
    cells cannot point at a 5-pixel object. On the localization tasks of
    ``benchmarks/tasks/localization.py`` (a bright 5x5 square on 24x24 or
    32x32 noise; ``benchmarks/bench_localization.py`` scores every
    convolution), the maps peaked on the square for most images only at
    layers with maps 20 or more cells across, or at the finest layer a
    network has: the ``simple`` preset's at 9x9 and 13x13 (``conv2``) for
    36-72 % of the images (two runs), at 22x22 and 30x30 (``conv1``) for all
    of them, at its last convolution (2x2, 4x4) for 2-15 %. docs/inspection.rst gives the
    table for every preset. The rule reads the layers' output shapes of the
    network as built, so it adapts to the image size (and to the in-graph
    resizing): for 224x224 images it takes ResNet-50's ``conv3_block4_out``
    (28x28). Pass ``layer=`` for a deeper, more abstract layer.

    HiResCAM is faithful where Grad-CAM is not: Grad-CAM's mean gradient is
    the same at every position, so for a network that flattens its maps into
    dense layers (``simple``, ``lenet5``, ``fashion``, ``vgg*``, ``alexnet``)
    it credits positions the score does not depend on (Draelos and Carin
    2020). Neither finds evidence that lies in *where* a thing is rather than
    in the thing (left or right half, say): use :func:`occlusion`.

    The class score is the input of the final softmax (the logit), as in the
    paper: the gradient of a probability close to 1 vanishes. For a network
    whose last layer is not a softmax or sigmoid, it is the network's output.
    Dropout and augmentation layers are inactive, as in ``predict``; with
    ``tta=True`` the maps explain the image itself, not its mirror image.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skcnn import CNNClassifier
    >>> from skcnn.inspection import gradcam
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = CNNClassifier(filters=4, epochs=1, random_state=0).fit(X[:100], y[:100])
    >>> maps = gradcam(clf, X[:5])
    >>> maps.shape
    (5, 8, 8)
    >>> bool(maps.min() >= 0 and maps.max() <= 1)
    True
    >>> gradcam(clf, X[:5], target=3, layer="conv2", method="hirescam").shape
    (5, 8, 8)

    References
    ----------
    R. R. Selvaraju, M. Cogswell, A. Das, R. Vedantam, D. Parikh and D. Batra,
    "Grad-CAM: Visual Explanations from Deep Networks via Gradient-based
    Localization", ICCV 2017, arXiv:1610.02391.

    R. L. Draelos and L. Carin, "Use HiResCAM instead of Grad-CAM for faithful
    explanations of convolutional neural networks", 2020, arXiv:2011.08891.
    """
    method = _check_method(method)
    images = fitted_images(estimator, X)
    indices = _class_indices(estimator, target, images)
    return _gradcam_maps(estimator, images, indices, layer, method)[0]


def _gradcam_maps(estimator, images, indices, layer=None, method="gradcam"):
    """Grad-CAM (or HiResCAM) maps of validated images for class indices
    (``classes_`` positions), and the path of the layer used."""
    keras = _keras()
    path, model = _gradient_model(keras, estimator.model_, layer)
    import tensorflow as tf

    maps = []
    for start in range(0, images.shape[0], _GRADCAM_BATCH):
        batch = decoded(images[start : start + _GRADCAM_BATCH])
        picked = tf.constant(indices[start : start + _GRADCAM_BATCH], dtype=tf.int32)
        with tf.GradientTape() as tape:
            out = model(tf.convert_to_tensor(batch.astype(np.float32)), training=False)
            score = tf.reduce_sum(tf.gather(out["scores"], picked, axis=1, batch_dims=1))
        grads = tape.gradient(score, out["maps"])
        if grads is None:
            raise ValueError(
                f"The class score does not depend on layer {path!r}; pick a layer on the "
                f"path from the input to the output."
            )
        maps.append(_combine(np.asarray(out["maps"]), np.asarray(grads), method))
    return _to_image_size(keras, np.concatenate(maps), images.shape[1:3]), path


def _combine(activations, grads, method):
    """The ReLU of the class-evidence map on the layer's grid, (n, h', w'), from
    the activations and gradients (n, h', w', k): Grad-CAM weighs each channel
    by its mean gradient, HiResCAM multiplies them element-wise."""
    activations = activations.astype(np.float64)
    grads = grads.astype(np.float64)
    if method == "hirescam":
        evidence = np.einsum("nhwk,nhwk->nhw", activations, grads)
    else:
        evidence = np.einsum("nhwk,nk->nhw", activations, grads.mean(axis=(1, 2)))
    return np.maximum(evidence, 0.0)


_METHODS = ("gradcam", "hirescam")


def _check_method(method):
    if not (isinstance(method, str) and method in _METHODS):
        raise ValueError(
            f"method must be one of {list(_METHODS)}, got {method!r}: 'gradcam' weighs each "
            f"feature map by its mean gradient, 'hirescam' multiplies maps and gradients "
            f"cell by cell."
        )
    return method


def gradcam_layer(estimator, layer=None):
    """The path of the layer :func:`gradcam` uses for ``layer``.

    Parameters
    ----------
    estimator : CNNClassifier
        A fitted classifier.
    layer : str, default=None
        As in :func:`gradcam`.

    Returns
    -------
    str
        The layer's path, as :meth:`CNNClassifier.summary` names it (nested
        models' names first, ``"simple/conv3"``).

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skcnn import CNNClassifier
    >>> from skcnn.inspection import gradcam_layer
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = CNNClassifier(filters=4, epochs=1, random_state=0).fit(X[:100], y[:100])
    >>> gradcam_layer(clf)  # resized to 18x18: conv1 16x16, conv2 6x6, conv3 1x1
    'simple/conv1'
    >>> gradcam_layer(clf, "conv2")
    'simple/conv2'
    """
    check_fitted(estimator)
    return _resolve_layer(_keras(), estimator.model_, layer)[0]


def _gradient_model(keras, network, layer):
    """(path, model): a model from the network's input to a dict of the
    chosen layer's ``"maps"``, the class ``"scores"`` and the ``"output"``."""
    path, target, parents = _resolve_layer(keras, network, layer)
    cache = _GRADIENT_MODELS.setdefault(network, {})
    if path not in cache:
        cache[path] = _rebuild(keras, network, target, parents[1:], want_scores=True)
    return path, cache[path]


def _rebuild(keras, model, target, inner, *, want_scores):
    """A functional model over ``model``'s graph, sharing its layers, whose
    output is a dict: ``"output"`` (the model's), ``"maps"`` (the target
    layer's output, when the target is in ``model``) and, with
    ``want_scores``, ``"scores"`` (the input of a final softmax or sigmoid).

    ``inner`` lists the nested models from ``model`` down to the one that
    holds ``target``: each is rebuilt the same way and called in its place.
    """
    final = model.layers[-1]
    rebuilt = {}
    if inner:
        rebuilt[id(inner[0])] = _rebuild(
            keras, inner[0], target, inner[1:], want_scores=want_scores and inner[0] is final
        )
    if want_scores and is_model(final) and id(final) not in rebuilt:
        rebuilt[id(final)] = _rebuild(keras, final, None, (), want_scores=True)
    captured = {}

    def call(layer, *args, **kwargs):
        if id(layer) in rebuilt:
            result = rebuilt[id(layer)](*args, **kwargs)
            captured.update({k: v for k, v in result.items() if k != "output"})
            return result["output"]
        out = layer(*args, **kwargs)
        if layer is target:
            captured["maps"] = out
        if want_scores and layer is final:
            captured["scores"] = _scores(keras, layer, args, out)
        return out

    inputs, output = _trace(keras, model, call)
    return keras.Model(inputs, {"output": output, **captured}, name=f"{model.name}_gradcam")


def _trace(keras, model, call):
    """New input(s) and the output of ``model``'s graph run on them, each layer
    called through ``call(layer, *args, **kwargs)`` (the layers are shared)."""
    if isinstance(model, keras.Sequential):
        source = model.inputs[0]
        inputs = keras.Input(batch_shape=source.shape, dtype=source.dtype)
        x = inputs
        for layer in model.layers:
            x = call(layer, x)
        return inputs, x
    copy = keras.models.clone_model(model, clone_function=lambda layer: layer, call_function=call)
    inputs = copy.inputs[0] if len(copy.inputs) == 1 else copy.inputs
    return inputs, copy.outputs[0]


def _scores(keras, layer, args, output):
    """The class scores of the final layer: its pre-activation when it ends in a
    softmax or sigmoid, whose gradient vanishes for confident predictions."""
    squash = (keras.activations.softmax, keras.activations.sigmoid)
    activation = getattr(layer, "activation", None)
    if isinstance(layer, keras.layers.Dense) and activation in squash:
        z = keras.ops.matmul(
            keras.ops.cast(args[0], "float32"), keras.ops.cast(layer.kernel, "float32")
        )
        if layer.bias is not None:
            z = z + keras.ops.cast(layer.bias, "float32")
        return z
    softmax_layer = isinstance(layer, keras.layers.Softmax)
    if softmax_layer or (isinstance(layer, keras.layers.Activation) and activation in squash):
        return keras.ops.cast(args[0], "float32")
    return keras.ops.cast(output, "float32")


def _to_image_size(keras, maps, size):
    """Bilinear resize of (n, h', w') maps to (n, h, w), each divided by its maximum."""
    if maps.shape[1:] != tuple(size):
        shrink = maps.shape[1] > size[0] or maps.shape[2] > size[1]
        resized = keras.ops.image.resize(
            maps[..., np.newaxis].astype(np.float32),
            tuple(size),
            interpolation="bilinear",
            antialias=shrink,
        )
        maps = np.asarray(keras.ops.convert_to_numpy(resized), dtype=np.float64)[..., 0]
        maps = np.maximum(maps, 0.0)
    peak = maps.max(axis=(1, 2), keepdims=True)
    return np.divide(maps, peak, out=np.zeros_like(maps), where=peak > 0)


# --------------------------------------------------------------------------
# Choosing the layer
# --------------------------------------------------------------------------


def _spatial(layer):
    """Whether the layer outputs feature maps (batch, height, width, channels)."""
    try:
        shape = layer.output.shape
    except (AttributeError, ValueError):
        return False
    return len(shape) == 4


def _is_conv(keras, layer):
    kinds = (
        keras.layers.Conv2D,
        keras.layers.Conv2DTranspose,
        keras.layers.DepthwiseConv2D,
        keras.layers.SeparableConv2D,
    )
    return isinstance(layer, kinds)


def _resolve_layer(keras, model, name):
    """(path, layer, parents) of the layer Grad-CAM weighs."""
    entries = list(walk_layers(model))
    convs = [e for e in entries if _is_conv(keras, e[1]) and _spatial(e[1])]
    if name is None:
        if not convs:
            raise ValueError(
                f"The network has no convolution layer with spatial maps (its layers are "
                f"{[e[0] for e in entries]}); pass layer= naming a layer whose output is "
                f"(height, width, channels)."
            )
        return _default_layer(keras, convs)
    if not isinstance(name, str):
        raise TypeError(f"layer must be a layer name (str) or None, got {type(name).__name__}.")
    matches = [e for e in entries if name in (e[0], e[1].name)]
    conv_paths = [e[0] for e in convs]
    if not matches:
        raise ValueError(
            f"The network has no layer named {name!r}. Its convolution layers are "
            f"{conv_paths}; pass one of them (or any layer with spatial maps) as layer=."
        )
    if len(matches) > 1:
        raise ValueError(
            f"Several layers are named {name!r}: {[e[0] for e in matches]}; pass the full path."
        )
    found = matches[0]
    if not _spatial(found[1]):
        shape = _output_shape(found[1])
        raise ValueError(
            f"Layer {found[0]!r} ({type(found[1]).__name__}) outputs shape {shape}, not "
            f"spatial maps (batch, height, width, channels): Grad-CAM needs a layer before "
            f"the network flattens or pools its maps, such as the convolution layers "
            f"{conv_paths}."
        )
    return found


def _default_layer(keras, convs):
    """The default layer: the output of the last convolution block whose maps
    are at least ``_MIN_MAP_CELLS`` cells across, else the block with the
    largest maps (the last of them on a tie)."""
    blocks = [_block_output(keras, e) for e in convs]
    across = [min(_map_size(b[1])) for b in blocks]
    wide = [b for b, cells in zip(blocks, across, strict=True) if cells >= _MIN_MAP_CELLS]
    if wide:
        return wide[-1]
    largest = max(math.prod(_map_size(b[1])) for b in blocks)
    return [b for b in blocks if math.prod(_map_size(b[1])) == largest][-1]


def _map_size(layer):
    """(height, width) of a spatial layer's maps."""
    return tuple(int(v) for v in layer.output.shape[1:3])


def _output_shape(layer):
    try:
        return tuple(layer.output.shape)
    except (AttributeError, ValueError):
        return "unknown"


_PASS_THROUGH = ("Dropout", "SpatialDropout2D", "GaussianNoise", "GaussianDropout")


def _block_output(keras, entry):
    """From the last convolution, the last layer after it in the same model
    that keeps its height and width: the output of its block."""
    path, conv, parents = entry
    layers = parents[-1].layers
    start = next(i for i, layer in enumerate(layers) if layer is conv)
    size = tuple(conv.output.shape[1:3])
    end = start
    for i in range(start + 1, len(layers)):
        layer = layers[i]
        if is_model(layer) or not _spatial(layer) or tuple(layer.output.shape[1:3]) != size:
            break
        end = i
    while end > start and type(layers[end]).__name__ in _PASS_THROUGH:
        end -= 1
    chosen = layers[end]
    return (
        f"{path.rsplit('/', 1)[0]}/{chosen.name}" if "/" in path else chosen.name,
        chosen,
        parents,
    )


# --------------------------------------------------------------------------
# Occlusion
# --------------------------------------------------------------------------


def occlusion(estimator, X, patch=None, stride=None, target=None, *, fill="mean"):
    """Occlusion sensitivity maps: the drop in the class probability when each
    patch of the image is greyed out (Zeiler and Fergus 2014).

    A grey square of ``patch`` pixels slides over each image in steps of
    ``stride``; for every position the estimator predicts the occluded image,
    and the drop ``p(class | image) - p(class | occluded image)`` is recorded.
    Each pixel gets the mean drop of the patches that cover it. Only
    ``predict_proba`` is called, so any classifier of images will do.

    Parameters
    ----------
    estimator : classifier
        A fitted classifier with ``predict_proba`` and ``classes_``: a
        :class:`~skcnn.CNNClassifier` (any layout of ``X`` it accepts), or any
        other estimator that takes ``X`` as images of shape (n, h, w) or
        (n, h, w, c).
    X : array-like or ImageFiles
        Images; image files (:class:`skcnn.datasets.ImageFiles`) are decoded a
        batch at a time.
    patch : int or (int, int), default=None
        Height and width of the grey square. By default a quarter of the
        image's smaller side (at least 1 pixel): 2 for 8x8 digits, 7 for 28x28.
    stride : int or (int, int), default=None
        Step between patch positions; by default half the patch (at least 1),
        so that every pixel is covered by several patches. A last position
        flush with the bottom and right edges is always added, so every pixel
        is covered.
    target : label or array-like of shape (n,), default=None
        The class whose probability is watched: one of ``classes_`` for every
        image, or one label per image. By default each image's predicted class.
    fill : "mean" or float, default="mean"
        The grey value, in the units of ``X``: ``"mean"`` is the mean pixel of
        ``X`` (per channel), a number is used as is.

    Returns
    -------
    ndarray of shape (n, h, w)
        Float64 drops in probability, in [-1, 1]: large where hiding the
        pixels costs the class most, negative where hiding them helps it.

    Raises
    ------
    sklearn.exceptions.NotFittedError
        If the estimator is not fitted.
    ValueError
        If ``patch`` or ``stride`` is not a positive size, the patch is larger
        than the image or the stride larger than the patch, ``target`` is not
        among ``classes_``, or ``X`` is not images.

    See Also
    --------
    gradcam : A map from the network's gradients, in one pass.
    skcnn.plotting.plot_occlusion : The maps over the images.

    Notes
    -----
    The cost is one prediction per image and patch position: about
    ``(h / stride) * (w / stride)`` predictions per image.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skcnn import CNNClassifier
    >>> from skcnn.inspection import occlusion
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = CNNClassifier(filters=4, epochs=1, random_state=0).fit(X[:100], y[:100])
    >>> maps = occlusion(clf, X[:3], patch=2, stride=1)
    >>> maps.shape
    (3, 8, 8)
    >>> bool(abs(maps).max() <= 1)
    True
    """
    images, to_input = _occlusion_images(estimator, X)
    n, h, w, channels = images.shape
    ph, pw = _size_pair(patch, "patch", default=max(1, min(h, w) // 4), limit=(h, w))
    sh, sw = _size_pair(stride, "stride", default=(max(1, ph // 2), max(1, pw // 2)), limit=None)
    if sh > ph or sw > pw:
        raise ValueError(
            f"stride={stride!r} is larger than patch ({ph}, {pw}): the pixels between two "
            f"patches would be covered by none. Pass a stride no larger than the patch."
        )
    grey = _fill_value(fill, images)
    base = predict_proba(estimator, to_input(images))
    indices = _class_indices(estimator, target, images, proba=base)
    positions = [(r, c) for r in _starts(h, ph, sh) for c in _starts(w, pw, sw)]
    drops = np.empty((n, len(positions)))
    per_call = max(1, _OCCLUSION_BATCH // len(positions))
    for first in range(0, n, per_call):
        chunk = decoded(images[first : first + per_call])
        occluded = np.repeat(chunk, len(positions), axis=0)
        for k, (r, c) in enumerate(positions):
            occluded[k :: len(positions), r : r + ph, c : c + pw, :] = grey
        proba = predict_proba(estimator, to_input(occluded))
        proba = proba.reshape(chunk.shape[0], len(positions), -1)
        rows = np.arange(first, first + chunk.shape[0])
        drops[rows] = base[rows, indices[rows], None] - proba[rows - first, :, indices[rows]]
    total = np.zeros((n, h, w))
    count = np.zeros((h, w))
    for k, (r, c) in enumerate(positions):
        total[:, r : r + ph, c : c + pw] += drops[:, k, None, None]
        count[r : r + ph, c : c + pw] += 1
    return total / count


def _occlusion_images(estimator, X):
    """(images (n, h, w, c), function giving images back in the layout the
    estimator predicts from)."""
    check_fitted(estimator, ("classes_",))
    if hasattr(estimator, "input_shape_"):
        return fitted_images(estimator, X), lambda images: images
    arr = np.asarray(X)
    if arr.ndim == 3:
        return arr[..., np.newaxis], lambda images: images[..., 0]
    if arr.ndim == 4:
        return arr, lambda images: images
    raise ValueError(
        f"X has shape {arr.shape}; occlusion needs images of shape (n, h, w) or (n, h, w, c) "
        f"for an estimator without skcnn's input_shape_ (reshape flat rows to images first, "
        f"and let the estimator flatten them)."
    )


def _size_pair(value, name, *, default, limit):
    if value is None:
        value = default
    pair = (value, value) if _is_whole(value) else value
    try:
        pair = tuple(pair)
    except TypeError:
        pair = ()
    if len(pair) != 2 or not all(_is_whole(v) and v >= 1 for v in pair):
        raise ValueError(
            f"{name} must be a positive int or a (height, width) pair of them, got {value!r}."
        )
    pair = (int(pair[0]), int(pair[1]))
    if limit is not None and (pair[0] > limit[0] or pair[1] > limit[1]):
        raise ValueError(
            f"{name}={value!r} is larger than the images, which are {limit[0]}x{limit[1]}; "
            f"pass a smaller {name}."
        )
    return pair


def _is_whole(value):
    return isinstance(value, Real) and not isinstance(value, bool) and float(value).is_integer()


def _starts(size, patch, stride):
    starts = list(range(0, size - patch + 1, stride))
    if starts[-1] != size - patch:
        starts.append(size - patch)
    return starts


def _fill_value(fill, images):
    if isinstance(fill, str) and fill == "mean":
        value = _channel_mean(images)
    elif isinstance(fill, Real) and not isinstance(fill, bool) and math.isfinite(fill):
        value = np.full(images.shape[-1], float(fill))
    else:
        raise ValueError(f"fill must be 'mean' or a finite number, got {fill!r}.")
    if np.issubdtype(images.dtype, np.integer):
        info = np.iinfo(images.dtype)
        value = np.clip(np.rint(value), info.min, info.max)
    return value.astype(images.dtype)


def _channel_mean(images):
    """The mean pixel per channel; image files are decoded a batch at a time."""
    from ._inputs.validation import is_image_files

    if not is_image_files(images):
        return images.reshape(-1, images.shape[-1]).mean(axis=0)
    total = np.zeros(images.shape[-1])
    for batch in images.batches(_OCCLUSION_BATCH):
        total += batch.reshape(-1, images.shape[-1]).sum(axis=0, dtype=np.float64)
    return total / (math.prod(images.shape[:3]))


# --------------------------------------------------------------------------
# Shared checks
# --------------------------------------------------------------------------


def _class_indices(estimator, target, images, *, proba=None):
    """Positions in ``classes_`` of the classes to explain, one per image.

    ``target=None`` takes each image's predicted class (from ``proba``, else
    from ``estimator.predict_proba``).
    """
    classes = getattr(estimator, "classes_", None)
    if classes is None:
        raise ValueError(
            f"{type(estimator).__name__} has no classes_: the maps explain a classifier's "
            f"class scores; pass a fitted classifier."
        )
    n = images.shape[0]
    if target is None:
        if proba is None:
            proba = predict_proba(estimator, images)
        return np.argmax(np.asarray(proba), axis=1)
    positions = {native(c): i for i, c in enumerate(classes)}
    values = [target] * n if np.ndim(target) == 0 else list(np.asarray(target, dtype=object))
    if len(values) != n:
        raise ValueError(
            f"target has {len(values)} labels for {n} images; pass one class for all images "
            f"or one label per image."
        )
    unknown = [v for v in values if native(v) not in positions]
    if unknown:
        raise ValueError(
            f"target={native(unknown[0])!r} is not among the estimator's classes "
            f"{[native(c) for c in classes]}; pass one of them, or target=None for each "
            f"image's predicted class."
        )
    return np.array([positions[native(v)] for v in values], dtype=np.int64)


def _keras():
    from ._keras import get_keras

    return get_keras()
