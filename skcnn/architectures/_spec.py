"""What the registry records about each preset: :class:`ArchitectureSpec`.

Its own module so that the registry (``_registry.py``) and the catalogue of
built-in presets (``_catalog.py``) both import it without importing each other.
"""

from __future__ import annotations

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
        Total parameter count (``model.count_params()``) at
        ``default_input_shape`` with ``default_classes``, batch-normalization
        moving statistics included.
    default_classes : int
        Number of classes ``params`` is counted with.
    description : str
        One line describing the network.
    trainable_params : int or None
        The trainable part of ``params`` (what the papers report for networks
        with batch normalization); equal to ``params`` for the others.
    small_input_min_shape : tuple of int or None
        The smallest input of the network built with
        ``arch_kwargs={"small_input": True}`` (a CIFAR-style stem or padded
        pooling); ``resize="auto"`` upsamples to it instead of
        ``min_input_shape``. None when the builder has no such option.
    keras_application : str or None
        The ``keras.applications`` model whose ImageNet weights
        ``weights="imagenet"`` loads (see ``keras_identical``).
    keras_identical : bool
        True when the preset is that Keras network layer for layer: the
        ImageNet weights then load into the preset's own layers (built
        without its classifier). False when ``weights="imagenet"`` builds the
        Keras network instead (ResNet-50, whose Keras convolutions carry
        biases).
    default_epochs : int
        The epochs of a fit with ``epochs="auto"`` (the estimators' default):
        20 unless training the preset was measured to need another number
        (``docs/benchmarks.md``).

    See Also
    --------
    get_architecture : The spec registered under a name.
    list_architectures : Every spec's metadata as a table.

    Examples
    --------
    >>> from skcnn.architectures import get_architecture
    >>> spec = get_architecture("densenet121")
    >>> spec.family, spec.year, spec.keras_application
    ('densenet', 2017, 'DenseNet121')
    >>> spec.default_input_shape, spec.min_input_shape, spec.small_input_min_shape
    ((224, 224, 3), (29, 29, 1), (8, 8, 1))
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
    trainable_params: int | None = None
    small_input_min_shape: tuple | None = None
    keras_application: str | None = None
    keras_identical: bool = False
    default_epochs: int = 20

    def min_shape(self, *, small_input=False):
        """The smallest input the preset builds at.

        Parameters
        ----------
        small_input : bool, default=False
            Whether the network is built with ``arch_kwargs={"small_input": True}``.

        Returns
        -------
        tuple of int or None
            ``(height, width, channels)``: ``small_input_min_shape`` when
            ``small_input`` is true and the preset has one, else
            ``min_input_shape``.

        Examples
        --------
        >>> from skcnn.architectures import get_architecture
        >>> get_architecture("densenet121").min_shape()
        (29, 29, 1)
        >>> get_architecture("densenet121").min_shape(small_input=True)
        (8, 8, 1)
        >>> get_architecture("lenet5").min_shape(small_input=True)  # has no small stem
        (32, 32, 1)
        """
        if small_input and self.small_input_min_shape is not None:
            return self.small_input_min_shape
        return self.min_input_shape

    def load(self):
        """Return the builder, importing its module if needed.

        Returns
        -------
        callable
            ``builder(input_shape, n_classes, **hyperparams) -> keras.Model``.
            A built-in preset's family module (and with it Keras) is imported
            here, not when the registry is listed.

        Examples
        --------
        >>> from skcnn.architectures import get_architecture
        >>> build = get_architecture("lenet5").load()
        >>> build.__name__
        'build_lenet5'
        >>> build((32, 32, 1), 10).count_params()
        61706
        """
        if callable(self.builder):
            return self.builder
        module, _, attr = self.builder.partition(":")
        return getattr(importlib.import_module(module), attr)
