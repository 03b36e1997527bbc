"""A Keras model's layer table as a pandas DataFrame (R's ``summary(model)``)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def model_summary(model):
    """One row per layer, nested models expanded in place.

    Returns
    -------
    pandas.DataFrame
        Columns ``layer``, ``type``, ``output_shape``, ``params``, ``trainable``.
        ``attrs`` holds ``total_params``, ``trainable_params`` and
        ``non_trainable_params``; the ``params`` column sums to ``total_params``.
    """
    rows = list(_layer_rows(model))
    frame = pd.DataFrame(rows, columns=["layer", "type", "output_shape", "params", "trainable"])
    frame["params"] = frame["params"].astype("int64")
    trainable = int(sum(np.prod(w.shape) for w in model.trainable_weights))
    total = int(sum(np.prod(w.shape) for w in model.weights))
    frame.attrs.update(
        total_params=total,
        trainable_params=trainable,
        non_trainable_params=total - trainable,
    )
    return frame


def _layer_rows(model, prefix=""):
    for layer in model.layers:
        if type(layer).__name__ == "InputLayer":
            continue
        if hasattr(layer, "layers") and layer.layers:
            yield from _layer_rows(layer, prefix=f"{prefix}{layer.name}/")
            continue
        yield {
            "layer": f"{prefix}{layer.name}",
            "type": type(layer).__name__,
            "output_shape": _output_shape(layer),
            "params": int(layer.count_params()) if layer.built else 0,
            "trainable": bool(layer.trainable),
        }


def _output_shape(layer):
    try:
        shape = layer.output.shape
    except (AttributeError, ValueError):
        return None
    return tuple(shape)
