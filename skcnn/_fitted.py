"""What :mod:`skcnn.inspection` and :mod:`skcnn.plotting` both read from a fitted
estimator: its images of ``X``, its probabilities for them, the layers of its
network.

A private module of the root package on the layer of inspection and plotting,
which take none of each other's private names. It imports :mod:`skcnn._checks`
and the input validation; it loads neither Keras nor TensorFlow.
"""

from __future__ import annotations

import numpy as np

from ._checks import check_fitted

__all__ = ["decoded", "fitted_images", "is_model", "predict_proba", "walk_layers"]


def fitted_images(estimator, X):
    """``X`` as (n, h, w, c) images of a fitted skcnn estimator's input shape."""
    check_fitted(estimator)
    from ._inputs.validation import check_images

    return check_images(X, expected_shape=estimator.input_shape_, estimator=estimator).images


def decoded(images):
    """``images`` as an array: image files (:class:`skcnn.datasets.ImageFiles`)
    are decoded, so callers decode only the part they index out first."""
    from ._inputs.validation import is_image_files

    return images.load() if is_image_files(images) else images


def predict_proba(estimator, images):
    """``estimator.predict_proba`` of validated images, as a float64 array.

    The images are a NumPy array even when the estimator was fitted on a
    DataFrame: scikit-learn's warning about the missing column names says
    nothing here.
    """
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="X does not have valid feature names")
        return np.asarray(estimator.predict_proba(images), dtype=np.float64)


def walk_layers(model, keep=None):
    """(path, layer, parents) of every layer that is neither a model nor an
    ``InputLayer``, nested models expanded, in order; with ``keep``, only the
    layers for which ``keep(layer)`` is true.

    ``parents`` runs from the outermost model to the one holding the layer;
    paths read like :meth:`CNNClassifier.summary` (``"simple/conv1"``).
    """
    return _walk(model, (), keep)


def _walk(model, parents, keep):
    parents = (*parents, model)
    prefix = "".join(f"{m.name}/" for m in parents[1:])
    for layer in model.layers:
        if is_model(layer):
            yield from _walk(layer, parents, keep)
        elif type(layer).__name__ != "InputLayer" and (keep is None or keep(layer)):
            yield f"{prefix}{layer.name}", layer, parents


def is_model(layer):
    """Whether ``layer`` is a model with layers of its own (a nested model)."""
    return bool(getattr(layer, "layers", None))
