"""The learning-rate range test (Smith 2017; fastai's ``lr_find``)."""

from __future__ import annotations

import math

import numpy as np

__all__ = ["lr_find"]


def lr_find(
    estimator,
    X,
    y,
    *,
    start=1e-7,
    end=10.0,
    num=100,
    divergence=4.0,
    smoothing=0.98,
):
    """Train a copy of ``estimator`` with a learning rate rising every batch and
    record the loss: the learning-rate range test.

    The rate grows geometrically from ``start`` to ``end`` over ``num``
    batches (Smith 2017, "Cyclical Learning Rates for Training Neural
    Networks", section 3.3; fastai's ``Learner.lr_find``). The test stops
    early once the smoothed loss exceeds ``divergence`` times its minimum.
    A good peak rate lies where the loss falls fastest: the suggestion is the
    rate of the steepest descent of the smoothed loss (fastai's ``steep``).
    ``estimator`` itself is not changed.

    Parameters
    ----------
    estimator : CNNClassifier or CNNRegressor
        The estimator to test, with the settings to train it with (its
        ``learning_rate``, ``epochs``, ``validation_split`` and early stopping
        are replaced for the test).
    X, y : array-like
        Training data, as for ``estimator.fit``.
    start, end : float, default=1e-7, 10.0
        The first and the last rate.
    num : int, default=100
        Number of batches (rates) to try; the data is repeated as needed.
    divergence : float, default=4.0
        Stop when the smoothed loss exceeds this multiple of its minimum.
    smoothing : float in [0, 1), default=0.98
        Weight of the exponential moving average of the loss (debiased, as
        fastai's), which ``smoothed_loss`` holds.

    Returns
    -------
    pandas.DataFrame
        One row per batch: ``learning_rate``, ``loss`` (of that batch) and
        ``smoothed_loss``. ``attrs["suggested_rate"]`` holds the suggestion
        (NaN when the loss never fell).

    See Also
    --------
    skcnn.plotting.plot_lr_find : Draws the curve and the suggestion.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skcnn import CNNClassifier, lr_find
    >>> X, y = load_digits(return_X_y=True)
    >>> curve = lr_find(CNNClassifier(random_state=0), X[:600], y[:600], num=40)
    >>> list(curve.columns)
    ['learning_rate', 'loss', 'smoothed_loss']
    >>> 1e-7 <= curve.attrs["suggested_rate"] <= 10
    True
    """
    import pandas as pd
    from sklearn.base import clone

    from .loop import auto_batch_size

    _check_arguments(start, end, num, divergence, smoothing)
    rates = np.geomspace(start, end, int(num))
    n = len(X)
    steps_per_epoch = math.ceil(n / auto_batch_size(estimator.get_params()["batch_size"], n))
    test = _range_test_callback(rates, divergence, smoothing)
    trial = clone(estimator).set_params(
        learning_rate=float(start),
        epochs=math.ceil(len(rates) / steps_per_epoch),
        validation_split=0.0,
        early_stopping=False,
        time_budget=None,
        warm_start=False,
        callbacks=[*(estimator.get_params()["callbacks"] or ()), test],
    )
    trial.fit(X, y)
    frame = pd.DataFrame(
        {
            "learning_rate": rates[: len(test.losses)],
            "loss": test.losses,
            "smoothed_loss": test.smoothed,
        }
    )
    frame.index.name = "batch"
    frame.attrs["suggested_rate"] = suggest_rate(frame)
    return frame


def suggest_rate(curve):
    """The rate at the steepest descent of the smoothed loss against log10(rate),
    before the loss's minimum; NaN when fewer than three points precede it."""
    smoothed = curve["smoothed_loss"].to_numpy()
    rates = curve["learning_rate"].to_numpy()
    stop = int(np.argmin(smoothed)) + 1
    if stop < 3:
        return math.nan
    slope = np.gradient(smoothed[:stop], np.log10(rates[:stop]))
    return float(rates[int(np.argmin(slope))])


def _check_arguments(start, end, num, divergence, smoothing):
    if not 0 < start < end:
        raise ValueError(f"lr_find needs 0 < start < end, got start={start!r}, end={end!r}.")
    if int(num) != num or num < 3:
        raise ValueError(f"num must be a whole number of batches >= 3, got {num!r}.")
    if divergence <= 1:
        raise ValueError(
            f"divergence must be > 1 (a multiple of the minimum loss), got {divergence!r}."
        )
    if not 0 <= smoothing < 1:
        raise ValueError(f"smoothing must lie in [0, 1), got {smoothing!r}.")


def _range_test_callback(rates, divergence, smoothing):
    from .._keras import get_keras

    keras = get_keras()

    class RangeTest(keras.callbacks.Callback):
        """Sets each batch's rate and records its loss. Keras reports the mean
        loss of the epoch so far; the batch's own loss is recovered from it."""

        def __init__(self):
            super().__init__()
            self.losses, self.smoothed = [], []
            self._average = 0.0
            self._running = (0, 0.0)

        def on_epoch_begin(self, epoch, logs=None):
            self._running = (0, 0.0)

        def on_train_batch_begin(self, batch, logs=None):
            self.model.optimizer.learning_rate.assign(float(rates[len(self.losses)]))

        def on_train_batch_end(self, batch, logs=None):
            seen, mean = self._running
            running = float(logs["loss"])
            loss = (seen + 1) * running - seen * mean
            self._running = (seen + 1, running)
            self._average = smoothing * self._average + (1 - smoothing) * loss
            smoothed = self._average / (1 - smoothing ** (len(self.losses) + 1))
            self.losses.append(loss)
            self.smoothed.append(smoothed)
            done = len(self.losses) == len(rates)
            if done or not math.isfinite(loss) or smoothed > divergence * min(self.smoothed):
                self.model.stop_training = True

    return RangeTest()
