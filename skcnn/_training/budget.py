"""``time_budget``: plan the epochs of a fit so that it ends within a number of seconds.

The callback measures the time per training step on the first batches after
the first compiled call (which includes tracing), fixes the number of epochs
(and the length of a planned learning-rate schedule) that fit in the time
left, and stops training there. A check at the end of each epoch, and after
each compiled call, stops earlier when the machine turns out slower than
measured. Imported only when a network trains (it imports Keras).
"""

from __future__ import annotations

import math
import time

import keras

# Leave this share of the budget for what follows training (the last
# validation pass, committing the fitted state).
_RESERVE = 0.03
# A forward pass over a validation batch costs about a third of a training step.
_EVAL_COST = 1 / 3


class TimeBudget(keras.callbacks.Callback):
    """Stop training where ``budget`` seconds since ``started`` run out.

    Parameters
    ----------
    budget : float
        Seconds for the whole fit, counted from ``started``.
    started : float
        ``time.monotonic()`` when the fit began.
    steps_per_epoch, validation_steps : int
        Training and validation batches per epoch.
    initial_epoch, max_epochs : int
        The first epoch of this fit and the most epochs it may train.
    schedule : PlannedSchedule, optional
        Its ``total_steps`` is set to the planned number of steps.
    plan : dict, optional
        The :meth:`plan_state` of an interrupted run of the same fit
        (``checkpoint=``): its plan is kept rather than measured anew, so the
        resumed fit trains the epochs and follows the schedule it planned.
    """

    def __init__(
        self,
        budget,
        started,
        *,
        steps_per_epoch,
        validation_steps,
        initial_epoch,
        max_epochs,
        schedule=None,
        plan=None,
    ):
        super().__init__()
        self.budget = float(budget)
        self.started = started
        self.steps_per_epoch = steps_per_epoch
        self.validation_steps = validation_steps
        self.initial_epoch = initial_epoch
        self.max_epochs = max_epochs
        self.schedule = schedule
        self.planned_epochs = None
        self.step_seconds = None
        self._first_call = None
        self._epoch_started = None
        self._epoch_seconds = None
        if plan is not None:
            self.step_seconds = float(plan["step_seconds"])
            self._set_planned_epochs(int(plan["planned_epochs"]))

    def _left(self, now):
        return self.budget * (1 - _RESERVE) - (now - self.started)

    def _plan(self, step_seconds, now, steps_done_this_epoch):
        """Fix the number of epochs from the measured time per step."""
        self.step_seconds = step_seconds
        epoch_seconds = step_seconds * (
            self.steps_per_epoch + self.validation_steps * _EVAL_COST
        )
        # The steps already taken this epoch are paid for.
        affordable = (self._left(now) + steps_done_this_epoch * step_seconds) / epoch_seconds
        self._set_planned_epochs(int(min(max(math.floor(affordable), 1), self.max_epochs)))

    def _set_planned_epochs(self, epochs):
        self.planned_epochs = epochs
        if self.schedule is not None:
            self.schedule.total_steps.assign(float(epochs * self.steps_per_epoch))

    def plan_state(self):
        """The plan as a JSON-ready dict (None before it is made), for checkpoints."""
        if self.planned_epochs is None:
            return None
        return {"planned_epochs": self.planned_epochs, "step_seconds": self.step_seconds}

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_started = time.monotonic()

    def on_train_batch_end(self, batch, logs=None):
        now = time.monotonic()
        if self.planned_epochs is None:
            if self._first_call is None:
                self._first_call = (now, batch)
            elif batch > self._first_call[1]:
                seconds = (now - self._first_call[0]) / (batch - self._first_call[1])
                self._plan(seconds, now, batch + 1)
        if self._left(now) <= 0:
            self.model.stop_training = True

    def on_epoch_end(self, epoch, logs=None):
        now = time.monotonic()
        self._epoch_seconds = now - self._epoch_started
        if self.planned_epochs is None:
            # Too few compiled calls in the first epoch to measure a step alone:
            # plan from the whole epoch (tracing included, so conservatively).
            self._plan(self._epoch_seconds / self.steps_per_epoch, now, self.steps_per_epoch)
        done = epoch + 1 - self.initial_epoch
        if done >= self.planned_epochs or self._left(now) < self._epoch_seconds:
            self.model.stop_training = True
