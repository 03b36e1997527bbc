"""``time_budget``: plan the training steps of a fit so that it ends when the budget does.

The callback times every compiled training call after the first one (which
includes tracing), every validation pass and every epoch's end, and after each
call plans anew how many steps fit in the time left
(:func:`skcnn._training.step_plan.affordable_steps`). The fit stops after the
planned step, which may lie inside an epoch: that epoch ends there, with its
validation pass and its row of the history. The length of a planned
learning-rate schedule is the planned number of steps, so the rate anneals to
its end when the time runs out. Imported only when a network trains (it
imports Keras).
"""

from __future__ import annotations

import math
import time

import keras

from .step_plan import BudgetPlan, RecentRate, affordable_steps

# Kept for what follows training (the end of the fit: releasing the traced
# graphs, committing the fitted state), a share of the budget.
_RESERVE = 0.01
# The fit stops at the end of the compiled call nearest to the budget's end
# (half a call past it at most), unless half a call is more than this share of
# the budget: then it stops before, at most this far past it.
_SLACK = 0.05
# A forward pass over a validation batch costs about a third of a training step.
_EVAL_COST = 1 / 3
# Tracing the validation step, guessed before the first validation pass from
# the tracing of the training step (a forward graph only: about a fifth of it, measured on digits).
_EVAL_TRACE_SHARE = 0.2


class TimeBudget(keras.callbacks.Callback):
    """Stop training after the steps that fit in ``budget`` seconds since ``started``.

    Parameters
    ----------
    budget : float
        Seconds for the whole fit, counted from ``started``.
    started : float
        ``time.monotonic()`` when the fit began (less the seconds of the
        interrupted runs of a resumed fit).
    steps_per_epoch, validation_steps : int
        Training and validation batches per epoch.
    initial_epoch, max_epochs : int
        The first epoch of this fit and the most epochs it may train.
    schedule : PlannedSchedule, optional
        Its ``total_steps`` is set to the planned number of steps.
    plan : dict, optional
        The :meth:`plan_state` of an interrupted run of the same fit
        (``checkpoint=``): the resumed fit starts from its plan and its
        measurements, and plans anew as its own come in.
    whole_epochs : bool, default=False
        Stop only at an epoch's end. For images read from files: Keras's
        reader threads (its ``OrderedEnqueuer``) stop at an epoch's end only,
        and those of an epoch cut short would go on reading for good.
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
        whole_epochs=False,
    ):
        super().__init__()
        self.budget = float(budget)
        self.started = started
        self.steps_per_epoch = int(steps_per_epoch)
        self.validation_steps = int(validation_steps)
        self.initial_epoch = int(initial_epoch)
        self.max_steps = int(max_epochs) * self.steps_per_epoch
        self.schedule = schedule
        self.whole_epochs = bool(whole_epochs)
        self.planned_steps = None
        self.planned_seconds = None
        self.plans = 0
        self.steps_done = None  # of the whole fit, set when the first epoch begins
        self._train = RecentRate()
        self._validation = RecentRate()
        self._execution = 1
        self._prior_step = None  # a saved plan's, until this run measures its own
        self._prior_end = None
        self._prior_start = None
        self._first_call = None  # (seconds, steps) of this run's first call (tracing)
        self._epoch_begin = None
        self._last_call = None
        self._into_epoch = 0
        self._test = None  # [begin, last call end, calls, steps] of the pass under way
        self._validations = []  # seconds of each validation pass of this run
        self._tested_this_epoch = False
        self._other_end = None  # an epoch's end less its validation pass
        self._epoch_first_call = None  # (seconds, steps) of the latest epoch's first call
        if plan is not None:
            steps = plan.get("steps")
            if steps is None:  # saved before the plan was in steps: in epochs
                steps = int(plan["planned_epochs"]) * self.steps_per_epoch
            self._set_planned_steps(int(steps))
            self.plans = int(plan.get("plans", 1))
            self._prior_step = plan.get("step_seconds")
            self._prior_end = plan.get("epoch_end_seconds")
            self._prior_start = plan.get("epoch_start_seconds")

    # ----------------------------------------------------------- estimates
    def step_seconds(self):
        """Seconds per training step: measured, else the saved plan's, else
        the first call's (tracing included), else None."""
        measured = self._train.seconds_per_step
        if measured is not None:
            return measured
        if self._prior_step is not None:
            return float(self._prior_step)
        if self._first_call is not None:
            return self._first_call[0] / self._first_call[1]
        return None

    def epoch_end_seconds(self):
        """Seconds of one epoch's end still to come: its validation pass and
        the callbacks of its end."""
        step = self.step_seconds() or 0.0
        if self._other_end is None and self._prior_end is not None and not self._validations:
            return float(self._prior_end)
        other = self._other_end or 0.0
        if not self.validation_steps:
            return other
        if len(self._validations) > 1:  # a pass without tracing
            return self._validations[-1] + other
        if self._validation.steps:  # the calls after the first of the first pass
            return self._validation.seconds_per_step * self.validation_steps + other
        if self._validations:  # one pass of one call: tracing included
            return self._validations[-1] + other
        tracing = 0.0
        if self._first_call is not None and self._train.steps:
            tracing = max(self._first_call[0] - self._first_call[1] * step, 0.0)
        return self.validation_steps * step * _EVAL_COST + _EVAL_TRACE_SHARE * tracing + other

    def epoch_start_seconds(self):
        """Seconds an epoch's start adds to its first call (its data pipeline
        starting), from the latest epoch that was not the first of this run;
        0 before one was measured."""
        if self._epoch_first_call is None:
            return float(self._prior_start or 0.0)
        seconds, steps = self._epoch_first_call
        return max(seconds - steps * (self.step_seconds() or 0.0), 0.0)

    def _plan(self, now):
        """Plan the steps that fit in the time left, from the latest measurements."""
        step = self.step_seconds()
        if step is None or step <= 0:
            return
        end = self.epoch_end_seconds()
        start = self.epoch_start_seconds()
        spent = now - self.started
        left = self.budget * (1 - _RESERVE) - spent
        # The stop nearest to the budget's end, not the last one before it:
        # with long compiled calls, rounding down would leave most of one unspent.
        slack = min(self._execution * step / 2, _SLACK * self.budget)
        more = affordable_steps(
            left + slack,
            step_seconds=step,
            epoch_end_seconds=end,
            steps_into_epoch=self._into_epoch,
            steps_per_epoch=self.steps_per_epoch,
            execution=self._execution,
            epoch_start_seconds=start,
        )
        rest_of_epoch = self.steps_per_epoch - self._into_epoch
        if self.whole_epochs:
            more = max(more, rest_of_epoch)  # the epoch under way ends whole
        more = min(more, max(self.max_steps - self.steps_done, 0))
        ends = 1 + math.ceil(max(more - rest_of_epoch, 0) / self.steps_per_epoch)
        self.planned_seconds = spent + more * step + ends * end + (ends - 1) * start
        planned = self.steps_done + more
        if planned != self.planned_steps:
            self.plans += 1
            self._set_planned_steps(planned)

    def _set_planned_steps(self, steps):
        self.planned_steps = steps
        if self.schedule is not None:
            self.schedule.total_steps.assign(float(max(steps, 1)))

    # ---------------------------------------------------------- the record
    def plan_state(self):
        """The plan as a JSON-ready dict (None before it is made), for checkpoints."""
        if self.planned_steps is None:
            return None
        return {
            "steps": self.planned_steps,
            "step_seconds": self.step_seconds(),
            "epoch_end_seconds": self.epoch_end_seconds(),
            "epoch_start_seconds": self.epoch_start_seconds(),
            "plans": self.plans,
        }

    def record(self):
        """The :class:`~skcnn._training.step_plan.BudgetPlan` of the fit so far."""
        steps_run = self.steps_done or 0
        measured_end = self._other_end is not None or bool(self._validations)
        return BudgetPlan(
            budget=self.budget,
            seconds=self.planned_seconds if self.planned_seconds is not None else float("nan"),
            steps=self.planned_steps if self.planned_steps is not None else steps_run,
            steps_run=steps_run,
            steps_per_epoch=self.steps_per_epoch,
            step_seconds=self.step_seconds(),
            epoch_end_seconds=self.epoch_end_seconds() if measured_end else self._prior_end,
            epoch_start_seconds=(
                self.epoch_start_seconds()
                if self._epoch_first_call is not None
                else self._prior_start
            ),
            plans=self.plans,
        )

    # ------------------------------------------------------- Keras's hooks
    def on_train_begin(self, logs=None):
        self._execution = max(int(getattr(self.model, "steps_per_execution", 1) or 1), 1)
        if self.whole_epochs:
            self._execution = self.steps_per_epoch  # a stop falls on an epoch's end

    def on_epoch_begin(self, epoch, logs=None):
        now = time.monotonic()
        if self.steps_done is None:
            # Every epoch before this one ran whole (a fit stops only in its last).
            self.steps_done = (epoch - self.initial_epoch) * self.steps_per_epoch
        elif self._last_call is not None:
            validation = self._validations[-1] if self._tested_this_epoch else 0.0
            self._other_end = max(now - self._last_call - validation, 0.0)
        self._tested_this_epoch = False
        self._epoch_begin = now
        self._last_call = None
        self._into_epoch = 0

    def on_train_batch_end(self, batch, logs=None):
        now = time.monotonic()
        into = min(batch + 1, self.steps_per_epoch)
        steps = max(into - self._into_epoch, 1)
        self._into_epoch = into
        self.steps_done += steps
        first_of_epoch = self._last_call is None
        seconds = now - (self._epoch_begin if first_of_epoch else self._last_call)
        self._last_call = now
        if self._first_call is None:
            self._first_call = (seconds, steps)
        elif first_of_epoch and into < self.steps_per_epoch:
            # The epoch's data pipeline starts in this call: its extra time
            # is the epoch's start, the calls after it time the steps.
            self._epoch_first_call = (seconds, steps)
        else:
            self._train.add(seconds, steps)
        if self._train.steps or self._prior_step is not None:
            self._plan(now)
        if self.planned_steps is not None and self.steps_done >= self.planned_steps:
            self.model.stop_training = True
        elif now - self.started >= self.budget and not self.whole_epochs:
            self.model.stop_training = True

    def on_test_begin(self, logs=None):
        now = time.monotonic()
        self._test = [now, now, 0, 0]

    def on_test_batch_end(self, batch, logs=None):
        if self._test is None:
            return
        now = time.monotonic()
        into = min(batch + 1, self.validation_steps or batch + 1)
        steps = max(into - self._test[3], 1)
        # The first call of the first pass traces the validation step.
        if self._test[2] or self._validations:
            self._validation.add(now - self._test[1], steps)
        self._test[1:] = [now, self._test[2] + 1, into]

    def on_test_end(self, logs=None):
        if self._test is None:
            return
        self._validations.append(time.monotonic() - self._test[0])
        self._tested_this_epoch = True
        self._test = None

    def on_epoch_end(self, epoch, logs=None):
        now = time.monotonic()
        if self._train.steps == 0 and self._prior_step is None:
            # Too few compiled calls to time a step without tracing: plan from
            # the first call (tracing included, so conservatively).
            self._plan(now)
        if self.planned_steps is not None and self.steps_done >= self.planned_steps:
            self.model.stop_training = True
