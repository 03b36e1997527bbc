"""The arithmetic of ``time_budget``: how many training steps fit in the time left.

Pure Python (no Keras), so that the plan can be tested with any clock and the
record a fit keeps (:class:`BudgetPlan`, the estimators' ``time_budget_plan_``)
unpickles without TensorFlow. :class:`skcnn._training.budget.TimeBudget` feeds
it the times of a real fit.

The cost model of the rest of a fit, at a moment when ``steps_into_epoch`` of
the current epoch are done::

    r * step_seconds + (epochs that still end) * epoch_end_seconds
                     + (epochs still to begin) * epoch_start_seconds

``r`` more training steps, each epoch ending with its validation pass and the
callbacks of its end (a checkpoint's save), each new one beginning with its
data pipeline's start (the first batches of an epoch come late). The current epoch always ends
(a stopped epoch still validates), so it counts even when ``r`` is 0. The last
epoch may be partial: it stops after a whole number of compiled calls
(``steps_per_execution`` steps each).
"""

from __future__ import annotations

import collections
import dataclasses
import math

__all__ = ["BudgetPlan", "RecentRate", "affordable_steps"]


def affordable_steps(
    seconds_left,
    *,
    step_seconds,
    epoch_end_seconds,
    steps_into_epoch,
    steps_per_epoch,
    execution=1,
    epoch_start_seconds=0.0,
):
    """The most training steps after now whose cost fits in ``seconds_left``.

    Parameters
    ----------
    seconds_left : float
        Seconds until the fit must have ended (the budget less what is spent
        and a reserve for what follows training).
    step_seconds : float
        Seconds per training step.
    epoch_end_seconds : float
        Seconds of the end of one epoch: its validation pass and callbacks.
    steps_into_epoch : int
        Steps of the current epoch already done (0 before its first step).
    steps_per_epoch : int
        Steps of a whole epoch.
    execution : int, default=1
        Steps per compiled call: a partial epoch stops after a multiple of
        it (or at the epoch's end).
    epoch_start_seconds : float, default=0.0
        Seconds an epoch's start adds to its first steps.

    Returns
    -------
    int
        Steps to train after now, 0 when the current epoch should end here.

    Examples
    --------
    Ten steps of 1 s an epoch, 2 s per epoch end, 29 s left at the start of an
    epoch: two whole epochs (24 s), then a partial one of 3 steps and its end:

    >>> affordable_steps(29.0, step_seconds=1.0, epoch_end_seconds=2.0,
    ...                  steps_into_epoch=0, steps_per_epoch=10)
    23

    Compiled calls of 2 steps round the partial epoch down to 2 steps:

    >>> affordable_steps(29.0, step_seconds=1.0, epoch_end_seconds=2.0,
    ...                  steps_into_epoch=0, steps_per_epoch=10, execution=2)
    22
    """
    if step_seconds <= 0:
        raise ValueError(f"step_seconds must be positive, got {step_seconds}.")
    execution = max(int(execution), 1)
    epoch_end_seconds = max(float(epoch_end_seconds), 0.0)
    # What this epoch still costs to its natural end.
    rest_of_epoch = steps_per_epoch - steps_into_epoch
    budget = seconds_left - epoch_end_seconds
    if budget < rest_of_epoch * step_seconds:
        return _partial(budget, step_seconds, steps_into_epoch, steps_per_epoch, execution)
    budget -= rest_of_epoch * step_seconds
    epoch_costs = epoch_end_seconds + max(float(epoch_start_seconds), 0.0)
    whole_epoch = steps_per_epoch * step_seconds + epoch_costs
    extra_epochs = int(budget // whole_epoch)
    budget -= extra_epochs * whole_epoch
    partial = _partial(budget - epoch_costs, step_seconds, 0, steps_per_epoch, execution)
    return rest_of_epoch + extra_epochs * steps_per_epoch + partial


def _partial(seconds, step_seconds, steps_into_epoch, steps_per_epoch, execution):
    """Steps of an epoch that ends short, from ``steps_into_epoch`` on, in
    ``seconds`` (its end paid already): a whole number of compiled calls."""
    if seconds <= 0:
        return 0
    steps = min(int(seconds / step_seconds), steps_per_epoch - steps_into_epoch - 1)
    # A compiled call stops at a multiple of ``execution`` steps into the epoch.
    reached = (steps_into_epoch + steps) // execution * execution
    return max(reached - steps_into_epoch, 0)


class RecentRate:
    """Seconds per step over the most recent ``window`` steps measured.

    Parameters
    ----------
    window : int, default=64
        Steps the rate is averaged over: recent enough to follow a machine
        whose load changes within a few calls, long enough to smooth a single
        slow one.

    Examples
    --------
    >>> rate = RecentRate(window=4)
    >>> rate.add(2.0, 2)
    >>> rate.add(3.0, 2)
    >>> rate.seconds_per_step
    1.25
    >>> rate.add(0.5, 2)  # the first call (2 steps) leaves the window
    >>> rate.seconds_per_step
    0.875
    """

    def __init__(self, window=64):
        self.window = int(window)
        self._calls = collections.deque()
        self._seconds = 0.0
        self._steps = 0

    def add(self, seconds, steps):
        """Record one call of ``steps`` steps that took ``seconds``."""
        if steps <= 0:
            return
        self._calls.append((float(seconds), int(steps)))
        self._seconds += seconds
        self._steps += steps
        while len(self._calls) > 1 and self._steps - self._calls[0][1] >= self.window:
            old_seconds, old_steps = self._calls.popleft()
            self._seconds -= old_seconds
            self._steps -= old_steps

    @property
    def steps(self):
        """Steps in the window (0 before any call)."""
        return self._steps

    @property
    def seconds_per_step(self):
        """The mean seconds per step in the window, None before any call."""
        return self._seconds / self._steps if self._steps else None


@dataclasses.dataclass(frozen=True)
class BudgetPlan:
    """What ``time_budget`` planned for a fit (the ``time_budget_plan_`` attribute).

    Attributes
    ----------
    budget : float
        Seconds the fit was given.
    seconds : float
        Seconds the last plan expected the fit to take, training and its
        epochs' ends included: the seconds already spent when it was made plus
        those of the steps, validation passes and saves still to come.
    steps : int
        Training steps planned: the length of a planned learning-rate schedule
        (``"auto"``, ``"cosine"``, ``"one_cycle"``).
    steps_run : int
        Training steps the fit took (fewer than ``steps`` when
        ``early_stopping`` or a callback stopped it).
    steps_per_epoch : int
        Steps of a whole epoch; the last epoch is partial when ``steps_run``
        is not a multiple of it.
    step_seconds : float or None
        Seconds per training step measured last (tracing left out); None when
        the fit ended before a step could be timed.
    epoch_end_seconds : float or None
        Seconds measured last for the end of an epoch: the validation pass and
        the callbacks of the epoch's end.
    epoch_start_seconds : float or None
        Seconds measured last that the start of an epoch adds to its first
        compiled call (the data pipeline's start).
    plans : int
        Times the plan changed: after the first measurement and whenever later
        ones moved it (the machine became slower or faster).

    Examples
    --------
    >>> plan = BudgetPlan(budget=60.0, seconds=59.4, steps=940, steps_run=940,
    ...                   steps_per_epoch=469, step_seconds=0.06, epoch_end_seconds=0.2,
    ...                   epoch_start_seconds=0.5, plans=3)
    >>> plan.epochs_run
    3
    >>> round(plan.seconds / plan.budget, 2)
    0.99
    """

    budget: float
    seconds: float
    steps: int
    steps_run: int
    steps_per_epoch: int
    step_seconds: float | None
    epoch_end_seconds: float | None
    epoch_start_seconds: float | None
    plans: int

    @property
    def epochs_run(self):
        """Epochs the steps run span, a partial last epoch included."""
        return math.ceil(self.steps_run / self.steps_per_epoch)
