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
    caret_scoring,
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


# --------------------------------------------------------------------------
# Scorers
# --------------------------------------------------------------------------


def _folds(y, n=4):
    from sklearn.model_selection import StratifiedKFold

    return list(StratifiedKFold(n, shuffle=True, random_state=0).split(np.zeros(len(y)), y))


def _expected_fold(estimator, X, y, train, test, summaries, labels=None):
    """The summary functions on one fold's predictions, as caret's train() computes them."""
    from sklearn.base import clone

    model = clone(estimator).fit(X[train], y[train])
    lev = list(model.classes_) if labels is None else labels
    proba = pd.DataFrame(model.predict_proba(X[test]), columns=list(model.classes_))[lev]
    kwargs = {"lev": lev, "y_true": y[test], "y_pred": model.predict(X[test])}
    parts = [
        default_summary(task="classification", **kwargs) if s == "default" else None
        for s in summaries
    ]
    functions = {
        "two_class": two_class_summary,
        "multi_class": multi_class_summary,
        "pr": pr_summary,
        "mn_log_loss": mn_log_loss,
    }
    for i, s in enumerate(summaries):
        if s != "default":
            parts[i] = functions[s](y_proba=proba.to_numpy(), **kwargs)
    return pd.concat(parts)


def _key(metric):
    return f"neg_{metric}" if metric in {"RMSE", "MAE", "logLoss"} else metric


def test_cross_validate_reports_the_summaries_of_each_fold():
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_validate

    X, y = load_iris(return_X_y=True)
    y = np.array(["setosa", "versicolor", "virginica"])[y]
    model = LogisticRegression(C=0.05, max_iter=500)
    folds = _folds(y)
    scoring = caret_scoring(["multi_class"])
    assert list(scoring)[:5] == ["neg_logLoss", "AUC", "prAUC", "Accuracy", "Kappa"]
    result = cross_validate(model, X, y, cv=folds, scoring=scoring)
    for k, (train, test) in enumerate(folds):
        expected = _expected_fold(model, X, y, train, test, ["multi_class"])
        for metric, value in expected.items():
            sign = -1 if metric == "logLoss" else 1
            got = result[f"test_{_key(metric)}"][k]
            assert got == pytest.approx(sign * value, rel=1e-12, nan_ok=True), metric


def test_two_class_scorers_follow_the_event_level_and_classes_order():
    from sklearn.datasets import load_breast_cancer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_validate

    X, y = load_breast_cancer(return_X_y=True)
    X, y = X[::3, :5], np.where(load_breast_cancer().target[::3] == 1, "benign", "malignant")
    model = LogisticRegression(max_iter=2000)
    folds = _folds(y, 3)
    for labels in (None, ["malignant", "benign"]):
        scoring = caret_scoring(["two_class", "pr", "default"], labels=labels)
        result = cross_validate(model, X, y, cv=folds, scoring=scoring)
        for k, (train, test) in enumerate(folds):
            expected = _expected_fold(
                model, X, y, train, test, ["two_class", "pr", "default"], labels
            )
            for metric, value in expected.items():
                assert result[f"test_{metric}"][k] == pytest.approx(value, rel=1e-12), metric
    # sklearn's classes_ are sorted, so by default "benign" is caret's event;
    # naming "malignant" first swaps Sens and Spec.
    default = cross_validate(model, X, y, cv=folds, scoring=caret_scoring("two_class"))
    swapped = cross_validate(
        model, X, y, cv=folds, scoring=caret_scoring("two_class", labels=["malignant", "benign"])
    )
    np.testing.assert_allclose(default["test_Sens"], swapped["test_Spec"])
    np.testing.assert_allclose(default["test_ROC"], swapped["test_ROC"])


def test_grid_search_refits_on_a_caret_metric():
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV

    X, y = load_iris(return_X_y=True)
    folds = _folds(y, 3)
    grid = {"C": [0.001, 0.1, 10.0]}
    search = GridSearchCV(
        LogisticRegression(max_iter=1000),
        grid,
        cv=folds,
        scoring=caret_scoring(["default", "mn_log_loss"]),
        refit="Accuracy",
    ).fit(X, y)
    accuracy = search.cv_results_["mean_test_Accuracy"]
    assert search.best_index_ == int(np.argmax(accuracy))
    for i, C in enumerate(grid["C"]):
        model = LogisticRegression(C=C, max_iter=1000)
        folds_kappa = [
            _expected_fold(model, X, y, tr, te, ["default"])["Kappa"] for tr, te in folds
        ]
        assert search.cv_results_["mean_test_Kappa"][i] == pytest.approx(np.mean(folds_kappa))
    # neg_logLoss is negated, so the best by it is the largest
    loss = search.cv_results_["mean_test_neg_logLoss"]
    assert (loss < 0).all()
    assert search.cv_results_["rank_test_neg_logLoss"][int(np.argmax(loss))] == 1


def test_regression_scorers_with_ridge():
    from sklearn.base import clone
    from sklearn.datasets import load_diabetes
    from sklearn.linear_model import Ridge
    from sklearn.model_selection import GridSearchCV, KFold, cross_validate

    X, y = load_diabetes(return_X_y=True)
    folds = list(KFold(4, shuffle=True, random_state=0).split(X))
    scoring = caret_scoring(task="regression")
    assert list(scoring) == ["neg_RMSE", "Rsquared", "neg_MAE"]
    result = cross_validate(Ridge(alpha=0.5), X, y, cv=folds, scoring=scoring)
    for k, (train, test) in enumerate(folds):
        pred = clone(Ridge(alpha=0.5)).fit(X[train], y[train]).predict(X[test])
        expected = post_resample(y[test], pred)
        assert result["test_neg_RMSE"][k] == pytest.approx(-expected["RMSE"], rel=1e-12)
        assert result["test_Rsquared"][k] == pytest.approx(expected["Rsquared"], rel=1e-12)
        assert result["test_neg_MAE"][k] == pytest.approx(-expected["MAE"], rel=1e-12)
    search = GridSearchCV(
        Ridge(), {"alpha": [0.01, 100.0]}, cv=folds, scoring=scoring, refit="neg_RMSE"
    ).fit(X, y)
    assert search.best_params_ == {"alpha": 0.01}  # the smaller RMSE


def test_resamples_with_caret_scorers():
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    from skcnn.model_selection import resamples

    X, y = load_iris(return_X_y=True)
    models = {"strong": LogisticRegression(max_iter=1000), "weak": LogisticRegression(C=0.01)}
    rs = resamples(models, X, y, cv=3, random_state=3, scoring=caret_scoring("multi_class"))
    assert "Mean_Balanced_Accuracy" in rs.metrics and "neg_logLoss" in rs.metrics
    for name, model in models.items():
        for k, (train, test) in enumerate(rs.splits):
            expected = _expected_fold(model, X, y, train, test, ["multi_class"])
            assert rs.values[f"{name}~Mean_F1"][k] == pytest.approx(expected["Mean_F1"])
            assert rs.values[f"{name}~neg_logLoss"][k] == pytest.approx(-expected["logLoss"])


def test_scorers_predict_once_per_fold_and_never_reuse_stale_predictions():
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    X, y = load_iris(return_X_y=True)

    class Counting(LogisticRegression):
        calls = 0

        def predict(self, X):
            Counting.calls += 1
            return super().predict(X)

    scoring = caret_scoring("multi_class")
    model = Counting(max_iter=500).fit(X, y)
    values = {key: scorer(model, X, y) for key, scorer in scoring.items()}
    assert Counting.calls == 1
    model.set_params(C=0.001).fit(X, y)  # refit in place, same X and y
    again = {key: scorer(model, X, y) for key, scorer in scoring.items()}
    assert Counting.calls == 2
    assert again["neg_logLoss"] < values["neg_logLoss"]


def test_caret_scoring_errors():
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.svm import SVC

    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match="Unknown summary"):
        caret_scoring("twoClass")
    with pytest.raises(ValueError, match="both report 'Accuracy'"):
        caret_scoring(["default", "multi_class"])
    with pytest.raises(ValueError, match="both report 'AUC'"):
        caret_scoring(["multi_class", "pr"])
    with pytest.raises(ValueError, match="summary='default' only"):
        caret_scoring("two_class", task="regression")
    with pytest.raises(ValueError, match="no predict_proba"):
        caret_scoring("mn_log_loss")["neg_logLoss"](SVC().fit(X, y), X, y)
    with pytest.raises(ValueError, match="task='regression'"):
        caret_scoring()["Accuracy"](Ridge().fit(X, y), X, y)
    two = y < 2
    model = LogisticRegression().fit(X[two], y[two])
    with pytest.raises(ValueError, match="without 'Mean_'"):
        caret_scoring("multi_class")["Mean_F1"](model, X[two], y[two])
    assert "F1" in caret_scoring("multi_class", labels=[0, 1])


def test_scorers_pickle_without_their_cached_predictions():
    import pickle

    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    X, y = load_iris(return_X_y=True)
    scoring = caret_scoring()
    model = LogisticRegression(max_iter=500).fit(X, y)
    accuracy = scoring["Accuracy"](model, X, y)
    copy = pickle.loads(pickle.dumps(scoring))
    assert copy["Accuracy"]._evaluation._last is None
    assert copy["Accuracy"](model, X, y) == accuracy
    assert copy["Kappa"]._evaluation is copy["Accuracy"]._evaluation


def test_caret_summary_prints_na_and_nan_apart():
    s = CaretSummary._from_cells(["a", "b"], [math.nan, 1.0])
    assert str(s).split("\n") == ["  a   b ", "NaN   1 "]
    assert isinstance(s * 2, pd.Series) and not isinstance(s * 2, CaretSummary)
