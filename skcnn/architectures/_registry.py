"""The architecture registry: names -> builder references with metadata.

Built-in presets are recorded by module path (``"skcnn.architectures.simple:build_simple"``)
so that listing them never imports Keras; the family module is imported the first
time a model is built.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ArchitectureSpec:
    """Everything the estimator needs to know about a preset before building it.

    Attributes
    ----------
    name : str
        Registry name, the value users pass as ``arch``.
    builder : str or callable
        ``"module:function"`` (imported lazily) or the builder itself. A builder is
        called as ``builder(input_shape, n_classes, **hyperparams)`` and returns an
        uncompiled ``keras.Model`` whose input is the float image after rescaling
        and resizing.
    family : str
        Family name ("simple", "lenet", "resnet", ...).
    paper : str or None
        The publication the preset reproduces.
    year : int or None
        Year of that publication.
    default_input_shape : tuple of int or None
        The input size the paper uses; ``params`` is counted there.
    min_input_shape : tuple of int or None
        The smallest (height, width, channels) the network accepts. With
        ``resize="auto"`` smaller images are upsampled to this size.
    params : int or None
        Parameter count at ``default_input_shape`` with ``default_classes``.
    default_classes : int
        Number of classes ``params`` is counted with.
    description : str
        One line describing the network.
    """

    name: str
    builder: str | Callable = field(repr=False)
    family: str = "custom"
    paper: str | None = None
    year: int | None = None
    default_input_shape: tuple | None = None
    min_input_shape: tuple | None = None
    params: int | None = None
    default_classes: int = 10
    description: str = ""

    def load(self):
        """Return the builder callable, importing its module if needed."""
        if callable(self.builder):
            return self.builder
        module, _, attr = self.builder.partition(":")
        return getattr(importlib.import_module(module), attr)


_REGISTRY: dict[str, ArchitectureSpec] = {}


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
            ),
            overwrite=overwrite,
        )
        return func

    return decorator


def _shape_or_none(shape):
    return None if shape is None else tuple(int(s) for s in shape)


def get_architecture(name):
    """Return the :class:`ArchitectureSpec` registered under ``name``.

    Raises
    ------
    ValueError
        For an unknown name; the message lists the valid names and suggests the
        closest ones.
    """
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        pass
    close = difflib.get_close_matches(str(name), _REGISTRY, n=3, cutoff=0.5)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise ValueError(
        f"Unknown architecture arch={name!r}.{hint} Valid names: "
        f"{', '.join(sorted(_REGISTRY))}. Or pass a builder callable or a keras.Model."
    )


def architecture_names():
    """Return the registered names in registration order."""
    _load_builtins()
    return list(_REGISTRY)


def list_architectures():
    """List the registered presets with their metadata, without importing Keras.

    Returns
    -------
    pandas.DataFrame
        Indexed by name, with columns family, paper, year, default_input_shape,
        min_input_shape, params, default_classes and description.

    Examples
    --------
    >>> from skcnn import list_architectures
    >>> table = list_architectures()
    >>> int(table.loc["simple", "params"])
    93322
    >>> table.loc["lenet5", "min_input_shape"]
    (32, 32, 1)
    """
    import pandas as pd

    _load_builtins()
    columns = [
        "family",
        "paper",
        "year",
        "default_input_shape",
        "min_input_shape",
        "params",
        "default_classes",
        "description",
    ]
    rows = [{c: getattr(spec, c) for c in columns} for spec in _REGISTRY.values()]
    frame = pd.DataFrame(rows, columns=columns, index=pd.Index(list(_REGISTRY), name="name"))
    frame["params"] = frame["params"].astype("Int64")
    frame["year"] = frame["year"].astype("Int64")
    return frame


_BUILTINS_LOADED = False


def _load_builtins():
    global _BUILTINS_LOADED
    if _BUILTINS_LOADED:
        return
    from ._catalog import BUILTIN_ARCHITECTURES

    for spec in BUILTIN_ARCHITECTURES:
        _REGISTRY.setdefault(spec.name, spec)
    _BUILTINS_LOADED = True
