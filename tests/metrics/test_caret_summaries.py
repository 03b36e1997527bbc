"""caret's summary functions and the scorers built on them, against R.

tests/r/caret_summary_fixtures.json was written by
tests/r/make_caret_summary_fixtures.R (R 4.2.2, caret 6.0-93): every number must
agree to 1e-9 relative, NA and NaN where R has them, and the print line for line.
The scorer tests check that cross_validate, GridSearchCV and resamples report,
fold by fold, the summary functions applied to that fold's predictions.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from skcnn.metrics import (
    CaretSummary,
    default_summary,
    mn_log_loss,
    multi_class_summary,
    post_resample,
    pr_summary,
    two_class_summary,
)

FIXTURES = json.loads(
    (Path(__file__).parent.parent / "r" / "caret_summary_fixtures.json").read_text(encoding="utf-8")
)
CASES = {case["name"]: case for case in FIXTURES["cases"]}
CLASSIFICATION = [n for n, c in CASES.items() if c["kind"] == "classification"]
REGRESSION = [n for n, c in CASES.items() if c["kind"] == "regression"]
FUNCTIONS = {
    "default_summary": default_summary,
    "two_class_summary": two_class_summary,
    "multi_class_summary": multi_class_summary,
    "pr_summary": pr_summary,
    "mn_log_loss": mn_log_loss,
}


def _numbers(strings):
    return np.array([math.nan if s == "NA" else float(s) for s in strings])


def _frame(case):
    """caret's data frame: obs and pred as Categoricals over the levels, probabilities."""
    levels = case["levels"]
    data = pd.DataFrame(
        {
            "obs": pd.Categorical(case["obs"], categories=levels),
            "pred": pd.Categorical(case["pred"], categories=levels),
        }
    )
    for level in levels:
        data[level] = _numbers(case["prob"][level])
    return data


def _check(result, expected):
    assert isinstance(result, CaretSummary)
    names = [cell["name"] for cell in expected["values"]]
    assert result.index.tolist() == names
    for cell in expected["values"]:
        value = result[cell["name"]]
        if cell["na"] or cell["nan"]:
            assert math.isnan(value), cell
            assert (cell["name"] in result.r_na) == cell["na"], cell
        else:
            assert value == pytest.approx(cell["value"], rel=1e-9, abs=1e-300), cell
    assert str(result).split("\n") == expected["print"]


@pytest.mark.parametrize("name", CLASSIFICATION)
@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_summary_of_a_data_frame_matches_caret(name, function):
    case = CASES[name]
    if function not in case:
        pytest.skip(f"caret's {function} takes two classes only")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # R gave no warning on these cases
        result = FUNCTIONS[function](_frame(case), lev=case["levels"])
    assert case[function]["warnings"] == []
    _check(result, case[function])


@pytest.mark.parametrize("name", CLASSIFICATION)
@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_summary_of_arrays_matches_caret(name, function):
    case = CASES[name]
    if function not in case:
        pytest.skip(f"caret's {function} takes two classes only")
    proba = np.column_stack([_numbers(case["prob"][level]) for level in case["levels"]])
    kwargs = {"y_true": case["obs"], "y_pred": case["pred"]}
    if function != "default_summary":
        kwargs["y_proba"] = proba
    _check(FUNCTIONS[function](lev=case["levels"], **kwargs), case[function])


@pytest.mark.parametrize("name", CLASSIFICATION)
def test_post_resample_of_labels_matches_caret(name):
    case = CASES[name]
    _check(post_resample(case["obs"], case["pred"], lev=case["levels"]), case["post_resample"])


@pytest.mark.parametrize("name", REGRESSION)
def test_regression_summaries_match_caret(name):
    case = CASES[name]
    obs, pred = _numbers(case["obs"]), _numbers(case["pred"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # caret's postResample does not warn for NA Rsquared
        _check(post_resample(obs, pred), case["post_resample"])
        frame = pd.DataFrame({"obs": obs, "pred": pred})
        _check(default_summary(frame), case["default_summary"])
    assert case["post_resample"]["warnings"] == []


def test_fixtures_cover_the_designed_cases():
    assert FIXTURES["versions"]["caret"] == "6.0.93"
    assert {"regression_constant_prediction", "perfect", "hard_zero_one"} <= set(CASES)
    assert CASES["regression_constant_prediction"]["post_resample"]["values"][1]["na"]


def test_multi_class_summary_without_probabilities_drops_their_statistics():
    case = CASES["three_class"]
    full = multi_class_summary(_frame(case), lev=case["levels"])
    labels_only = multi_class_summary(y_true=case["obs"], y_pred=case["pred"], lev=case["levels"])
    assert labels_only.index.tolist() == full.index.tolist()[3:]
    np.testing.assert_allclose(labels_only.to_numpy(), full.to_numpy()[3:], rtol=0, atol=0)


def test_log_loss_clips_as_model_metrics():
    loss = mn_log_loss(y_true=["a", "b"], y_proba=[[0.0, 1.0], [0.0, 1.0]])
    assert loss["logLoss"] == pytest.approx(-math.log(1e-15) / 2, rel=1e-12)


def test_level_order_makes_the_first_level_the_event():
    y = ["no", "yes", "yes", "no", "yes"]
    pred = ["no", "yes", "no", "no", "yes"]
    p_yes = np.array([0.2, 0.9, 0.4, 0.3, 0.7])
    proba = pd.DataFrame({"yes": p_yes, "no": 1 - p_yes})
    event_yes = two_class_summary(lev=["yes", "no"], y_true=y, y_pred=pred, y_proba=proba)
    event_no = two_class_summary(lev=["no", "yes"], y_true=y, y_pred=pred, y_proba=proba)
    assert event_yes["Sens"] == pytest.approx(2 / 3)
    assert event_no["Sens"] == 1.0
    assert event_yes["Spec"] == event_no["Sens"]
    assert event_yes["ROC"] == event_no["ROC"] == 1.0


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="3 levels"):
        two_class_summary(y_true=["a", "b", "c"], y_pred=["a", "b", "c"], y_proba=np.eye(3))
    with pytest.raises(ValueError, match="class probabilities"):
        pr_summary(y_true=["a", "b"], y_pred=["a", "b"])
    with pytest.raises(ValueError, match=r"shape \(n_samples, 2\)"):
        two_class_summary(y_true=["a", "b"], y_pred=["a", "b"], y_proba=np.eye(3))
    with pytest.raises(ValueError, match="'obs'"):
        default_summary(pd.DataFrame({"pred": ["a"]}))
    with pytest.raises(ValueError, match="not both"):
        default_summary(pd.DataFrame({"obs": ["a"], "pred": ["a"]}), y_true=["a"], y_pred=["a"])
    with pytest.raises(ValueError, match="task must be"):
        post_resample([1, 2], [1, 2], task="ranking")


def test_integer_labels_are_numbers_unless_task_says_otherwise():
    assert post_resample([0, 1, 2, 1], [0, 1, 1, 1]).index.tolist() == ["RMSE", "Rsquared", "MAE"]
    s = post_resample([0, 1, 2, 1], [0, 1, 1, 1], task="classification")
    assert s["Accuracy"] == 0.75


def test_missing_predictions_are_dropped_by_post_resample_only():
    s = post_resample(["a", "b", "a"], ["a", None, "b"])
    assert s["Accuracy"] == 0.5
    with pytest.raises(ValueError, match="missing prediction"):
        multi_class_summary(y_true=["a", "b", "a"], y_pred=["a", None, "b"])
