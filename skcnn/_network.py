"""Assemble the Keras network the estimator trains.

The estimator decides *what* to build (architecture, sizes, scaling); this
module turns that into a ``keras.Model``: an input layer, in-graph rescaling and
resizing, then the architecture's body.
"""

from __future__ import annotations

from ._keras import get_keras
from .architectures import get_architecture


def resolve_architecture(arch):
    """Return ``(name, builder, min_input_shape)`` for an ``arch`` parameter value.

    ``arch`` is a registry name, a builder callable or a ``keras.Model``; the
    lookup of a name raises before anything is built.
    """
    if isinstance(arch, str):
        spec = get_architecture(arch)
        return spec.name, spec, spec.min_input_shape
    if _is_keras_model(arch):
        return getattr(arch, "name", "model"), arch, None
    if callable(arch):
        return getattr(arch, "__name__", "custom"), arch, None
    raise TypeError(
        f"arch must be a preset name, a builder callable or a keras.Model, got "
        f"{type(arch).__name__}."
    )


def _is_keras_model(obj):
    keras_mod = type(obj).__module__.split(".")[0]
    return keras_mod in ("keras", "tf_keras") and hasattr(obj, "layers") and hasattr(obj, "fit")


def resize_target(image_shape, resize, min_input_shape):
    """Return the (height, width) the network resizes to, or None for no resizing."""
    height, width = image_shape[:2]
    if resize is None:
        return None
    if resize == "auto":
        if min_input_shape is None:
            return None
        target = (max(height, min_input_shape[0]), max(width, min_input_shape[1]))
    else:
        target = tuple(int(s) for s in resize)
        if len(target) != 2 or min(target) < 1:
            raise ValueError(f"resize must be 'auto', None or (height, width), got {resize!r}.")
    return None if target == (height, width) else target


def build_network(
    arch, image_shape, n_classes, *, hyperparams, scale, resize, name_prefix="skcnn"
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

    Returns
    -------
    keras.Model
        Input: float images of ``image_shape``; output: class probabilities.
    """
    arch_name, builder, min_shape = resolve_architecture(arch)
    keras = get_keras()
    target = resize_target(image_shape, resize, min_shape)
    body_shape = (*target, image_shape[2]) if target else tuple(image_shape)

    inputs = keras.Input(shape=tuple(image_shape), name="pixels")
    x = inputs
    if scale is not None and scale != 1.0:
        x = keras.layers.Rescaling(scale, name="rescale")(x)
    if target:
        x = keras.layers.Resizing(*target, name="resize")(x)
    body = _build_body(keras, arch_name, builder, body_shape, n_classes, hyperparams, min_shape)
    outputs = body(x)
    return keras.Model(inputs, outputs, name=f"{name_prefix}_{arch_name}")


def _build_body(keras, arch_name, builder, body_shape, n_classes, hyperparams, min_shape):
    if _is_keras_model(builder):
        body = _copy_user_model(keras, builder)
    else:
        build = builder.load() if hasattr(builder, "load") else builder
        try:
            body = build(body_shape, n_classes, **hyperparams)
        except (TypeError, ValueError) as exc:
            raise type(exc)(
                f"Building arch={arch_name!r} for images of shape {body_shape} with "
                f"{_describe(hyperparams)} failed: {exc}"
                + _size_hint(body_shape, min_shape)
            ) from exc
        if not _is_keras_model(body):
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


def _size_hint(body_shape, min_shape):
    if min_shape is None:
        return ""
    return (
        f" The preset needs images of at least {min_shape[:2]}; use resize='auto' or "
        f"resize=(height, width), or a smaller kernel_size."
    )
