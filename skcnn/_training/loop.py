"""Training-loop settings as Keras objects: optimizer, loss, callbacks.

Each side concern of the loop (learning-rate schedule, early stopping, the
user's own callbacks) is one Keras callback; the estimator only assembles them.
"""

from __future__ import annotations

import contextlib
import copy
import sys

import numpy as np

from .._checks import is_auto
from .._keras import get_keras
from ..schedules import OneCycleSchedule, resolve_schedule

SPARSE_LOSS = "sparse_categorical_crossentropy"
ONE_HOT_LOSS = "categorical_crossentropy"
# learning_rate="auto": one cycle peaking at three times the optimizer's default
# rate (Adam's 0.001 -> 0.003), the schedule measured on digits (docs/benchmarks.md).
AUTO_PEAK_FACTOR = 3.0


def make_optimizer(optimizer, learning_rate, total_steps=None):
    """A fresh optimizer: a name, or a copy of the user's optimizer instance.

    ``learning_rate="auto"`` is a one-cycle schedule peaking at
    :data:`AUTO_PEAK_FACTOR` times a named optimizer's default rate (an
    optimizer instance keeps its own rate); a float overrides the optimizer's; a
    callable schedule sets the rate of epoch 0 here and is applied per epoch by
    :func:`make_callbacks`;
    a Keras ``LearningRateSchedule`` becomes the optimizer's own (per step);
    a planned schedule (``"cosine"``, ``"one_cycle"`` or a
    :mod:`skcnn.schedules` instance) becomes the optimizer's per-batch
    schedule over ``total_steps`` batches, peaking at the optimizer's rate
    unless it names its own peak.
    """
    keras = get_keras()
    if isinstance(optimizer, str):
        try:
            opt = keras.optimizers.get(optimizer)
        except ValueError as exc:
            raise ValueError(
                f"Unknown optimizer={optimizer!r}. Use a Keras optimizer name such as "
                f"'adam', 'rmsprop' or 'sgd', or pass a keras.optimizers.Optimizer."
            ) from exc
    else:
        opt = type(optimizer).from_config(optimizer.get_config())
    if is_auto(learning_rate):
        if not isinstance(optimizer, str):
            return opt  # an optimizer instance keeps the rate it was given
        rate = opt.get_config()["learning_rate"]
        learning_rate = OneCycleSchedule(peak=AUTO_PEAK_FACTOR * float(rate))
    plan = resolve_schedule(learning_rate)
    if plan is not None:
        from .schedules import PlannedSchedule

        config = opt.get_config()
        base_rate = config["learning_rate"]
        if not isinstance(base_rate, (int, float)):
            raise ValueError(
                f"learning_rate={learning_rate!r} plans its own schedule, but the optimizer "
                f"already has one ({type(base_rate).__name__}). Pass an optimizer with a "
                f"fixed learning rate."
            )
        config["learning_rate"] = PlannedSchedule.from_plan(plan, total_steps, base_rate)
        return type(opt).from_config(config)
    if is_keras_schedule(learning_rate):
        # A Keras schedule is a function of the step: the optimizer applies it
        # every batch. A copy, so that each fit starts the schedule afresh.
        config = opt.get_config()
        config["learning_rate"] = type(learning_rate).from_config(learning_rate.get_config())
        return type(opt).from_config(config)
    if learning_rate is not None:
        rate = learning_rate(0) if callable(learning_rate) else learning_rate
        opt.learning_rate = float(rate)
    return opt


def is_keras_schedule(learning_rate):
    """Whether ``learning_rate`` is a ``keras.optimizers.schedules`` schedule
    (of the step, applied by the optimizer), not a function of the epoch."""
    keras = sys.modules.get("keras")
    return keras is not None and isinstance(
        learning_rate, keras.optimizers.schedules.LearningRateSchedule
    )


def planned_schedule(model):
    """The network's per-batch :class:`PlannedSchedule`, or None."""
    rate = getattr(getattr(model, "optimizer", None), "_learning_rate", None)
    from .schedules import PlannedSchedule

    return rate if isinstance(rate, PlannedSchedule) else None


def needs_one_hot(loss, label_smoothing=0.0):
    """Whether ``loss`` trains on one-hot targets instead of class indices.

    ``label_smoothing`` > 0 does: Keras's sparse cross-entropy has no
    smoothing, so the categorical one smooths one-hot targets. Raises for a
    smoothing the loss cannot apply, before anything is built.
    """
    if label_smoothing:
        if loss not in ("auto", SPARSE_LOSS, ONE_HOT_LOSS):
            raise ValueError(
                f"label_smoothing={label_smoothing} applies to the built-in cross-entropy "
                f"(loss='auto'); with loss={loss!r}, smooth the targets inside your own loss "
                f"or pass label_smoothing=0."
            )
        return True
    return loss == ONE_HOT_LOSS


def resolve_loss(loss, label_smoothing=0.0):
    """Return ``(keras_loss, one_hot)``: the loss to compile with and whether it
    expects one-hot targets (see :func:`needs_one_hot`)."""
    one_hot = needs_one_hot(loss, label_smoothing)
    if label_smoothing:
        keras = get_keras()
        return keras.losses.CategoricalCrossentropy(label_smoothing=float(label_smoothing)), True
    if loss in ("auto", SPARSE_LOSS):
        return SPARSE_LOSS, one_hot
    return loss, one_hot


class EpochSchedule:
    """Adapts a user's ``epoch -> rate`` callable to Keras's ``(epoch, lr)`` form."""

    def __init__(self, schedule):
        self.schedule = schedule

    def __call__(self, epoch, lr):
        return float(self.schedule(epoch))


# batch_size="auto": 1/100 of the training set, clipped to this range.
AUTO_BATCH_RANGE = (32, 128)


def auto_batch_size(batch_size, n_train):
    """``batch_size`` as a number: ``"auto"`` is 1/100 of ``n_train`` in
    :data:`AUTO_BATCH_RANGE`."""
    if is_auto(batch_size):
        return int(np.clip(n_train // 100, *AUTO_BATCH_RANGE))
    return int(batch_size)


def make_callbacks(
    *,
    feeding=(),
    learning_rate,
    early_stopping,
    patience,
    has_validation,
    user_callbacks,
    time_budget=None,
    checkpoint=None,
):
    """Every callback of one ``fit`` call, in the order they run.

    ``feeding``: the inputs' own callbacks (which epoch the batches are of),
    first, so that every batch of an epoch is drawn in that epoch's order.

    ``time_budget``: the keyword arguments of :class:`skcnn._training.budget.TimeBudget`,
    or None. ``checkpoint``: those of :class:`skcnn._training.checkpoint.ResumableFit`
    (its ``budget`` is set here), or None. The checkpoint runs last, so that
    the state it saves at an epoch's end holds what the others decided then
    (the time budget's plan).
    """
    keras = get_keras()
    callbacks = list(feeding)
    if callable(learning_rate) and not is_keras_schedule(learning_rate):
        callbacks.append(keras.callbacks.LearningRateScheduler(EpochSchedule(learning_rate)))
    if early_stopping:
        callbacks.append(
            keras.callbacks.EarlyStopping(
                monitor="val_loss" if has_validation else "loss",
                patience=patience,
                restore_best_weights=True,
            )
        )
    callbacks.extend(user_callbacks or ())
    budget = None
    if time_budget is not None:
        from .budget import TimeBudget

        budget = TimeBudget(**time_budget)
        callbacks.append(budget)
    if checkpoint is not None:
        from .checkpoint import ResumableFit

        callbacks.append(ResumableFit(**checkpoint, budget=budget))
    return callbacks


def time_budget_record(callbacks):
    """The :class:`~skcnn._training.step_plan.BudgetPlan` of the time budget
    among ``callbacks`` (what :func:`make_callbacks` returned), or None when
    the fit had no ``time_budget``."""
    from .budget import TimeBudget

    for callback in callbacks:
        if isinstance(callback, TimeBudget):
            return callback.record()
    return None


def resolve_strategy(strategy):
    """The ``tf.distribute.Strategy`` for a fit, or None.

    ``strategy`` is None, ``"mirrored"`` (``MirroredStrategy`` over every
    visible device), a strategy instance, or a callable that returns one (a
    picklable way to name a configured strategy, e.g.
    ``functools.partial(tf.distribute.MirroredStrategy, devices=[...])``).
    """
    if strategy is None:
        return None
    import tensorflow as tf

    if isinstance(strategy, str):
        if strategy != "mirrored":
            raise ValueError(f"Unknown strategy={strategy!r}; the name accepted is 'mirrored'.")
        return tf.distribute.MirroredStrategy()
    if not isinstance(strategy, tf.distribute.Strategy) and callable(strategy):
        strategy = strategy()
    if not isinstance(strategy, tf.distribute.Strategy):
        raise TypeError(
            f"strategy must be None, 'mirrored', a tf.distribute.Strategy or a callable "
            f"returning one, got {type(strategy).__name__}."
        )
    return strategy


def strategy_scope(strategy):
    """The context in which a network's variables are created for ``strategy``."""
    return strategy.scope() if strategy is not None else contextlib.nullcontext()


def snapshot_state(model):
    """Copy the model's and its optimizer's variables, to undo an interrupted fit."""
    variables = list(model.variables)
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and getattr(optimizer, "built", False):
        variables += list(optimizer.variables)
    return [(v, copy.deepcopy(v.numpy())) for v in variables]


def restore_state(snapshot):
    """Put back the values saved by :func:`snapshot_state`."""
    for variable, value in snapshot:
        variable.assign(value)
