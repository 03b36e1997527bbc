"""Assemble the Keras network the estimator trains.

The estimator decides *what* to build (architecture, sizes, scaling, pretrained
weights, augmentation); this module turns that into a ``keras.Model``: an input
layer, in-graph rescaling and resizing, augmentation layers (active in
training only), then the architecture's body. With ``weights="imagenet"`` the
body is a pretrained base without its classifier and a new head::

    pixels -> rescale -> resize -> [gray_to_rgb] -> [augment_*]
           -> [imagenet_preprocess -> base -> avg_pool -> (top_dropout)] -> predictions
"""

from __future__ import annotations

from numbers import Integral

from .._checks import is_auto
from .._keras import get_keras
from ..architectures import get_architecture
from .augment import augmentation_layers
from .transfer import (
    IMAGENET,
    check_trainable,
    copy_weights,
    freeze,
    is_keras_model,
    load_pretrained,
    weighted_layers,
    weights_kind,
)

# Hyper-parameters that would change the layers pretrained weights go into.
_SHAPE_PARAMS = ("filters", "kernel_size", "dense_units")


def resolve_architecture(arch):
    """Return ``(name, builder, spec)`` for an ``arch`` parameter value.

    ``arch`` is a registry name, a builder callable or a ``keras.Model``;
    ``spec`` is the registry entry (None for a callable or a model). The lookup
    of a name raises before anything is built.
    """
    if isinstance(arch, str):
        spec = get_architecture(arch)
        return spec.name, spec, spec
    if is_keras_model(arch):
        return getattr(arch, "name", "model"), arch, None
    if callable(arch):
        return getattr(arch, "__name__", "custom"), arch, None
    raise TypeError(
        f"arch must be a preset name, a builder callable or a keras.Model, got "
        f"{type(arch).__name__}."
    )


def minimum_shape(spec, hyperparams, *, imagenet=False):
    """The smallest (height, width, channels) the body accepts, for ``resize="auto"``.

    ``arch_kwargs={"small_input": True}`` selects the preset's
    ``small_input_min_shape``; ``weights="imagenet"`` on a preset that is not the
    Keras network itself (resnet50, ``keras.<Name>``) the Keras network's minimum.
    """
    if spec is None:
        return None
    if imagenet and not spec.keras_identical and spec.keras_application:
        return get_architecture(f"keras.{spec.keras_application}").min_input_shape
    return spec.min_shape(small_input=bool(hyperparams.get("small_input", False)))


def resize_target(image_shape, resize, min_input_shape):
    """Return the (height, width) the network resizes to, or None for no resizing.

    ``min_input_shape`` is the resolved minimum (see :func:`minimum_shape`).
    """
    height, width = image_shape[:2]
    if resize is None:
        return None
    if is_auto(resize):
        if min_input_shape is None:
            return None
        target = (max(height, min_input_shape[0]), max(width, min_input_shape[1]))
    else:
        target = tuple(int(s) for s in resize)
        if len(target) != 2 or min(target) < 1:
            raise ValueError(f"resize must be 'auto', None or (height, width), got {resize!r}.")
    return None if target == (height, width) else target


def build_network(
    arch,
    image_shape,
    n_classes,
    *,
    hyperparams,
    scale,
    resize,
    weights=None,
    trainable=True,
    augment=None,
    value_range=None,
    head="softmax",
    name_prefix="skcnn",
):
    """Build the uncompiled network.

    Parameters
    ----------
    arch : str, callable or keras.Model
    image_shape : tuple of int
        (height, width, channels) of the images the estimator receives.
    n_classes : int
    hyperparams : dict
        Keyword arguments for the builder (``filters``, ``arch_kwargs`` entries...).
    scale : float or None
        Multiplier applied inside the graph (``1/255`` for uint8 images).
    resize : str, tuple or None
        The estimator's ``resize`` parameter.
    weights : None, "imagenet", path or keras.Model
        Pretrained weights (see :mod:`skcnn._training.transfer`).
    trainable : bool or int
        ``True``, ``False`` (freeze the pretrained base) or the number of top
        base layers left trainable.
    augment : None, bool or dict
        The estimator's ``augment`` parameter.
    value_range : (float, float), optional
        Range of the pixels after rescaling (random contrast clips to it).
    head : {"softmax", "sigmoid", "linear"}
        Activation of the output layer: class probabilities, independent
        label probabilities (multi-label), or continuous values (regression).
        Every preset ends in a Dense softmax layer, whose activation changes.

    Returns
    -------
    keras.Model
        Input: float images of ``image_shape``; output: ``n_classes`` values.
    """
    arch_name, builder, spec = resolve_architecture(arch)
    trainable = _trainable(trainable)
    kind = weights_kind(weights)
    check_trainable(trainable, weights)
    imagenet = kind == IMAGENET
    channels = image_shape[2]
    if imagenet:
        _check_imagenet(spec, arch_name, hyperparams, channels)
    target = resize_target(image_shape, resize, minimum_shape(spec, hyperparams, imagenet=imagenet))
    body_shape = (*(target or image_shape[:2]), 3 if imagenet else channels)
    augmentation = augmentation_layers(augment, value_range=value_range)

    keras = get_keras()
    inputs = keras.Input(shape=tuple(image_shape), name="pixels")
    x = inputs
    if scale is not None and scale != 1.0:
        x = keras.layers.Rescaling(scale, name="rescale")(x)
    if target:
        x = keras.layers.Resizing(*target, name="resize")(x)
    if imagenet and channels == 1:
        x = keras.layers.Concatenate(name="gray_to_rgb")([x, x, x])
    for layer in augmentation:
        x = layer(x)
    if imagenet:
        outputs = _imagenet_head(
            keras, x, spec, builder, body_shape, n_classes, hyperparams, trainable
        )
    else:
        body = _build_body(keras, arch_name, builder, body_shape, n_classes, hyperparams, spec)
        if kind is not None:
            load_pretrained(body, weights, arch_name=arch_name)
            freeze(weighted_layers(body)[:-1], trainable)
        outputs = body(x)
    model_name = f"{name_prefix}_{arch_name}".replace(".", "_")
    model = keras.Model(inputs, outputs, name=model_name)
    if head != "softmax":
        _set_head(keras, model, head, arch_name)
    return model


def output_layer(model):
    """The layer that computes ``model``'s output, nested models followed."""
    layer = model
    while hasattr(layer, "layers") and layer.layers:
        layer = layer.layers[-1]
    return layer


def _set_head(keras, model, head, arch_name):
    """Give the output layer the activation ``head`` instead of its softmax."""
    layer = output_layer(model)
    if not isinstance(layer, keras.layers.Dense):
        raise ValueError(
            f"arch={arch_name!r} ends with a {type(layer).__name__} layer; a {head} output "
            f"needs the network to end with a Dense layer, whose activation skcnn sets. End "
            f"the model with keras.layers.Dense(n_outputs)."
        )
    layer.activation = keras.activations.get(head)


def embedding_model(model):
    """A model from ``model``'s input to the input of its last Dense layer.

    That is the embedding a classifier head receives: the global-average-pooled
    maps of the ResNets, the last hidden dense layer of LeNet-5. Maps that reach
    the head unpooled (4-D) are global-average-pooled here.
    """
    keras = get_keras()
    inner = model.layers[-1]
    if hasattr(inner, "layers") and inner.layers:
        # The architecture body is a nested model: the layers in front of it
        # (rescaling, resizing; augmentation is inactive here) feed its input.
        features = _features(keras, inner)
        inputs = keras.Input(shape=model.input_shape[1:], name="pixels")
        x = inputs
        for layer in model.layers[1:-1]:
            x = layer(x)
        outputs = keras.Model(inner.inputs, features, name="features")(x)
    else:
        inputs, outputs = model.inputs, _features(keras, model)
    if len(outputs.shape) > 2:
        outputs = keras.layers.GlobalAveragePooling2D(name="features_pool")(outputs)
    return keras.Model(inputs, outputs, name=f"{model.name}_features")


def _features(keras, model):
    """The input tensor of the last Dense layer of a functional model."""
    for layer in reversed(model.layers):
        if isinstance(layer, keras.layers.Dense):
            return layer.input
    raise ValueError(
        f"{model.name} has no Dense layer: skcnn's embeddings are the input of the "
        f"classifier's last Dense layer."
    )


def _trainable(trainable):
    if isinstance(trainable, bool) or type(trainable).__name__ == "bool_":
        return bool(trainable)
    if isinstance(trainable, Integral) and trainable >= 0:
        return int(trainable)
    raise ValueError(f"trainable must be a bool or an int >= 0, got {trainable!r}.")


# --------------------------------------------------------------------- ImageNet
def _check_imagenet(spec, arch_name, hyperparams, channels):
    """Everything ``weights="imagenet"`` needs, checked before building."""
    if spec is None or not spec.keras_application:
        with_weights = ", ".join(_imagenet_presets())
        raise ValueError(
            f"weights='imagenet' needs a preset with Keras ImageNet weights: {with_weights}, "
            f"or any keras.applications model as arch='keras.<Name>'; arch={arch_name!r} "
            f"has none. Pass a .keras/.weights.h5 file or a keras.Model as weights instead."
        )
    given = [k for k in _SHAPE_PARAMS if hyperparams.get(k) is not None]
    if given:
        raise ValueError(
            f"weights='imagenet' loads the published {spec.keras_application} widths, so "
            f"{', '.join(given)} cannot be set (only dropout, which goes before the new "
            f"classifier)."
        )
    extra = sorted(set(hyperparams) - {"dropout", *_SHAPE_PARAMS})
    if extra and not spec.keras_identical and spec.family != "keras":
        raise ValueError(
            f"weights='imagenet' with arch={arch_name!r} builds "
            f"keras.applications.{spec.keras_application} (the network Keras's ImageNet "
            f"weights belong to), which has no option(s) {extra}; leave them out of "
            f"arch_kwargs."
        )
    if channels not in (1, 3):
        raise ValueError(
            f"weights='imagenet' needs RGB images (3 channels) or grayscale ones (1 "
            f"channel, repeated to RGB inside the network); the images have {channels} "
            f"channels."
        )


def _imagenet_presets():
    from ..architectures import list_architectures

    table = list_architectures()
    return [n for n in table.index[table["keras_application"].notna()] if "." not in n]


def _imagenet_head(keras, x, spec, builder, body_shape, n_classes, hyperparams, trainable):
    """The pretrained base without its classifier, then a new head: global
    average pooling, optional dropout and a softmax over ``n_classes``."""
    from ..architectures.keras_apps import imagenet_base, imagenet_preprocessing

    app = spec.keras_application
    kwargs = {k: v for k, v in hyperparams.items() if k not in ("dropout", *_SHAPE_PARAMS)}
    if spec.keras_identical:
        # The preset is the Keras network layer for layer: Keras loads its file
        # into its own network, then the weights move into the preset's layers.
        pretrained = imagenet_base(app, arch=spec.name)
        base = builder.load()(body_shape, n_classes, include_top=False, **kwargs)
        copy_weights(
            pretrained,
            base,
            what=f"keras.applications.{app}'s ImageNet weights",
            arch_name=spec.name,
        )
        del pretrained
    else:
        base = imagenet_base(app, body_shape, arch=spec.name, **kwargs)
    freeze(weighted_layers(base), trainable)
    x = imagenet_preprocessing(app)(x)
    # A partly frozen base runs in inference mode (batch-norm statistics and
    # dropout fixed), as Keras's transfer-learning guide does.
    x = base(x) if trainable is True else base(x, training=False)
    x = keras.layers.GlobalAveragePooling2D(name="avg_pool")(x)
    dropout = hyperparams.get("dropout")
    if dropout:
        x = keras.layers.Dropout(dropout, name="top_dropout")(x)
    return keras.layers.Dense(n_classes, activation="softmax", name="predictions")(x)


# ------------------------------------------------------------------------- body
def _build_body(keras, arch_name, builder, body_shape, n_classes, hyperparams, spec):
    if is_keras_model(builder):
        body = _copy_user_model(keras, builder)
    else:
        build = builder.load() if hasattr(builder, "load") else builder
        try:
            body = build(body_shape, n_classes, **hyperparams)
        except (TypeError, ValueError) as exc:
            raise type(exc)(
                f"Building arch={arch_name!r} for images of shape {body_shape} with "
                f"{_describe(hyperparams)} failed: {exc}"
                + _size_hint(body_shape, spec, hyperparams)
            ) from exc
        if not is_keras_model(body):
            raise TypeError(
                f"The builder for arch={arch_name!r} returned {type(body).__name__}; a "
                "builder must return a keras.Model."
            )
    _check_body(body, arch_name, body_shape, n_classes)
    return body


def _copy_user_model(keras, model):
    """A fresh copy of a user's model, so fitting never trains the user's object."""
    try:
        return keras.models.clone_model(model)
    except Exception as exc:  # subclassed models without get_config
        raise TypeError(
            f"arch={model.name!r} could not be copied with keras.models.clone_model "
            f"({exc}). Pass a builder function that returns a new model instead."
        ) from exc


def _check_body(body, arch_name, body_shape, n_classes):
    expected_in = tuple(body.input_shape[1:]) if hasattr(body, "input_shape") else None
    mismatch = expected_in is not None and (
        len(expected_in) != len(body_shape)
        or any(e is not None and e != s for e, s in zip(expected_in, body_shape, strict=True))
    )
    if mismatch:
        raise ValueError(
            f"arch={arch_name!r} expects inputs of shape {expected_in}, but the images are "
            f"{body_shape} after resizing. Build the model with keras.Input(shape="
            f"{body_shape}) or set resize=(height, width) to match it."
        )
    units = body.output_shape[-1] if hasattr(body, "output_shape") else None
    if units is not None and units != n_classes:
        raise ValueError(
            f"arch={arch_name!r} ends with {units} output units, but y has {n_classes} "
            f"classes. Make its last layer Dense({n_classes}, activation='softmax')."
        )


def _describe(hyperparams):
    if not hyperparams:
        return "the preset's defaults"
    return ", ".join(f"{k}={v!r}" for k, v in hyperparams.items())


def _size_hint(body_shape, spec, hyperparams):
    min_shape = minimum_shape(spec, hyperparams)
    if min_shape is None:
        return ""
    hint = (
        f" The preset needs images of at least {min_shape[:2]}; use resize='auto' or "
        f"resize=(height, width), or a smaller kernel_size"
    )
    if spec.small_input_min_shape is not None and not hyperparams.get("small_input"):
        hint += (
            f", or arch_kwargs={{'small_input': True}} (down to {spec.small_input_min_shape[:2]})"
        )
    return hint + "."
