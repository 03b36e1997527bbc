"""Data augmentation as Keras preprocessing layers (the estimator's ``augment``).

The layers sit inside the network, after rescaling and resizing. Keras runs
them only while training (``model.fit``); at prediction time they pass images
through unchanged, so ``predict`` and ``predict_proba`` are those of the
network without them.
"""

from __future__ import annotations

from numbers import Real

from .._checks import is_auto

# augment=True: AlexNet's recipe (Krizhevsky et al., 2012, section 4.1) with
# Keras's layers: horizontal reflections, translations standing in for its
# random 224x224 crops of 256x256 images (about 10% each way), and a contrast
# jitter standing in for its PCA colour noise.
ALEXNET_AUGMENT = {"flip": "horizontal", "translation": 0.1, "contrast": 0.1}

# augment="auto" on small images: the jitter measured best on digits
# (docs/benchmarks.md): shifts of up to a tenth of the image, rotations of up
# to 18 degrees, zooms of up to 10 %. No flips: "auto" cannot know whether a
# mirrored image shows the same class (a mirrored 3 is not a 3).
SMALL_IMAGE_AUGMENT = {"translation": 0.1, "rotation": 0.05, "zoom": 0.1}
# Sides (pixels) of the images "auto" augments: the digits' 8x8, up to 12x12.
# On the task suite (benchmarks/tasks, issue 23) the jitter cost accuracy on
# every larger image it was tried on: Fashion-MNIST's 28x28 at 1,500 training
# images (0.790 against 0.830 without) and 5,000 (0.840 against 0.872), and
# 16x16 composites of four digits (micro F1 0.831 against 0.947); it paid only
# on the 8x8 digits. 1-pixel-high signals are not images to rotate.
SMALL_IMAGE_SIDES = (8, 12)
# ... and only for small training sets: the gain was measured on 1,437 digits;
# on all 60,000 Fashion-MNIST images the fashion preset's 20 default epochs ended
# 3 points lower with it (0.894 against 0.924). The bound lies between the two.
SMALL_TRAINING_SET = 10_000

# Applied in this order: geometry first, then intensity.
AUGMENT_KEYS = ("flip", "translation", "rotation", "zoom", "contrast")

_FLIP_MODES = ("horizontal", "vertical", "horizontal_and_vertical")


def resolve_augment(augment, image_shape=None, n_images=0):
    """The ``augment`` parameter as a dict of the transformations to apply.

    ``None`` and ``False`` give ``{}``, ``True`` gives :data:`ALEXNET_AUGMENT`,
    ``"auto"`` gives :data:`SMALL_IMAGE_AUGMENT` for images of ``image_shape``
    ``(height, width, channels)`` whose sides lie within
    :data:`SMALL_IMAGE_SIDES`, when there are at most
    :data:`SMALL_TRAINING_SET` of them (``n_images``), else ``{}``; a dict is checked (keys among
    :data:`AUGMENT_KEYS`) and entries that are ``None``, ``False`` or ``0``
    are dropped.

    Examples
    --------
    >>> from skcnn._training.augment import resolve_augment
    >>> resolve_augment("auto", (8, 8, 1))
    {'translation': 0.1, 'rotation': 0.05, 'zoom': 0.1}
    >>> resolve_augment("auto", (28, 28, 1))
    {}
    >>> resolve_augment("auto", (8, 8, 1), n_images=60000)
    {}
    """
    if augment is None or augment is False:
        return {}
    if is_auto(augment):
        low, high = SMALL_IMAGE_SIDES
        small = image_shape is not None and all(low <= side <= high for side in image_shape[:2])
        few = n_images <= SMALL_TRAINING_SET
        return dict(SMALL_IMAGE_AUGMENT) if small and few else {}
    if augment is True:
        return dict(ALEXNET_AUGMENT)
    if not isinstance(augment, dict):
        raise TypeError(f"augment must be None, a bool or a dict, got {type(augment).__name__}.")
    unknown = sorted(set(augment) - set(AUGMENT_KEYS))
    if unknown:
        raise ValueError(
            f"augment has unknown key(s) {unknown}; use {list(AUGMENT_KEYS)}, e.g. "
            f"augment={{'translation': 0.1, 'rotation': 0.05}}."
        )
    resolved = {}
    for key in AUGMENT_KEYS:
        value = augment.get(key)
        if value is None or value is False or (_is_number(value) and value == 0):
            continue
        resolved[key] = _check_value(key, value)
    return resolved


def augmentation_layers(augment, *, value_range=None, seed=None):
    """Keras preprocessing layers for ``augment`` (possibly none).

    Parameters
    ----------
    augment : None, bool or dict
        The estimator's ``augment`` parameter.
    value_range : (float, float), optional
        Range of the pixels the layers receive; random contrast clips to it.
        Defaults to ``(0, 1)``, the range after ``rescale="auto"``.
    seed : int, optional
        Seed of the first layer; each further layer gets the next integer.

    Returns
    -------
    list of keras.layers.Layer
    """
    settings = resolve_augment(augment)
    if not settings:
        return []
    from .._keras import get_keras

    keras = get_keras()
    layers = []
    for i, (key, value) in enumerate(settings.items()):
        kwargs = {"seed": None if seed is None else int(seed) + i, "name": f"augment_{key}"}
        if key == "flip":
            mode = "horizontal" if value is True else value
            layers.append(keras.layers.RandomFlip(mode, **kwargs))
        elif key == "translation":
            height, width = _pair(value)
            layers.append(keras.layers.RandomTranslation(height, width, **kwargs))
        elif key == "rotation":
            layers.append(keras.layers.RandomRotation(value, **kwargs))
        elif key == "zoom":
            height, width = _pair(value)
            layers.append(keras.layers.RandomZoom(height, width, **kwargs))
        else:
            low, high = (0.0, 1.0) if value_range is None else value_range
            layers.append(
                keras.layers.RandomContrast(value, value_range=(float(low), float(high)), **kwargs)
            )
    return layers


def _is_number(value):
    return isinstance(value, Real) and not isinstance(value, bool)


def _pair(value):
    if _is_number(value):
        return float(value), float(value)
    return float(value[0]), float(value[1])


def _check_value(key, value):
    if key == "flip":
        if value is True or value in _FLIP_MODES:
            return value
        raise ValueError(
            f"augment['flip'] must be True (horizontal) or one of {list(_FLIP_MODES)}, "
            f"got {value!r}."
        )
    if key in ("translation", "zoom") and isinstance(value, (tuple, list)):
        if len(value) == 2 and all(_is_number(v) and 0 <= v < 1 for v in value):
            return tuple(float(v) for v in value)
    elif _is_number(value) and 0 < value < 1:
        return float(value)
    shape = "a fraction in (0, 1)"
    if key in ("translation", "zoom"):
        shape += " or a (height, width) pair of fractions"
    meaning = {
        "translation": "the largest shift, as a fraction of the image size",
        "rotation": "the largest rotation, as a fraction of a full turn (0.05 = 18 degrees)",
        "zoom": "the largest zoom in or out, as a fraction of the image size",
        "contrast": "the largest contrast change (0.1 = +-10%)",
    }[key]
    raise ValueError(f"augment[{key!r}] must be {shape}: {meaning}; got {value!r}.")
