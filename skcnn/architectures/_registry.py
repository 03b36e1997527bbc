"""The architecture registry: names -> builder references with metadata.

Built-in presets are recorded by module path (``"skcnn.architectures.simple:build_simple"``)
so that listing them never imports Keras; the family module is imported the first
time a model is built.
"""

from __future__ import annotations

import difflib

from ._spec import ArchitectureSpec

_REGISTRY: dict[str, ArchitectureSpec] = {}

# Names of the presets that are keras.applications models: "keras.Xception".
KERAS_PREFIX = "keras."


def _add(spec, overwrite=False):
    if spec.name in _REGISTRY and not overwrite:
        raise ValueError(
            f"An architecture named {spec.name!r} is already registered. Choose another "
            "name, or pass overwrite=True to replace it."
        )
    _REGISTRY[spec.name] = spec


def register(
    name=None,
    *,
    family="custom",
    paper=None,
    year=None,
    default_input_shape=None,
    min_input_shape=None,
    params=None,
    default_classes=10,
    description="",
    trainable_params=None,
    small_input_min_shape=None,
    default_epochs=20,
    overwrite=False,
):
    """Register a model builder under a name usable as ``CNNClassifier(arch=name)``.

    The builder is called as ``builder(input_shape, n_classes, **hyperparams)``
    where ``hyperparams`` holds the estimator's ``filters``, ``kernel_size``,
    ``dense_units`` and ``dropout`` when they are set, plus ``arch_kwargs``. It must
    return an uncompiled ``keras.Model`` ending in a softmax over ``n_classes``.

    Parameters
    ----------
    name : str, optional
        Registry name; defaults to the function's name.
    family, paper, year, description : optional
        Metadata shown by :func:`list_architectures`.
    default_input_shape, min_input_shape : tuple of int, optional
        ``min_input_shape`` lets ``resize="auto"`` upsample smaller images.
    params : int, optional
        Parameter count at ``default_input_shape``.
    default_classes : int, default=10
        Number of classes ``params`` is counted with.
    trainable_params : int, optional
        Trainable part of ``params``; defaults to ``params``.
    small_input_min_shape : tuple of int, optional
        Smallest input when the builder is called with ``small_input=True``
        (for builders that accept it); ``resize="auto"`` then uses it.
    default_epochs : int, default=20
        Epochs of a fit with the estimators' ``epochs="auto"``.
    overwrite : bool, default=False
        Replace an existing entry of the same name instead of raising.

    Returns
    -------
    decorator : callable
        Registers the function and returns it unchanged.

    Notes
    -----
    Registration lives in the process that ran it. For parallel grid searches
    (``n_jobs=2``) register in an importable module, or pass the builder itself
    as ``arch``.

    Examples
    --------
    >>> from skcnn import register, list_architectures
    >>> @register("tiny_doc_example", min_input_shape=(4, 4, 1), overwrite=True)
    ... def build_tiny(input_shape, n_classes):
    ...     import keras
    ...     inputs = keras.Input(shape=input_shape)
    ...     x = keras.layers.Conv2D(4, 3)(inputs)
    ...     x = keras.layers.GlobalAveragePooling2D()(x)
    ...     return keras.Model(inputs, keras.layers.Dense(n_classes, "softmax")(x))
    >>> "tiny_doc_example" in list_architectures().index
    True
    """

    def decorator(func):
        _add(
            ArchitectureSpec(
                name=name or func.__name__,
                builder=func,
                family=family,
                paper=paper,
                year=year,
                default_input_shape=_shape_or_none(default_input_shape),
                min_input_shape=_shape_or_none(min_input_shape),
                params=params,
                default_classes=default_classes,
                description=description,
                trainable_params=params if trainable_params is None else trainable_params,
                small_input_min_shape=_shape_or_none(small_input_min_shape),
                default_epochs=int(default_epochs),
            ),
            overwrite=overwrite,
        )
        return func

    return decorator


def _shape_or_none(shape):
    return None if shape is None else tuple(int(s) for s in shape)


def get_architecture(name):
    """Return the :class:`ArchitectureSpec` registered under ``name``.

    Every ``keras.applications`` model is registered too, as ``"keras.<Name>"``
    (``"keras.EfficientNetB0"``).

    Parameters
    ----------
    name : str
        A registered name, as ``CNNClassifier(arch=name)`` takes it.

    Returns
    -------
    ArchitectureSpec
        The preset's builder reference and metadata; Keras is not imported.

    Raises
    ------
    ValueError
        For an unknown name; the message lists the valid names and suggests the
        closest ones.

    See Also
    --------
    list_architectures : All presets as a table.

    Examples
    --------
    >>> from skcnn import get_architecture
    >>> spec = get_architecture("resnet18")
    >>> spec.name, spec.family, spec.year, spec.trainable_params
    ('resnet18', 'resnet', 2016, 11689512)
    >>> get_architecture("keras.EfficientNetB0").family
    'keras'
    >>> get_architecture("LeNet5")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Unknown architecture arch='LeNet5'. Did you mean 'lenet5'? ...
    """
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        pass
    text = str(name)
    candidates = list(_REGISTRY)
    by_lower = {c.lower(): c for c in candidates}
    close = [by_lower[text.lower()]] if text.lower() in by_lower else []
    close = close or difflib.get_close_matches(text, candidates, n=3, cutoff=0.5)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    own = sorted(c for c in candidates if not c.startswith(KERAS_PREFIX))
    raise ValueError(
        f"Unknown architecture arch={name!r}.{hint} Valid names: {', '.join(own)}, and "
        f"every keras.applications model as '{KERAS_PREFIX}<Name>' (e.g. "
        f"'{KERAS_PREFIX}EfficientNetB0'; list_architectures() shows them all). Or pass a "
        f"builder callable or a keras.Model."
    )


def architecture_names():
    """Return the registered names in registration order.

    Returns
    -------
    list of str
        skcnn's presets first, then the ``keras.<Name>`` presets, then names
        added with :func:`register`.

    Examples
    --------
    >>> from skcnn.architectures import architecture_names
    >>> names = architecture_names()
    >>> names[:4]
    ['simple', 'lenet5', 'alexnet', 'vgg11']
    >>> "resnet50" in names, "keras.ResNet50" in names
    (True, True)
    """
    _load_builtins()
    return list(_REGISTRY)


def list_architectures():
    """List the registered presets with their metadata, without importing Keras.

    Returns
    -------
    pandas.DataFrame
        Indexed by name, with columns family, paper, year, default_input_shape,
        min_input_shape, small_input_min_shape, params (the total count,
        batch-normalization statistics included), trainable_params,
        default_classes, keras_application (whose ImageNet weights
        ``weights="imagenet"`` loads), default_epochs (the epochs of
        ``epochs="auto"``) and description. The ``keras.<Name>``
        rows are the ``keras.applications`` models (family ``"keras"``).

    Examples
    --------
    >>> from skcnn import list_architectures
    >>> table = list_architectures()
    >>> int(table.loc["simple", "params"])
    93322
    >>> table.loc["lenet5", "min_input_shape"]
    (32, 32, 1)
    >>> int(table.loc["resnet50", "trainable_params"])
    25557032
    """
    import pandas as pd

    _load_builtins()
    columns = [
        "family",
        "paper",
        "year",
        "default_input_shape",
        "min_input_shape",
        "small_input_min_shape",
        "params",
        "trainable_params",
        "default_classes",
        "keras_application",
        "default_epochs",
        "description",
    ]
    rows = [{c: getattr(spec, c) for c in columns} for spec in _REGISTRY.values()]
    frame = pd.DataFrame(rows, columns=columns, index=pd.Index(list(_REGISTRY), name="name"))
    for column in ("params", "trainable_params", "year"):
        frame[column] = frame[column].astype("Int64")
    return frame


_BUILTINS_LOADED = False


def _load_builtins():
    global _BUILTINS_LOADED
    if _BUILTINS_LOADED:
        return
    from ._catalog import BUILTIN_ARCHITECTURES, KERAS_ARCHITECTURES

    for spec in (*BUILTIN_ARCHITECTURES, *KERAS_ARCHITECTURES):
        _REGISTRY.setdefault(spec.name, spec)
    _BUILTINS_LOADED = True
