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
>>> skcnn.metrics.table([1, 2], [1, 1]).shape      # submodules on attribute access
(2, 1)
"""

import importlib

__version__ = "0.1.0.dev0"

_PUBLIC = {
    "CNNClassifier": "skcnn.estimator",
    "CNNRegressor": "skcnn.regressor",
    "CNNFeatureExtractor": "skcnn.feature_extractor",
    "lr_find": "skcnn._training.lr_find",
    "resamples": "skcnn.model_selection",
    "FlatImageWarning": "skcnn._inputs.validation",
    "list_architectures": "skcnn.architectures",
    "get_architecture": "skcnn.architectures",
    "register": "skcnn.architectures",
    "keras_objects": "skcnn._keras",
}

# Submodules load on attribute access too: ``import skcnn; skcnn.datasets.load_mnist()``.
_SUBMODULES = (
    "architectures",
    "datasets",
    "inspection",
    "metrics",
    "model_selection",
    "plotting",
    "schedules",
)

__all__ = sorted(_PUBLIC)


def __getattr__(name):
    if name in _PUBLIC:
        value = getattr(importlib.import_module(_PUBLIC[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"skcnn.{name}")
    else:
        raise AttributeError(f"module 'skcnn' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + __all__ + list(_SUBMODULES))
