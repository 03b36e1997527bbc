"""``save`` / ``load`` of skcnn's estimators: one ``.keras`` file holds everything.

The file is an ordinary Keras archive, so ``keras.saving.load_model`` opens the
network on its own; skcnn adds one JSON member with the estimator's
parameters and fitted attributes.
"""

from __future__ import annotations

import json
import os
import warnings
import zipfile

import numpy as np

from ._keras import get_keras, register_custom_objects

MEMBER = "skcnn.json"
FORMAT_VERSION = 1


def save_estimator(estimator, path):
    """Write ``estimator`` (fitted) to ``path``."""
    if not path.endswith(".keras"):
        raise ValueError(f"save needs a path ending in '.keras', got {path!r}.")
    params, skipped = _encode_params(estimator.get_params(deep=False))
    if skipped:
        warnings.warn(
            f"Parameters {skipped} hold Python objects that a .keras file cannot store; "
            f"{type(estimator).__name__}.load gives them their defaults. Pickle the estimator "
            f"(joblib.dump) to keep them.",
            UserWarning,
            stacklevel=3,
        )
    meta = {
        "format_version": FORMAT_VERSION,
        "class": type(estimator).__name__,
        "params": params,
        **estimator._target_state(),
        "input_shape": list(estimator.input_shape_),
        "n_features_in": int(estimator.n_features_in_),
        "feature_names_in": (
            estimator.feature_names_in_.tolist()
            if hasattr(estimator, "feature_names_in_")
            else None
        ),
        "rescale": estimator.rescale_,
        "precision": estimator.precision_,
        "n_iter": int(estimator.n_iter_),
        "history": {
            "start": int(estimator.history_.index[0]) if len(estimator.history_) else 1,
            "columns": estimator.history_.to_dict(orient="list"),
        },
    }
    estimator.model_.save(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(MEMBER, json.dumps(meta, default=_json_default))


def load_estimator(cls, path):
    """Rebuild the estimator written by :func:`save_estimator`."""
    import pandas as pd

    try:
        with zipfile.ZipFile(path) as archive:
            meta = json.loads(archive.read(MEMBER))
    except KeyError:
        raise ValueError(
            f"{path} is a Keras file without skcnn's metadata (not written by "
            f"{cls.__name__}.save). Load the network with keras.saving.load_model, or pass it "
            f"as {cls.__name__}(arch=model) and fit."
        ) from None
    except zipfile.BadZipFile as exc:
        raise ValueError(f"{path} is not a .keras archive: {exc}.") from exc
    keras = get_keras()
    register_custom_objects()
    estimator = cls(**_decode_params(meta["params"]))
    estimator.model_ = keras.saving.load_model(path)
    estimator._restore_target_state(meta)
    estimator.input_shape_ = tuple(meta["input_shape"])
    estimator.n_features_in_ = meta["n_features_in"]
    if meta["feature_names_in"] is not None:
        estimator.feature_names_in_ = np.asarray(meta["feature_names_in"], dtype=object)
    estimator.rescale_ = meta["rescale"]
    # Files written before skcnn had the precision parameter hold float32 networks.
    estimator.precision_ = meta.get("precision", "float32")
    estimator.n_iter_ = meta["n_iter"]
    history = pd.DataFrame(meta["history"]["columns"])
    start = meta["history"]["start"]
    history.index = pd.RangeIndex(start, start + len(history), name="epoch")
    estimator.history_ = history
    return estimator


def _json_default(obj):
    if isinstance(obj, np.generic):
        return obj.item()
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")


def _encode_params(params):
    encoded, skipped = {}, []
    for name, value in params.items():
        try:
            encoded[name] = _encode(value)
        except TypeError:
            skipped.append(name)
    return encoded, skipped


def _encode(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"__dict__": {k: _encode(v) for k, v in value.items()}}
    raise TypeError(type(value).__name__)


def _decode_params(params):
    return {name: _decode(value) for name, value in params.items()}


def _decode(value):
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if "__tuple__" in value:
            return tuple(_decode(v) for v in value["__tuple__"])
        return {k: _decode(v) for k, v in value["__dict__"].items()}
    return value
