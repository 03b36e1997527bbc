"""``checkpoint=``: a fit that is killed continues where it stopped when started again.

Keras's ``BackupAndRestore`` does the bookkeeping: at the end of every epoch it
saves the network's and the optimizer's variables (the optimizer's step
counter, so a planned schedule goes on from where it was), and the next
``fit`` with the same backup folder loads them and starts at the next epoch.
skcnn's subclass adds what an estimator needs on top:

- every write is atomic: the weights of epoch ``k`` go to a new file, then a
  small JSON state naming that file replaces the previous state with
  ``os.replace``, and only then is the previous weights file removed. A kill at
  any moment leaves a consistent state of the last finished epoch;
- the state records the random generators' positions (dropout, augmentation:
  Keras keeps them out of the saved weights), the history rows of the finished
  epochs (``history_`` of the resumed fit has every epoch), the seconds spent
  (``time_budget`` counts them) and the time budget's plan (the resumed fit
  starts from its planned steps and measured step times, then plans anew
  from its own; its steps are counted from the epochs already finished);
- a fingerprint of the call (parameters, images, targets): a folder that holds
  the state of another fit is refused with the fix, not silently resumed;
- a finished fit removes its own files only, never the folder's other content.

Imported only when a network trains (it imports Keras).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time

import keras
import numpy as np

from .._files import new_file_mode

STATE_FILE = "skcnn-checkpoint.json"
WEIGHTS_PREFIX = "skcnn-checkpoint-epoch"
FORMAT_VERSION = 1


def fit_fingerprint(params, images, targets, weights):
    """A hex digest of what makes two ``fit`` calls the same fit.

    ``params``: the estimator's ``get_params(deep=False)``; ``verbose``,
    ``checkpoint`` and ``callbacks`` do not change the model and are left out.
    Arrays are hashed whole (about 0.1 s for all of Fashion-MNIST); image
    files by their paths and the shape they decode to.
    """
    digest = hashlib.sha256()
    kept = {k: v for k, v in params.items() if k not in ("verbose", "checkpoint", "callbacks")}
    digest.update(json.dumps(kept, sort_keys=True, default=_describe).encode())
    for part in (images, targets, weights):
        _hash_part(digest, part)
    return digest.hexdigest()


def _describe(value):
    """A stable text for parameter values JSON cannot hold (objects, callables)."""
    if hasattr(value, "get_config"):
        try:
            return f"{type(value).__qualname__}:{json.dumps(value.get_config(), default=str)}"
        except TypeError:
            pass
    name = getattr(value, "__qualname__", None) or type(value).__qualname__
    return f"{getattr(value, '__module__', '')}.{name}"


def _hash_part(digest, part):
    if part is None:
        digest.update(b"none")
        return
    paths = getattr(part, "paths", None)
    if paths is not None:  # ImageFiles
        digest.update(repr(tuple(part.shape)).encode())
        for path in paths:
            digest.update(os.fspath(path).encode())
        return
    array = np.ascontiguousarray(part)
    digest.update(f"{array.dtype.str}{array.shape}".encode())
    if array.dtype == object:
        digest.update(repr(array.tolist()).encode())
    else:
        digest.update(array.view(np.uint8).reshape(-1).data)


def read_state(folder, fingerprint):
    """The saved state of this fit in ``folder`` (a dict), or None to start afresh.

    Raises a ValueError naming the folder and the fix when it holds the
    state of another fit.
    """
    path = os.path.join(os.fspath(folder), STATE_FILE)
    try:
        with open(path) as fh:
            state = json.load(fh)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ValueError(
            f"checkpoint={os.fspath(folder)!r} holds an unreadable {STATE_FILE} ({exc}). "
            f"Delete that file to train from the start, or pass another checkpoint folder."
        ) from exc
    if state.get("fingerprint") != fingerprint:
        raise ValueError(
            f"checkpoint={os.fspath(folder)!r} holds the unfinished state of another fit "
            f"(other parameters or other data; it stopped after epoch {state.get('epoch')}). "
            f"A fit resumes only with the same estimator parameters and the same X, y and "
            f"sample_weight. Pass another checkpoint folder, or delete "
            f"{os.path.join(os.fspath(folder), STATE_FILE)} and the {WEIGHTS_PREFIX}* files "
            f"beside it to train from the start."
        )
    weights = os.path.join(os.fspath(folder), state["weights"])
    if not os.path.exists(weights):
        raise ValueError(
            f"checkpoint={os.fspath(folder)!r}: {STATE_FILE} names {state['weights']}, "
            f"which is missing. Delete {STATE_FILE} to train from the start."
        )
    return state


class ResumableFit(keras.callbacks.BackupAndRestore):
    """``BackupAndRestore`` with atomic writes and the estimator's own state.

    Parameters
    ----------
    folder : str
        The checkpoint folder (created when missing).
    fingerprint : str
        :func:`fit_fingerprint` of this call.
    state : dict or None
        What :func:`read_state` found: the fit resumes from it.
    started : float
        ``time.monotonic()`` when this call began, less the seconds the
        interrupted runs spent (so ``now - started`` is all the time spent).
    budget : TimeBudget, optional
        Its plan is saved with each epoch.
    """

    def __init__(self, folder, fingerprint, state, started, budget=None):
        super().__init__(os.fspath(folder), save_freq="epoch", delete_checkpoint=False)
        self.folder = os.fspath(folder)
        self.fingerprint = fingerprint
        self.state = state
        self.started = started
        self.budget = budget
        self.rows = list(state["history"]) if state else []

    @property
    def initial_epoch(self):
        return int(self.state["epoch"]) if self.state else 0

    # Keras calls these two from on_train_begin and on_epoch_end.
    def _load_model(self):
        if self.state is None:
            return
        model = self.model
        if model.optimizer is not None and not model.optimizer.built:
            model.optimizer.build(model.trainable_variables)
        path = os.path.join(self.folder, self.state["weights"])
        try:
            model.load_weights(path)
        except (OSError, ValueError) as exc:
            raise ValueError(
                f"checkpoint={self.folder!r}: cannot read {path} ({exc}). Delete "
                f"{STATE_FILE} and the {WEIGHTS_PREFIX}* files in that folder to train "
                f"from the start."
            ) from exc
        for variable in _seed_states(model):
            saved = self.state.get("seeds", {}).get(variable.path)
            if saved is not None:
                variable.assign(np.asarray(saved, dtype=variable.dtype))
        model._initial_epoch = self.initial_epoch

    def _save_model(self):
        os.makedirs(self.folder, exist_ok=True)
        epoch = self._current_epoch
        weights = f"{WEIGHTS_PREFIX}{epoch}.weights.h5"
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".weights.h5", dir=self.folder)
        os.close(fd)
        try:
            os.chmod(tmp, new_file_mode(os.path.join(self.folder, weights)))
            self.model.save_weights(tmp, overwrite=True)
            os.replace(tmp, os.path.join(self.folder, weights))
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(tmp)
            raise
        previous = self.state["weights"] if self.state else None
        self.state = {
            "format_version": FORMAT_VERSION,
            "fingerprint": self.fingerprint,
            "epoch": epoch,
            "weights": weights,
            "history": self.rows,
            "seeds": {v.path: np.asarray(v).tolist() for v in _seed_states(self.model)},
            "seconds": self.seconds_spent(),
            "budget": self.budget.plan_state() if self.budget is not None else None,
        }
        _write_json_atomically(os.path.join(self.folder, STATE_FILE), self.state)
        if previous and previous != weights:
            with contextlib.suppress(FileNotFoundError):
                os.remove(os.path.join(self.folder, previous))

    def seconds_spent(self):
        """Seconds of training so far, those of the interrupted runs included."""
        return time.monotonic() - self.started

    def on_epoch_end(self, epoch, logs=None):
        self.rows.append({k: float(v) for k, v in (logs or {}).items()})
        super().on_epoch_end(epoch, logs)

    def on_train_end(self, logs=None):
        """Training finished: remove this fit's files (nothing else in the folder)."""
        self.model._initial_epoch = None  # a later warm-started fit counts on
        if self.state is None:
            return
        for name in (STATE_FILE, self.state["weights"]):
            with contextlib.suppress(FileNotFoundError):
                os.remove(os.path.join(self.folder, name))
        with contextlib.suppress(OSError):
            os.rmdir(self.folder)  # only when it is empty


def _seed_states(model):
    """The model's random generator states: its variables that are not weights."""
    weights = {id(v) for v in model.weights}
    return [v for v in model.variables if id(v) not in weights]


def _write_json_atomically(path, value):
    folder = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".", suffix=".json", dir=folder)
    try:
        os.chmod(tmp, new_file_mode(path))
        with os.fdopen(fd, "w") as fh:
            json.dump(value, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
        raise
