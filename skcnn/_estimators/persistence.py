"""``save`` / ``load`` of skcnn's estimators: one ``.keras`` file holds everything.

The file is an ordinary Keras archive, so ``keras.saving.load_model`` opens the
network on its own (after :func:`skcnn.keras_objects` has registered skcnn's
Keras classes); skcnn adds one JSON member with the estimator's parameters,
fitted attributes and, for the CLI, ``extra`` metadata.

A save is atomic: the archive is written to a temporary file in the target's
folder and moved over the target with ``os.replace`` only once it is whole, so
a failure at any step (a full disk, an exception, Ctrl-C) leaves the previous
file at that path as it was and removes the temporary file. Only a hard kill
(SIGKILL, power loss) can leave a hidden ``.NAME.*.tmp.keras`` file behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import warnings
import zipfile

import numpy as np

from .._files import fsync_folder, new_file_mode
from .._keras import get_keras, keras_objects

MEMBER = "skcnn.json"
FORMAT_VERSION = 1


def save_estimator(estimator, path, *, extra=None):
    """Write ``estimator`` (fitted) to ``path``, atomically.

    ``extra``: a JSON-ready dict stored beside the estimator's own metadata,
    read back by :func:`read_metadata` (the CLI records its data split there).
    """
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
        "time_budget_used": getattr(estimator, "time_budget_used_", None),
        "time_budget_plan": _plan_fields(getattr(estimator, "time_budget_plan_", None)),
    }
    if extra is not None:
        meta["extra"] = extra
    # Encoded before anything is written: an unserializable value fails here.
    member = json.dumps(meta, default=_json_default)
    _write_atomically(path, lambda tmp: _write_archive(estimator.model_, tmp, member))


def _write_archive(model, path, member):
    model.save(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(MEMBER, member)


def _write_atomically(path, write):
    """``write(tmp)`` to a temporary file beside ``path``, then move it over ``path``.

    The temporary file is in the same folder (``os.replace`` is atomic only
    within one file system), ends in ``.keras`` (Keras's ``save`` insists), is
    flushed to disk before the move and removed on any failure.
    """
    folder, name = os.path.split(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"Cannot save to {path}: the folder {folder} does not exist.")
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp.keras", dir=folder)
    os.close(fd)
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, new_file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
        raise
    fsync_folder(folder)


def read_metadata(path):
    """The JSON metadata that :func:`save_estimator` wrote into ``path``.

    Raises a ValueError naming the file and the fix when ``path`` is not a
    ``.keras`` archive or lacks skcnn's metadata.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            return json.loads(archive.read(MEMBER))
    except KeyError:
        raise ValueError(
            f"{path} is a Keras file without skcnn's metadata (not written by an skcnn "
            f"estimator's save). Load the network with keras.saving.load_model, or pass it "
            f"as CNNClassifier(arch=model) and fit."
        ) from None
    except zipfile.BadZipFile as exc:
        raise ValueError(f"{path} is not a .keras archive: {exc}.") from exc


def load_estimator(cls, path):
    """Rebuild the estimator written by :func:`save_estimator`."""
    import pandas as pd

    meta = read_metadata(path)
    keras = get_keras()
    keras_objects()
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
    # Files written before time_budget planned in steps have neither.
    estimator.time_budget_used_ = meta.get("time_budget_used")
    plan = meta.get("time_budget_plan")
    estimator.time_budget_plan_ = None
    if plan is not None:
        from .._training.step_plan import BudgetPlan

        estimator.time_budget_plan_ = BudgetPlan(**plan)
    return estimator


def _plan_fields(plan):
    """A :class:`BudgetPlan` as the dict of its fields (None stays None)."""
    import dataclasses

    return None if plan is None else dataclasses.asdict(plan)


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
    if _is_keras_config_object(value):  # an optimizer, a Keras learning-rate schedule
        keras = get_keras()
        return {"__keras__": keras.saving.serialize_keras_object(value)}
    raise TypeError(type(value).__name__)


def _is_keras_config_object(value):
    keras = sys.modules.get("keras")
    return keras is not None and isinstance(
        value, (keras.optimizers.Optimizer, keras.optimizers.schedules.LearningRateSchedule)
    )


def _decode_params(params):
    return {name: _decode(value) for name, value in params.items()}


def _decode(value):
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if "__tuple__" in value:
            return tuple(_decode(v) for v in value["__tuple__"])
        if "__keras__" in value:
            keras_objects()
            return get_keras().saving.deserialize_keras_object(value["__keras__"])
        return {k: _decode(v) for k, v in value["__dict__"].items()}
    return value
