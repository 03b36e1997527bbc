"""Architecture presets, looked up by name.

``list_architectures()`` and ``get_architecture()`` never import Keras; a
family module is imported when its builder is first called.
"""

from ._registry import (
    ArchitectureSpec,
    architecture_names,
    get_architecture,
    list_architectures,
    register,
)

__all__ = [
    "ArchitectureSpec",
    "architecture_names",
    "get_architecture",
    "list_architectures",
    "register",
]
