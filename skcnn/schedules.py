"""Learning-rate schedules stepped per batch, for ``learning_rate=``.

``CNNClassifier(learning_rate="cosine")`` and ``learning_rate="one_cycle"`` use
these with their defaults; pass an instance to choose the peak rate or the
warm-up. Each schedule is planned over the whole fit: its length is the number
of batches ``epochs`` allows or, under ``time_budget``, the number of training
steps the budget is planned to hold, planned anew after each compiled call as the
fit measures its speed (so the rate reaches its end when the time does). The
rate peaks at ``peak``, by default the optimizer's own learning rate (Adam's
0.001).

This module does not import Keras: the rates are plain functions of the step,
and the estimator turns a schedule into a Keras ``LearningRateSchedule``.

Examples
--------
>>> from skcnn.schedules import CosineSchedule, OneCycleSchedule
>>> cosine = CosineSchedule(peak=0.01, warmup=0.1)
>>> cosine.rates(total_steps=10).round(5).tolist()
[0.0, 0.01, 0.0097, 0.00883, 0.0075, 0.00587, 0.00413, 0.0025, 0.00117, 0.0003]
>>> one_cycle = OneCycleSchedule(peak=0.01)
>>> rates = one_cycle.rates(total_steps=100)
>>> round(float(rates[0]), 6), round(float(rates.max()), 6), int(rates.argmax())
(0.0004, 0.01, 25)
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["CosineSchedule", "OneCycleSchedule", "resolve_schedule"]


class _WarmupCosine:
    """Warm up from ``peak / start_div`` to ``peak`` over the first ``warmup``
    share of the steps, then anneal by a half cosine to ``peak / final_div``."""

    _warmup_shape = "linear"

    def __init__(self, peak, warmup, start_div, final_div):
        self.peak = peak
        self.warmup = warmup
        self.start_div = start_div
        self.final_div = final_div
        self._check()

    def _check(self):
        if self.peak is not None and not (isinstance(self.peak, (int, float)) and self.peak > 0):
            raise ValueError(f"peak must be a positive learning rate or None, got {self.peak!r}.")
        if not 0 <= self.warmup < 1:
            raise ValueError(
                f"warmup is the share of the steps spent warming up, in [0, 1); got "
                f"{self.warmup!r}."
            )

    def _phases(self, total_steps, base_rate):
        peak = float(base_rate if self.peak is None else self.peak)
        start = 0.0 if math.isinf(self.start_div) else peak / self.start_div
        final = 0.0 if math.isinf(self.final_div) else peak / self.final_div
        warmup_steps = int(round(self.warmup * total_steps))
        return peak, start, final, warmup_steps

    def rate(self, step, total_steps, base_rate=0.001):
        """The learning rate of 0-based batch ``step`` of ``total_steps``.

        ``base_rate`` is the optimizer's rate, used when ``peak`` is None.
        Past the last step, the rate stays at its final value.
        """
        peak, start, final, warmup_steps = self._phases(total_steps, base_rate)
        step = min(step, total_steps)
        if step < warmup_steps:
            progress = step / warmup_steps
            if self._warmup_shape == "cosine":
                progress = (1 - math.cos(math.pi * progress)) / 2
            return start + (peak - start) * progress
        decay_steps = max(total_steps - warmup_steps, 1)
        progress = (step - warmup_steps) / decay_steps
        return final + (peak - final) * (1 + math.cos(math.pi * progress)) / 2

    def rates(self, total_steps, base_rate=0.001):
        """The rates of steps ``0 .. total_steps - 1`` as an array."""
        return np.array([self.rate(s, total_steps, base_rate) for s in range(total_steps)])

    def get_config(self):
        return {
            "kind": type(self).__name__,
            "peak": self.peak,
            "warmup": self.warmup,
            "start_div": self.start_div,
            "final_div": self.final_div,
            "warmup_shape": self._warmup_shape,
        }

    def __repr__(self):
        params = ", ".join(f"{k}={v!r}" for k, v in self._params().items())
        return f"{type(self).__name__}({params})"

    def __eq__(self, other):
        return type(self) is type(other) and self._params() == other._params()

    def __hash__(self):
        return hash((type(self).__name__, tuple(self._params().items())))


class CosineSchedule(_WarmupCosine):
    """Linear warm-up from 0, then cosine decay (Loshchilov & Hutter 2017, no restarts).

    Parameters
    ----------
    peak : float, default=None
        The highest rate, reached at the end of the warm-up; None takes the
        optimizer's learning rate.
    warmup : float in [0, 1), default=0.05
        Share of the steps over which the rate rises linearly from 0.
    final : float, default=0.0
        The last rate, as a fraction of ``peak``.

    Examples
    --------
    >>> from skcnn.schedules import CosineSchedule
    >>> CosineSchedule(peak=0.1, warmup=0.0).rate(50, total_steps=100)
    0.05
    """

    def __init__(self, peak=None, warmup=0.05, final=0.0):
        self.final = final
        super().__init__(peak, warmup, math.inf, math.inf if final == 0 else 1.0 / final)

    def _params(self):
        return {"peak": self.peak, "warmup": self.warmup, "final": self.final}


class OneCycleSchedule(_WarmupCosine):
    """Smith's one-cycle policy as fastai's ``fit_one_cycle`` runs it.

    The rate rises by a half cosine from ``peak / start_div`` to ``peak`` over
    the first ``warmup`` share of the steps, then falls by a half cosine to
    ``peak / final_div`` (Smith & Topin 2019; fastai's defaults).

    Parameters
    ----------
    peak : float, default=None
        The highest rate; None takes the optimizer's learning rate.
    warmup : float in [0, 1), default=0.25
        Share of the steps spent rising (fastai's ``pct_start``).
    start_div : float, default=25.0
        The first rate is ``peak / start_div`` (fastai's ``div``).
    final_div : float, default=1e5
        The last rate is ``peak / final_div`` (fastai's ``div_final``).

    Examples
    --------
    >>> from skcnn.schedules import OneCycleSchedule
    >>> OneCycleSchedule(peak=0.01).rate(0, total_steps=100)
    0.0004
    """

    _warmup_shape = "cosine"

    def __init__(self, peak=None, warmup=0.25, start_div=25.0, final_div=1e5):
        super().__init__(peak, warmup, start_div, final_div)

    def _params(self):
        return {
            "peak": self.peak,
            "warmup": self.warmup,
            "start_div": self.start_div,
            "final_div": self.final_div,
        }


_NAMED = {"cosine": CosineSchedule, "one_cycle": OneCycleSchedule}


def resolve_schedule(learning_rate):
    """The planned schedule for a ``learning_rate`` value, or None.

    ``"cosine"`` and ``"one_cycle"`` give the schedules with their defaults; a
    schedule instance is returned as it is; floats, callables and None (which
    are not planned schedules) give None.

    Examples
    --------
    >>> from skcnn.schedules import resolve_schedule
    >>> resolve_schedule("cosine")
    CosineSchedule(peak=None, warmup=0.05, final=0.0)
    >>> resolve_schedule(0.01) is None
    True
    """
    if isinstance(learning_rate, str):
        if learning_rate not in _NAMED:
            raise ValueError(
                f"Unknown learning_rate={learning_rate!r}: the named schedules are "
                f"{sorted(_NAMED)}; pass a float, a callable epoch -> rate, or a "
                f"skcnn.schedules schedule."
            )
        return _NAMED[learning_rate]()
    if isinstance(learning_rate, _WarmupCosine):
        return learning_rate
    return None
