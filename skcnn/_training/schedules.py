"""The Keras form of :mod:`skcnn.schedules`: a ``LearningRateSchedule`` per batch.

Imported only when a network is compiled (it imports Keras).
"""

from __future__ import annotations

import math

import keras
from keras import ops


@keras.saving.register_keras_serializable(package="skcnn")
class PlannedSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """Warm-up then half-cosine annealing over ``total_steps`` batches.

    ``total_steps`` is a variable: ``time_budget`` sets it to the planned
    number of steps and moves it with every new plan (the step is clipped to
    it, so a plan that shrinks below the current step holds the final rate).
    The formula is that of
    :meth:`skcnn.schedules.CosineSchedule.rate`, in Keras ops.
    """

    def __init__(self, peak, start, final, warmup, total_steps, warmup_shape="linear"):
        self.peak = float(peak)
        self.start = float(start)
        self.final = float(final)
        self.warmup = float(warmup)
        self.warmup_shape = warmup_shape
        self.total_steps = keras.Variable(
            float(total_steps), dtype="float32", trainable=False, name="schedule_total_steps"
        )

    @classmethod
    def from_plan(cls, plan, total_steps, base_rate):
        """The Keras schedule for a :mod:`skcnn.schedules` schedule ``plan``."""
        peak, start, final, _ = plan._phases(total_steps, base_rate)
        return cls(peak, start, final, plan.warmup, total_steps, plan._warmup_shape)

    def __call__(self, step):
        step = ops.cast(step, "float32")
        total = ops.maximum(ops.convert_to_tensor(self.total_steps), 1.0)
        step = ops.minimum(step, total)
        warmup_steps = ops.round(self.warmup * total)
        rising = step / ops.maximum(warmup_steps, 1.0)
        if self.warmup_shape == "cosine":
            rising = (1.0 - ops.cos(math.pi * rising)) / 2.0
        warm = self.start + (self.peak - self.start) * rising
        falling = (step - warmup_steps) / ops.maximum(total - warmup_steps, 1.0)
        annealed = self.final + (self.peak - self.final) * (1.0 + ops.cos(math.pi * falling)) / 2.0
        return ops.where(step < warmup_steps, warm, annealed)

    def get_config(self):
        return {
            "peak": self.peak,
            "start": self.start,
            "final": self.final,
            "warmup": self.warmup,
            "total_steps": float(self.total_steps.numpy()),
            "warmup_shape": self.warmup_shape,
        }
