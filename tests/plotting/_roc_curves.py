"""ROC curves that the plot_roc tests draw: pROC's fixtures (tests/r/proc_fixtures.json,
written by tests/r/make_proc_fixtures.R) and three close curves on made-up scores."""

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from skcnn.metrics import roc

FIXTURES = {
    case["name"]: case
    for case in json.loads(
        (Path(__file__).parent.parent / "r" / "proc_fixtures.json").read_text("utf-8")
    )["binary"]
}


def _number(value):
    if value is None or value == "NA":
        return math.nan
    return {"Inf": math.inf, "-Inf": -math.inf}.get(value) or float(value)


def _list(value):
    return value if isinstance(value, list) else [value]


def fixture_curve(name, percent=False):
    """The curve of pROC's fixture ``name``, built as the fixture's R call built it."""
    case = FIXTURES[name]
    kwargs = {"percent": True} if percent else {}
    if case["levels_arg"] is not None:
        kwargs["levels"] = case["levels_arg"]
    if case["direction_arg"] is not None:
        kwargs["direction"] = case["direction_arg"]
    y = pd.Series(_list(case["response"]), name=case["response_name"], dtype=object)
    x = pd.Series([_number(v) for v in _list(case["predictor"])], name=case["predictor_name"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return roc(y, x, **kwargs)


def proc_best_labels(name):
    """pROC's print.thres labels of the fixture's best (Youden) thresholds:
    ``sprintf("%.3f (%.3f, %.3f)", threshold, specificity, sensitivity)`` of R's numbers."""
    best = FIXTURES[name]["best_youden"]

    def r_sprintf(value):  # R's "%.3f" writes infinities as Inf and -Inf
        value = _number(value)
        return ("Inf" if value > 0 else "-Inf") if math.isinf(value) else f"{value:.3f}"

    return [
        f"{r_sprintf(t)} ({r_sprintf(sp)}, {r_sprintf(se)})"
        for t, sp, se in zip(
            _list(best["threshold"]),
            _list(best["specificity"]),
            _list(best["sensitivity"]),
            strict=True,
        )
    ]


def close_curves():
    """Three models whose curves and best points lie close together."""
    rng = np.random.RandomState(0)
    y = np.r_[np.zeros(60), np.ones(40)]
    base = 1.2 * y + rng.normal(size=100)
    return {f"model {k}": roc(y, base + rng.normal(scale=0.15, size=100)) for k in "ABC"}
