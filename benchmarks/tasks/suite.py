"""Every task of the suite, by name, and which contenders each kind of task meets.

``TUNING`` are the tasks a default may be chosen on; ``HELD_OUT`` were built
after the defaults were chosen, to check them (issue 23: a default is chosen on
the suite, then checked on tasks built afterwards).
"""

from __future__ import annotations

from . import classification, heldout, multilabel, regression

TASKS = {
    "digits_500": classification.digits_500,
    "digits_writers": classification.digits_writers,
    "fashion_5k": classification.fashion_5k,
    "fashion_20k": classification.fashion_20k,
    "regress_ink_share": regression.ink_share,
    "regress_count": regression.count,
    "regress_position": regression.position,
    "regress_angle": regression.angle,
    "regress_scale": regression.scale,
    "regress_contrast": regression.contrast,
    "multilabel_digit_quads": multilabel.digit_quads,
    "multilabel_fashion_pairs": multilabel.fashion_pairs,
}

TUNING = tuple(TASKS)
TASKS.update(heldout.TASKS)
HELD_OUT = tuple(heldout.TASKS)

# Names ``--tasks`` of the benchmark accepts for a whole group.
GROUPS = {"suite": TUNING, "heldout": HELD_OUT, "all": TUNING + HELD_OUT}


def build(name: str, seed: int = 0, **sizes):
    """The task ``name`` built with ``seed`` (and smaller sizes, for quick runs)."""
    if name not in TASKS:
        raise KeyError(f"unknown task {name!r}; the suite has: {', '.join(TASKS)}")
    return TASKS[name](seed, **sizes)
