"""Pretrained weights for a freshly built network (the estimator's ``weights`` and
``trainable``).

``weights`` is ``"imagenet"`` (handled by :mod:`skcnn._training.network` with
:mod:`skcnn.architectures.keras_apps`), a ``.keras`` or ``.weights.h5`` file, or a
``keras.Model``. A file or model gives its weights to the layers of the new
network that match it: by layer name, or else in order. ``trainable`` then
freezes the pretrained layers below the classifier.
"""

from __future__ import annotations

import os
from numbers import Integral

IMAGENET = "imagenet"
_SUFFIXES = (".keras", ".weights.h5")


def weights_kind(weights):
    """Classify the ``weights`` parameter: None, ``"imagenet"``, ``"file"`` or
    ``"model"``. Raises for anything else, and for a file that is missing or
    of another format, before any model is built."""
    if weights is None:
        return None
    if isinstance(weights, str) and weights == IMAGENET:
        return IMAGENET
    if isinstance(weights, (str, os.PathLike)):
        path = os.fspath(weights)
        if not path.endswith(_SUFFIXES):
            hint = " Did you mean weights='imagenet'?" if "imagenet" in path.lower() else ""
            raise ValueError(
                f"weights={path!r} is neither 'imagenet' nor a path ending in .keras or "
                f".weights.h5 (a Keras archive, or weights saved with "
                f"model.save_weights).{hint}"
            )
        if not os.path.isfile(path):
            raise FileNotFoundError(f"weights={path!r}: no such file.")
        return "file"
    if is_keras_model(weights):
        return "model"
    raise TypeError(
        f"weights must be None, 'imagenet', a path to a .keras or .weights.h5 file or a "
        f"keras.Model, got {type(weights).__name__}."
    )


def check_trainable(trainable, weights):
    """``trainable`` other than True freezes pretrained layers: it needs ``weights``."""
    if trainable is True or (not isinstance(trainable, Integral)) or weights is not None:
        return
    raise ValueError(
        f"trainable={trainable!r} freezes pretrained layers, but weights=None: there is "
        f"nothing pretrained to freeze. Pass weights ('imagenet', a .keras or .weights.h5 "
        f"file, or a keras.Model), or leave trainable=True."
    )


def weighted_layers(model):
    """The layers holding weights, nested models expanded, in the model's order."""
    found = []
    for layer in model.layers:
        if getattr(layer, "layers", None):
            found.extend(weighted_layers(layer))
        elif layer.weights:
            found.append(layer)
    return found


def freeze(layers, trainable):
    """Freeze ``layers`` (a base, bottom to top) as ``trainable`` says.

    ``True`` leaves every layer trainable, ``False`` (or 0) freezes them all, an
    int ``n`` leaves the top ``n`` trainable. A frozen batch normalization
    layer also stops updating its statistics.
    """
    if trainable is True:
        return
    keep = 0 if trainable is False else int(trainable)
    for layer in layers[: max(len(layers) - keep, 0)]:
        layer.trainable = False


def load_pretrained(network, weights, *, arch_name):
    """Copy the weights of a file or model into ``network``.

    Every layer with weights must find its counterpart, with arrays of the same
    shapes, except the classifier (the last layer with weights): it keeps its
    fresh initialisation when the source's has another shape (another number
    of classes). Layers are matched by name when every name is found, in order
    otherwise.

    Returns
    -------
    bool
        Whether the classifier was loaded too.
    """
    source, ordered = _source_layers(weights)
    targets = weighted_layers(network)
    if not targets:
        return False
    pairs = _match(targets, source, ordered, weights)
    head = targets[-1]
    head_loaded = True
    for layer, (source_name, arrays) in pairs:
        expected = [tuple(w.shape) for w in layer.weights]
        given = [tuple(a.shape) for a in arrays]
        if expected != given:
            if layer is head:
                head_loaded = False
                continue
            raise ValueError(
                f"weights={_describe(weights)} does not fit arch={arch_name!r}: layer "
                f"{layer.name!r} holds arrays of shapes {expected}, but the source's layer "
                f"{source_name!r} has {given}. Build the network the weights come from "
                f"(same arch, filters, arch_kwargs, image channels and, for flattening "
                f"networks, image size)."
            )
        layer.set_weights(arrays)
    return head_loaded


def copy_weights(source, target, *, what, arch_name):
    """Copy ``source``'s weights layer by layer, in order, into ``target`` (the same
    network): the ImageNet weights of a Keras application into a preset."""
    sources, targets = weighted_layers(source), weighted_layers(target)
    if len(sources) != len(targets):
        raise ValueError(
            f"{what} has {len(sources)} layers with weights, arch={arch_name!r} has "
            f"{len(targets)}; the preset's options (arch_kwargs) must keep the published "
            f"network."
        )
    for src, dst in zip(sources, targets, strict=True):
        arrays = src.get_weights()
        expected = [tuple(w.shape) for w in dst.weights]
        given = [tuple(a.shape) for a in arrays]
        if expected != given:
            raise ValueError(
                f"{what} do not fit arch={arch_name!r}: its layer {dst.name!r} holds arrays "
                f"of shapes {expected}, the pretrained layer {src.name!r} {given}. The pretrained "
                f"weights need the published network: leave out the arch_kwargs and filters "
                f"that change it (small_input changes the stem of densenet and xception)."
            )
        dst.set_weights(arrays)


# ---------------------------------------------------------------------- sources
def _source_layers(weights):
    """``[(layer name, arrays)]`` of the weights' source, and whether its order is
    the network's (a model, or a .keras archive) or not (a .weights.h5 file,
    whose groups are sorted by name)."""
    if is_keras_model(weights):
        return [(layer.name, layer.get_weights()) for layer in weighted_layers(weights)], True
    path = os.fspath(weights)
    if path.endswith(".keras"):
        from .._keras import get_keras, keras_objects

        keras = get_keras()
        keras_objects()
        try:
            model = keras.saving.load_model(path, compile=False)
        except Exception as exc:
            raise ValueError(
                f"weights={path!r} could not be read as a Keras archive: {exc}"
            ) from exc
        return _source_layers(model)[0], True
    return _h5_layers(path), False


def _h5_layers(path):
    """Layer names and arrays of a ``.weights.h5`` file (Keras 3's format:
    ``.../<object>/vars/<i>`` groups with the layer's name as attribute)."""
    import h5py
    import numpy as np

    found = []

    def visit(group):
        for key in group:
            item = group[key]
            if not isinstance(item, h5py.Group):
                continue
            if key == "vars":
                if len(item):
                    arrays = [np.asarray(item[str(i)]) for i in range(len(item))]
                    found.append((str(item.attrs.get("name", group.name)), arrays))
            else:
                visit(item)

    try:
        with h5py.File(path, "r") as handle:
            visit(handle)
    except OSError as exc:
        raise ValueError(f"weights={path!r} could not be read as an HDF5 file: {exc}") from exc
    return found


def _match(targets, source, ordered, weights):
    by_name = {}
    for name, arrays in source:
        by_name.setdefault(name, []).append(arrays)
    missing = [t.name for t in targets if len(by_name.get(t.name, ())) != 1]
    if not missing:
        return [(t, (t.name, by_name[t.name][0])) for t in targets]
    if ordered and len(source) == len(targets):
        return list(zip(targets, source, strict=True))
    reason = (
        f"and the source has {len(source)} layers with weights where the network has {len(targets)}"
        if ordered
        else "and a .weights.h5 file is matched by layer name only"
    )
    raise ValueError(
        f"weights={_describe(weights)} has no (unique) weights for the layer(s) "
        f"{missing[:5]}{' ...' if len(missing) > 5 else ''} of the network, {reason}. Pass "
        f"weights saved from the same architecture."
    )


def _describe(weights):
    if is_keras_model(weights):
        return f"<keras.Model {weights.name!r}>"
    return repr(os.fspath(weights))


def is_keras_model(obj):
    """Whether ``obj`` is a Keras model (without importing Keras)."""
    keras_mod = type(obj).__module__.split(".")[0]
    return keras_mod in ("keras", "tf_keras") and hasattr(obj, "layers") and hasattr(obj, "fit")
