"""Tests for skcnn.model_selection.train_report: caret's print(train), measured against R.

tests/r/train_fixtures.json was written by tests/r/make_train_fixtures.R (R 4.2.2,
caret 6.0-93): caret's train() of method "knn" on jittered iris (a classification
with 5-fold and repeated 10-fold CV, a regression with 5-fold CV) and of "lm" on
bootstrap resamples, each with explicit index lists. Here the same searches run in
scikit-learn on the same folds (R's 1-based indices less one) and their reports
must equal caret's fit$results, fit$resample and fit$bestTune to 1e-9 relative, and
print(fit) / print(fit, showSD = TRUE) line for line.

caret's knn puts near-tied neighbours in the vote and breaks tied votes at random,
scikit-learn's does neither; the R script chose data and k so that no fold meets
either, and test_same_predictions_as_caret checks it against caret's per-fold
predictions, so that the other tests compare the reporting alone.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.exceptions import NotFittedError
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.linear_model import LinearRegression
from sklearn.metrics import cohen_kappa_score, make_scorer
from sklearn.model_selection import (
    GridSearchCV,
    HalvingGridSearchCV,
    KFold,
    LeaveOneOut,
    RandomizedSearchCV,
    RepeatedKFold,
    ShuffleSplit,
    StratifiedKFold,
    TimeSeriesSplit,
)
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skcnn.model_selection import TrainReport, train_report

FIXTURES = json.loads(
    (Path(__file__).parent.parent / "r" / "train_fixtures.json").read_text(encoding="utf-8")
)
CASES = {case["name"]: case for case in FIXTURES["cases"]}
DATA = np.column_stack([np.array(col, dtype=float) for col in FIXTURES["data"]["x"]])
SPECIES = np.array(FIXTURES["data"]["species"])


class CaretKNN(ClassifierMixin, BaseEstimator):
    """KNeighborsClassifier under caret's parameter name k."""

    def __init__(self, k=5):
        self.k = k

    def fit(self, X, y):
        self.model_ = KNeighborsClassifier(n_neighbors=int(self.k)).fit(X, y)
        self.classes_ = self.model_.classes_
        self.n_features_in_ = self.model_.n_features_in_
        return self

    def predict(self, X):
        return self.model_.predict(X)


class CaretKNNReg(RegressorMixin, BaseEstimator):
    """KNeighborsRegressor under caret's parameter name k."""

    def __init__(self, k=5):
        self.k = k

    def fit(self, X, y):
        self.model_ = KNeighborsRegressor(n_neighbors=int(self.k)).fit(X, y)
        self.n_features_in_ = self.model_.n_features_in_
        return self

    def predict(self, X):
        return self.model_.predict(X)


class CaretLM(RegressorMixin, BaseEstimator):
    """LinearRegression under caret's parameter name intercept."""

    def __init__(self, intercept=True):
        self.intercept = intercept

    def fit(self, X, y):
        self.model_ = LinearRegression(fit_intercept=self.intercept).fit(X, y)
        self.n_features_in_ = self.model_.n_features_in_
        return self

    def predict(self, X):
        return self.model_.predict(X)


def _rsquared(y_true, y_pred):
    """caret's Rsquared: the squared correlation of observed and predicted."""
    return float(np.corrcoef(y_true, y_pred)[0, 1] ** 2)


CLASS_SCORING = {"Accuracy": "accuracy", "Kappa": make_scorer(cohen_kappa_score)}
REG_SCORING = {
    "neg_RMSE": "neg_root_mean_squared_error",
    "Rsquared": make_scorer(_rsquared),
    "neg_MAE": "neg_mean_absolute_error",
}
REFIT = {"Accuracy": "Accuracy", "Kappa": "Kappa", "RMSE": "neg_RMSE", "MAE": "neg_MAE"}


def _case_data(case):
    if case["model"] == "knn" and case["name"].startswith("iris_knn_"):
        return DATA, SPECIES, CaretKNN(), CLASS_SCORING, "k-Nearest Neighbors"
    if case["model"] == "knn":
        return DATA[:, 1:], DATA[:, 0], CaretKNNReg(), REG_SCORING, "k-Nearest Neighbors"
    return DATA[:, 1:], DATA[:, 0], CaretLM(), REG_SCORING, "Linear Regression"


def _folds(case):
    return [
        (np.array(train) - 1, np.array(test) - 1)
        for train, test in zip(case["index"], case["index_out"], strict=True)
    ]


_SEARCHES = {}


def _search(name):
    if name not in _SEARCHES:
        case = CASES[name]
        X, y, estimator, scoring, label = _case_data(case)
        grid = {key: [v for v in values] for key, values in case["grid"].items()}
        search = GridSearchCV(
            estimator, grid, scoring=scoring, refit=REFIT[case["metric"]], cv=_folds(case)
        ).fit(X, y)
        _SEARCHES[name] = (search, label)
    return _SEARCHES[name]


def _r_number(value) -> float:
    return math.nan if value in ("NA", "NaN") else float(value)


def _assert_close(ours, theirs, what):
    for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        b = _r_number(b)
        if math.isnan(b):
            assert math.isnan(a), f"{what}[{i}]: R has NA, we have {a}"
        else:
            assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-15), f"{what}[{i}]: {a} vs {b}"


def _assert_lines(ours: str, r_lines: list[str], what: str) -> None:
    lines = ours.split("\n")
    for i, (a, b) in enumerate(zip(lines, r_lines, strict=False)):
        assert a == b, f"{what}, line {i}:\n ours {a!r}\n R    {b!r}"
    assert len(lines) == len(r_lines), f"{what}: {len(lines)} lines, R printed {len(r_lines)}"


@pytest.mark.parametrize("name", list(CASES))
def test_same_predictions_as_caret(name):
    case = CASES[name]
    X, y, estimator, _, _ = _case_data(case)
    param = next(iter(case["grid"]))
    preds = pd.DataFrame(case["predictions"])
    for fold_name, (train, _) in zip(case["index_names"], _folds(case), strict=True):
        for value in case["grid"][param]:
            rows = preds[(preds["resample"] == fold_name) & (preds["param"] == value)]
            model = estimator.set_params(**{param: value}).fit(X[train], y[train])
            ours = model.predict(X[rows["row"].to_numpy() - 1])
            if ours.dtype.kind in "fc":
                np.testing.assert_allclose(ours, rows["pred"].astype(float), rtol=1e-12)
            else:
                assert (ours == rows["pred"].to_numpy()).all(), (fold_name, value)


@pytest.mark.parametrize("name", list(CASES))
def test_results_equal_caret(name):
    case = CASES[name]
    search, label = _search(name)
    report = train_report(search, label=label)
    assert list(report.results.columns) == list(case["results"])
    for column, values in case["results"].items():
        ours = report.results[column].tolist()
        if isinstance(values[0], bool):
            assert ours == values
        else:
            _assert_close([float(v) for v in ours], values, column)
    assert list(report.best_tune.columns) == list(case["best_tune"])
    for column, values in case["best_tune"].items():
        assert report.best_tune[column].tolist() == values


@pytest.mark.parametrize("name", list(CASES))
def test_resample_equals_caret(name):
    case = CASES[name]
    search, label = _search(name)
    report = train_report(search, label=label)
    theirs = pd.DataFrame(case["resample"]).set_index("Resample")
    ours = report.resample.set_index("Resample")
    assert sorted(ours.index) == sorted(theirs.index)
    assert list(ours.columns) == list(theirs.columns)
    for column in theirs.columns:
        _assert_close(ours.loc[theirs.index, column].tolist(), theirs[column].tolist(), column)


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("show_sd", [False, True])
def test_print_equals_caret(name, show_sd):
    case = CASES[name]
    search, label = _search(name)
    report = train_report(search, label=label, show_sd=show_sd)
    _assert_lines(str(report), case["print_sd" if show_sd else "print"], name)
    assert repr(report) == str(report)
    assert report.to_string(show_sd=not show_sd).split("\n") == case[
        "print" if show_sd else "print_sd"
    ]


def test_classifier_with_splitter_needs_the_data_and_matches_caret():
    """Folds from a splitter: the print needs X for the sizes and the number of rows."""
    search = GridSearchCV(
        CaretKNN(), {"k": [3, 5]}, scoring=CLASS_SCORING, refit="Accuracy",
        cv=KFold(5, shuffle=True, random_state=0),
    ).fit(DATA, SPECIES)
    report = train_report(search)  # the tables need no data, the print does
    assert report.best_tune["k"].tolist() == [search.best_params_["k"]]
    with pytest.raises(ValueError, match=r"train_report\(search, X, y\)"):
        str(report)
    assert repr(report).startswith("<TrainReport: 2 candidates, selected by Accuracy;")
    lines = str(train_report(search, DATA, SPECIES)).split("\n")
    assert lines[0] == "CaretKNN "
    assert lines[2:5] == [
        "150 samples",
        "  4 predictor",
        "  3 classes: 'setosa', 'versicolor', 'virginica' ",
    ]
    assert lines[7:9] == [
        "Resampling: Cross-Validated (5 fold) ",
        "Summary of sample sizes: 120, 120, 120, 120, 120 ",
    ]


def _iris_search(cv, **kwargs):
    search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [3, 5]}, cv=cv, **kwargs)
    return search.fit(DATA, SPECIES)


@pytest.mark.parametrize(
    ("cv", "text", "sizes"),
    [
        (None, "Cross-Validated (5 fold)", "120, 120, 120, 120, 120"),
        (3, "Cross-Validated (3 fold)", "100, 100, 100"),
        (StratifiedKFold(10), "Cross-Validated (10 fold)", "135, 135, 135, 135, 135, 135, ..."),
        (RepeatedKFold(n_splits=5, n_repeats=3, random_state=0),
         "Cross-Validated (5 fold, repeated 3 times)", "120, 120, 120, 120, 120, 120, ..."),
        (ShuffleSplit(4, test_size=0.25, random_state=0),
         "Repeated Train/Test Splits Estimated (4 reps, 75%)", "112, 112, 112, 112"),
        (TimeSeriesSplit(3), "TimeSeriesSplit (3 reps)", "39, 76, 113"),
    ],
)
def test_resampling_lines_from_splitters(cv, text, sizes):
    lines = str(train_report(_iris_search(cv), DATA, SPECIES)).split("\n")
    assert lines[7] == f"Resampling: {text} "
    assert lines[8] == f"Summary of sample sizes: {sizes} "


def test_resampling_lines_from_index_pairs():
    n = len(DATA)
    rng = np.random.default_rng(0)
    boot = [rng.integers(0, n, n) for _ in range(6)]
    boot = [(b, np.setdiff1d(np.arange(n), b)) for b in boot]
    report = train_report(_iris_search(boot))
    assert "Resampling: Bootstrapped (6 reps) " in str(report).split("\n")
    assert report.resample["Resample"].tolist()[:2] == ["Resample1", "Resample2"]
    repeated = list(RepeatedKFold(n_splits=4, n_repeats=2, random_state=0).split(DATA))
    report = train_report(_iris_search(repeated))
    assert "Resampling: Cross-Validated (4 fold, repeated 2 times) " in str(report).split("\n")
    assert report.resample["Resample"].tolist()[3:5] == ["Fold4.Rep1", "Fold1.Rep2"]
    loo = list(LeaveOneOut().split(DATA[:20]))
    search = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [1, 3]}, cv=loo)
    report = train_report(search.fit(DATA[:20], SPECIES[:20] == "setosa"))
    assert "Resampling: Leave-One-Out Cross-Validation " in str(report).split("\n")
    custom = [(np.arange(0, 100), np.arange(100, 150)), (np.arange(50, 150), np.arange(0, 50))]
    report = train_report(_iris_search(custom))
    assert "Resampling: Custom Resampling (2 reps) " in str(report).split("\n")


def test_single_metric_names_and_sign():
    search = _iris_search(5)
    report = train_report(search, DATA, SPECIES)
    assert report.metrics == ["Accuracy"]
    assert list(report.results.columns) == ["n_neighbors", "Accuracy", "AccuracySD"]
    reg = GridSearchCV(
        KNeighborsRegressor(), {"n_neighbors": [3, 9]}, cv=5,
        scoring="neg_root_mean_squared_error",
    ).fit(DATA[:, 1:], DATA[:, 0])
    report = train_report(reg, DATA[:, 1:], DATA[:, 0])
    assert report.metrics == ["RMSE"]
    assert not report.maximize
    expected = -reg.cv_results_["mean_test_score"]
    np.testing.assert_allclose(report.results["RMSE"], expected, rtol=1e-12)
    text = str(report)
    assert "RMSE was used to select the optimal model using the smallest value." in text
    assert report.best_tune["n_neighbors"].iloc[0] == reg.best_params_["n_neighbors"]
    assert "  3 predictors" not in text and "  3 predictor" in text
    assert "classes" not in text
    r2 = GridSearchCV(KNeighborsRegressor(), {"n_neighbors": [3, 9]}, cv=5)
    assert train_report(r2.fit(DATA[:, 1:], DATA[:, 0]), DATA[:, 1:]).metrics == ["R2"]


def test_scorer_lists_and_callables_returning_dicts():
    listed = _iris_search(3, scoring=["accuracy", "neg_log_loss"], refit="neg_log_loss")
    report = train_report(listed, DATA, SPECIES)
    assert report.metrics == ["Accuracy", "logLoss"]
    assert (report.metric, report.maximize) == ("logLoss", False)
    np.testing.assert_allclose(
        report.results["logLoss"], -listed.cv_results_["mean_test_neg_log_loss"], rtol=1e-12
    )

    def two(estimator, X, y):
        accuracy = float(np.mean(estimator.predict(X) == y))
        return {"Accuracy": accuracy, "neg_Error": accuracy - 1}

    called = _iris_search(3, scoring=two, refit="Accuracy")
    report = train_report(called, DATA, SPECIES)
    assert report.metrics == ["Accuracy", "Error"]
    np.testing.assert_allclose(report.results["Error"], 1 - report.results["Accuracy"])


def test_sd_is_r_sd_and_means_skip_failed_fits():
    search = _iris_search(5)
    report = train_report(search, DATA, SPECIES)
    splits = np.array([search.cv_results_[f"split{i}_test_score"] for i in range(5)]).T
    np.testing.assert_allclose(report.results["AccuracySD"], splits.std(axis=1, ddof=1))
    report_sd = report.to_string(show_sd=True)
    assert "(values below are 'mean (sd)')" in report_sd


def test_several_parameters_plural_and_held_constant():
    search = GridSearchCV(
        KNeighborsClassifier(),
        {"n_neighbors": [3, 5], "weights": ["uniform", "distance"], "p": [2]},
        cv=5,
    ).fit(DATA, SPECIES)
    report = train_report(search, DATA, SPECIES)
    lines = str(report).split("\n")
    best = search.best_params_
    # over 80 characters: caret's truncateText() breaks it before the last-but-one space
    assert "".join(lines[-2:]) == (
        f"The final values used for the model were n_neighbors = {best['n_neighbors']}, "
        f"p = 2 and weights = {best['weights']}."
    )
    assert lines[-1] == f" = {best['weights']}."
    assert "Tuning parameter 'p' was held constant at a value of 2" in lines
    header = lines[lines.index("Resampling results across tuning parameters:") + 2]
    assert header.split() == ["n_neighbors", "weights", "Accuracy"]
    # rows sorted by the parameters in order, text left-aligned, as R's order()
    assert [line.split()[:2] for line in lines[lines.index(header) + 1:][:4]] == [
        ["3", "distance"], ["3", "uniform"], ["5", "distance"], ["5", "uniform"]
    ]


def test_pipeline_preprocessing_and_model_line():
    search = GridSearchCV(
        make_pipeline(StandardScaler(), KNeighborsClassifier()),
        {"kneighborsclassifier__n_neighbors": [3, 5]}, cv=5,
    ).fit(DATA, SPECIES)
    lines = str(train_report(search, DATA, SPECIES)).split("\n")
    assert lines[0] == "KNeighborsClassifier "
    assert lines[6] == "Pre-processing: StandardScaler "


def test_randomized_search_print():
    search = RandomizedSearchCV(
        KNeighborsClassifier(), {"n_neighbors": list(range(1, 30)), "p": [1, 2]},
        n_iter=5, cv=5, random_state=0, scoring=CLASS_SCORING, refit="Kappa",
    ).fit(DATA, SPECIES)
    report = train_report(search, DATA, SPECIES)
    lines = str(report).split("\n")
    table = lines[lines.index("Resampling results across tuning parameters:") + 2:]
    table = table[: table.index("")]
    assert table[0].split() == ["n_neighbors", "p", "Accuracy", "Kappa"]
    assert len(table) == 1 + 5
    shown = sorted((p["n_neighbors"], p["p"]) for p in search.cv_results_["params"])
    assert [(int(r.split()[0]), int(r.split()[1])) for r in table[1:]] == shown
    for row in table[1:]:
        k, p = int(row.split()[0]), int(row.split()[1])
        i = [j for j, c in enumerate(search.cv_results_["params"])
             if (c["n_neighbors"], c["p"]) == (k, p)][0]
        kappa = search.cv_results_["mean_test_Kappa"][i]
        assert math.isclose(float(row.split()[3]), kappa, rel_tol=1e-6)
    assert "Kappa was used to select the optimal model using the largest value." in lines


def test_halving_search_print():
    search = HalvingGridSearchCV(
        KNeighborsClassifier(), {"n_neighbors": [1, 3, 5, 7, 9, 11]}, cv=3, factor=2,
        min_resources=30, random_state=0,
    ).fit(DATA, SPECIES)
    report = train_report(search)
    text = str(report)
    resources = ", ".join(str(r) for r in search.n_resources_)
    assert (
        f"Successive halving: {search.n_iterations_} iterations on n_samples = {resources} "
        f"(factor 2) " in text.split("\n")
    )
    assert "Summary of sample sizes" not in text
    assert list(report.results.columns)[:2] == ["n_neighbors", "Resources"]
    assert len(report.results) == 6  # each candidate once, at its last iteration
    best = search.best_params_["n_neighbors"]
    row = report.results[report.results["n_neighbors"] == best].iloc[0]
    assert row["Resources"] == search.n_resources_[-1]
    assert text.split("\n")[-1] == f"The final value used for the model was n_neighbors = {best}."


@pytest.mark.parametrize("kind", [GridSearchCV, RandomizedSearchCV, HalvingGridSearchCV])
def test_unfitted_search(kind):
    with pytest.raises(NotFittedError, match=rf"This {kind.__name__} is not fitted yet: call "
                                             r"search\.fit\(X, y\)"):
        train_report(kind(KNeighborsClassifier(), {"n_neighbors": [3, 5]}))


def test_wrong_objects():
    with pytest.raises(TypeError, match="GridSearchCV"):
        train_report(KNeighborsClassifier().fit(DATA, SPECIES))
    search = GridSearchCV(
        KNeighborsClassifier(), {"n_neighbors": [3, 5]}, scoring=CLASS_SCORING, refit=False,
        cv=3,
    ).fit(DATA, SPECIES)
    with pytest.raises(ValueError, match="refit='<metric>'"):
        train_report(search, DATA, SPECIES)


def test_callable_refit_is_named():
    def fewest_neighbours(cv_results):
        return int(np.argmin(cv_results["param_n_neighbors"]))

    search = _iris_search(5, refit=fewest_neighbours)
    lines = str(train_report(search, DATA, SPECIES)).split("\n")
    # caret's truncateText() breaks the sentence at 80 characters
    assert lines[-3:-1] == [
        "Accuracy was used to select the optimal model using  a custom selection",
        " rule (fewest_neighbours).",
    ]
    assert lines[-1] == "The final value used for the model was n_neighbors = 3."


def test_report_type():
    search, label = _search("iris_knn_cv5")
    assert isinstance(train_report(search), TrainReport)
