"""Architecture presets, looked up by name.

``list_architectures()`` and ``get_architecture()`` never import Keras; a
family module is imported when its builder is first called.

This file only hands names on. ``_spec.py`` holds :class:`ArchitectureSpec`,
``_registry.py`` the registry (:func:`register`, lookup, listing),
``_catalog.py`` the built-in presets' specs, ``_common.py`` the argument
helpers the builders share, and one module per family (``lenet.py``,
``resnet.py``, ...) the builders, which import Keras at their top. The package
imports only Keras, :mod:`skcnn.layers` and the standard library.
"""

from ._registry import (
    architecture_names,
    get_architecture,
    list_architectures,
    register,
)
from ._spec import ArchitectureSpec

__all__ = [
    "ArchitectureSpec",
    "architecture_names",
    "get_architecture",
    "list_architectures",
    "register",
]
