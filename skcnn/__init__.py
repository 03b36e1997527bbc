"""skcnn: convolutional neural networks as scikit-learn estimators, reporting like R.

Public names are loaded on first use, so ``import skcnn`` imports neither
TensorFlow, Keras nor scikit-learn.

Examples
--------
>>> import skcnn
>>> [name for name in skcnn.__all__ if name in ("CNNClassifier", "list_architectures")]
['CNNClassifier', 'list_architectures']
>>> from skcnn import CNNClassifier, list_architectures
>>> CNNClassifier(arch="lenet5", epochs=5).get_params()["epochs"]
5
>>> int(list_architectures().loc["lenet5", "year"])
1998
"""

import importlib

__version__ = "0.1.0.dev0"

_PUBLIC = {
    "CNNClassifier": "skcnn.estimator",
    "FlatImageWarning": "skcnn._validation",
    "list_architectures": "skcnn.architectures",
    "get_architecture": "skcnn.architectures",
    "register": "skcnn.architectures",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name):
    if name in _PUBLIC:
        value = getattr(importlib.import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'skcnn' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
