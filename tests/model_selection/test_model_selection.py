"""Tests for skcnn.model_selection: caret's resamples, summary and diff, measured against R.

The fixtures in tests/r/resamples_fixtures.json were written by
tests/r/make_resamples_fixtures.R (R, caret): per-fold values, what caret's
summary(resamples) and summary(diff(resamples)) return and print, R's paired
t.test, p.adjust, and the corrected resampled t-test written out in R. Numbers
must agree to a relative tolerance of 1e-9 (NaN where R has NA or NaN) and the
printed text line for line, except the Call line, which names the Python call.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score
from sklearn.model_selection import (
    KFold,
    LeaveOneOut,
    RepeatedStratifiedKFold,
    ShuffleSplit,
    StratifiedKFold,
)
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

from skcnn.model_selection import Resamples, p_adjust, resamples
from skcnn.plotting import plot_resamples

FIXTURES = json.loads(
    (Path(__file__).parent.parent / "r" / "resamples_fixtures.json").read_text(encoding="utf-8")
)
CASES = {case["name"]: case for case in FIXTURES["cases"]}
DIFFS = {f"{d['case']}-{d['adjustment']}-{d['conf_level']}": d for d in FIXTURES["diffs"]}
CALL_LINE = 2  # "", "Call:", <the call>, ...


def _r_number(value) -> float:
    return math.nan if value in ("NA", "NaN") else float(value)


def _assert_same(ours, r_value, what: str) -> None:
    expected = _r_number(r_value)
    ours = float(ours)
    if math.isnan(expected):
        assert math.isnan(ours), f"{what}: R has {r_value}, we have {ours}"
    else:
        assert math.isclose(ours, expected, rel_tol=1e-9, abs_tol=0), (
            f"{what}: R has {expected!r}, we have {ours!r}"
        )


def _values_frame(case) -> pd.DataFrame:
    values = case["values"]
    frame = {"Resample": values["resample"]}
    for column, data in zip(values["columns"], values["data"], strict=True):
        frame[column] = [_r_number(v) for v in data]
    return pd.DataFrame(frame)


def _rs(name, **kwargs) -> Resamples:
    return Resamples.from_values(_values_frame(CASES[name]), **kwargs)


def _assert_lines(ours: str, r_lines: list[str], what: str) -> None:
    lines = ours.split("\n")
    assert len(lines) == len(r_lines), f"{what}: {len(lines)} lines, R printed {len(r_lines)}"
    for i, (a, b) in enumerate(zip(lines, r_lines, strict=True)):
        if i != CALL_LINE:
            assert a == b, f"{what}, line {i}:\n ours {a!r}\n R    {b!r}"


def _pair_row(stats_by_metric, metric, left, right):
    return stats_by_metric[metric].loc[f"{left}.diff.{right}"]


# --------------------------------------------------------------------------
# Against R: caret's resamples object, summary, diff; R's t.test and p.adjust
# --------------------------------------------------------------------------


def test_fixtures_cover_the_brief():
    assert FIXTURES["caret_version"]
    sizes = {name: len(case["models"]) for name, case in CASES.items()}
    assert sizes["two_models"] == 2 and sizes["three_models"] == 3
    assert len(CASES["three_models"]["values"]["resample"]) == 10
    assert CASES["three_models"]["metrics"] == ["Accuracy", "Kappa"]
    assert any("NA" in col for col in CASES["three_models_na"]["values"]["data"])


@pytest.mark.parametrize("name", CASES)
def test_values_models_and_metrics(name):
    case = CASES[name]
    rs = _rs(name)
    assert rs.models == case["models"]
    assert rs.metrics == case["metrics"]
    assert list(rs.values.columns) == ["Resample"] + case["values"]["columns"]
    assert rs.values["Resample"].tolist() == case["values"]["resample"]
    assert rs.n_resamples == len(case["values"]["resample"])


@pytest.mark.parametrize("name", CASES)
def test_print_matches_caret(name):
    _assert_lines(repr(_rs(name)), CASES[name]["print"], f"{name} print(resamples)")


@pytest.mark.parametrize("name", CASES)
def test_summary_numbers_match_caret(name):
    summary = _rs(name).summary()
    expected = CASES[name]["summary"]["statistics"]
    assert summary.metrics == list(expected)
    for metric, table in expected.items():
        ours = summary[metric]
        assert list(ours.index) == table["rows"]
        assert list(ours.columns) == table["cols"]
        for model, row in zip(table["rows"], table["data"], strict=True):
            for stat, value in zip(table["cols"], row, strict=True):
                _assert_same(ours.loc[model, stat], value, f"{name} {metric} {model} {stat}")


@pytest.mark.parametrize("name", CASES)
def test_summary_print_matches_caret(name):
    summary = _rs(name).summary()
    _assert_lines(str(summary), CASES[name]["summary"]["print"], f"{name} summary")
    assert summary.to_string().split("\n")[CALL_LINE] == "Resamples.from_values(values).summary()"


@pytest.mark.parametrize("name", [n for n in CASES if CASES[n]["paired_t_tests"]])
def test_diff_is_r_paired_t_test(name):
    stats = _rs(name).diff(adjustment="none").statistics
    for test in CASES[name]["paired_t_tests"]:
        row = _pair_row(stats, test["metric"], test["left"], test["right"])
        what = f"{name} {test['metric']} {test['left']}-{test['right']}"
        for ours, theirs in (
            ("estimate", "estimate"),
            ("statistic", "statistic"),
            ("df", "df"),
            ("p_value", "p_value"),
        ):
            _assert_same(row[ours], test[theirs], f"{what} {ours}")
        _assert_same(row["conf_low"], test["conf_int"][0], f"{what} conf_low")
        _assert_same(row["conf_high"], test["conf_int"][1], f"{what} conf_high")
        assert row["p_adjusted"] == row["p_value"]


@pytest.mark.parametrize("key", DIFFS)
def test_diff_statistics_match_caret(key):
    fixture = DIFFS[key]
    d = _rs(fixture["case"]).diff(
        adjustment=fixture["adjustment"], confidence_level=fixture["conf_level"]
    )
    _assert_same(d.confidence_level, fixture["diff_conf_level"], f"{key} confLevel")
    for metric, difs in fixture["differences"].items():
        assert list(d.differences[metric].columns) == difs["cols"]
        for column, data in zip(difs["cols"], difs["data"], strict=True):
            for i, value in enumerate(data):
                _assert_same(d.differences[metric][column].iloc[i], value, f"{key} {column}")
    for test in fixture["statistics"]:
        row = d.statistics[test["metric"]].loc[test["pair"]]
        what = f"{key} {test['metric']} {test['pair']}"
        for name in ("estimate", "statistic", "df", "p_value"):
            _assert_same(row[name], test[name], f"{what} {name}")
        _assert_same(row["conf_low"], test["conf_int"][0], f"{what} conf_low")
        _assert_same(row["conf_high"], test["conf_int"][1], f"{what} conf_high")


@pytest.mark.parametrize("key", DIFFS)
def test_diff_summary_matches_caret(key):
    fixture = DIFFS[key]
    rs = _rs(fixture["case"])
    summary = rs.diff(
        adjustment=fixture["adjustment"], confidence_level=fixture["conf_level"]
    ).summary()
    for expected in fixture["summary"]:
        metric = expected["metric"]
        for ours, theirs in ((summary.estimates, "estimates"), (summary.p_values, "p_values")):
            matrix = ours[metric].to_numpy()
            for i, row in enumerate(expected[theirs]):
                for j, value in enumerate(row):
                    _assert_same(matrix[i, j], value, f"{key} {metric} {theirs}[{i}, {j}]")
        assert summary.table[metric].to_numpy().tolist() == expected["table"]
        assert list(summary.table[metric].columns) == rs.models
    _assert_lines(str(summary), fixture["print"], f"{key} summary(diff)")


def test_diff_summary_call_line_names_the_python_call():
    rs = _rs("three_models")
    text = rs.diff(metric="Kappa", adjustment="holm").summary().to_string()
    line = text.split("\n")[CALL_LINE]
    assert (
        line == "Resamples.from_values(values).diff(metric=['Kappa'], adjustment='holm').summary()"
    )


@pytest.mark.parametrize("name", [n for n in CASES if CASES[n]["corrected_t_tests"]])
def test_corrected_t_test_matches_r(name):
    d = _rs(name, test_train_ratio=1 / 9).diff(method="corrected", adjustment="none")
    assert d.method == "corrected"
    for test in CASES[name]["corrected_t_tests"]:
        row = _pair_row(d.statistics, test["metric"], test["left"], test["right"])
        what = f"{name} corrected {test['metric']} {test['left']}-{test['right']}"
        for key in ("estimate", "statistic", "df", "p_value"):
            _assert_same(row[key], test[key], f"{what} {key}")
        _assert_same(row["conf_low"], test["conf_int"][0], f"{what} conf_low")
        _assert_same(row["conf_high"], test["conf_int"][1], f"{what} conf_high")


def test_corrected_test_is_more_conservative_and_says_so():
    rs = _rs("three_models", test_train_ratio=1 / 9)
    plain = rs.diff().statistics["Accuracy"]
    corrected = rs.diff(method="corrected").statistics["Accuracy"]
    assert (corrected["p_value"] > plain["p_value"]).all()
    assert np.allclose(corrected["estimate"], plain["estimate"], rtol=1e-15)
    # the variance grows by (1/k + 1/9) / (1/k): t shrinks by its square root
    factor = math.sqrt((1 / 10 + 1 / 9) / (1 / 10))
    assert np.allclose(plain["statistic"] / corrected["statistic"], factor, rtol=1e-12)
    text = str(rs.diff(method="corrected").summary())
    assert "Test: corrected resampled t-test (Nadeau and Bengio, 2003)" in text


@pytest.mark.parametrize("index", range(len(FIXTURES["p_adjust"])))
def test_p_adjust_matches_r(index):
    case = FIXTURES["p_adjust"][index]
    p = [_r_number(v) for v in case["p"]]
    for method, expected in case["adjusted"].items():
        ours = p_adjust(p, method)
        assert len(ours) == len(expected)
        for i, value in enumerate(expected):
            _assert_same(ours[i], value, f"p.adjust({p}, {method!r})[{i}]")


@pytest.mark.parametrize("name", CASES)
def test_dot_plot_intervals_are_r_t_test(name):
    rs = _rs(name)
    for test in CASES[name]["one_sample_t_tests"]:
        model, metric = test["column"].split("~")
        fig = plot_resamples(rs, metric=metric, kind="dot")
        (ax,) = fig.axes
        labels = [t.get_text() for t in ax.get_yticklabels()]
        row = labels.index(model) + 1
        lines = [line for line in ax.get_lines() if set(line.get_ydata()) == {row}]
        points = [line for line in lines if len(line.get_xdata()) == 1]
        if math.isnan(_r_number(test["estimate"])):
            assert not lines, f"{test['column']}: nothing to draw"
            continue
        _assert_same(points[0].get_xdata()[0], test["estimate"], f"{test['column']} mean")
        segments = [line for line in lines if len(line.get_xdata()) == 2]
        if test["conf_int"][0] == "NA":
            assert not segments
        else:
            low, high = segments[0].get_xdata()
            _assert_same(low, test["conf_int"][0], f"{test['column']} lower limit")
            _assert_same(high, test["conf_int"][1], f"{test['column']} upper limit")


# --------------------------------------------------------------------------
# from_values, combine and diff: clear errors
# --------------------------------------------------------------------------


def _frame(**columns):
    n = len(next(iter(columns.values())))
    data = {"Resample": [f"Fold{i}" for i in range(1, n + 1)]}
    data.update({k.replace("__", "~"): v for k, v in columns.items()})
    return pd.DataFrame(data)


def test_from_values_requires_a_dataframe():
    with pytest.raises(TypeError, match="values must be a pandas DataFrame"):
        Resamples.from_values({"Resample": ["Fold1"], "a~Accuracy": [1.0]})


def test_from_values_requires_the_resample_column():
    frame = _frame(a__Accuracy=[0.8, 0.9], b__Accuracy=[0.7, 0.8]).drop(columns="Resample")
    with pytest.raises(ValueError, match="no 'Resample' column"):
        Resamples.from_values(frame)


@pytest.mark.parametrize("column", ["a_Accuracy", "a~b~Accuracy", "~Accuracy", "a~"])
def test_from_values_rejects_columns_not_model_tilde_metric(column):
    frame = _frame(b__Accuracy=[0.7, 0.8])
    frame[column] = [0.8, 0.9]
    with pytest.raises(ValueError, match=f"Column '{column}' of values is not of the form"):
        Resamples.from_values(frame)


def test_from_values_requires_every_metric_for_every_model():
    frame = _frame(a__Accuracy=[0.8, 0.9], a__Kappa=[0.6, 0.7], b__Accuracy=[0.7, 0.8])
    with pytest.raises(ValueError, match=r"lacks the column\(s\) \['b~Kappa'\]"):
        Resamples.from_values(frame)


def test_from_values_rejects_models_scored_on_other_folds():
    # two 3-fold runs merged into one frame: each model is missing where the other is not
    nan = math.nan
    frame = _frame(
        a__Accuracy=[0.8, 0.9, 0.85, nan, nan, nan],
        a__Kappa=[0.6, 0.8, 0.7, nan, nan, nan],
        b__Accuracy=[nan, nan, nan, 0.7, 0.8, 0.75],
        b__Kappa=[nan, nan, nan, 0.4, 0.6, 0.5],
    )
    with pytest.raises(ValueError, match="not scored on the same folds"):
        Resamples.from_values(frame)
    rs = Resamples.from_values(frame, check_folds=False)
    assert rs.summary()["Accuracy"]["NA's"].tolist() == [3.0, 3.0]


def test_from_values_accepts_a_missing_score_on_one_metric():
    frame = _frame(
        a__Accuracy=[0.8, 0.9, 0.85],
        a__Kappa=[0.6, math.nan, 0.7],
        b__Accuracy=[0.7, 0.85, 0.76],
        b__Kappa=[0.4, 0.6, 0.45],
    )
    rs = Resamples.from_values(frame)
    assert rs.summary()["Kappa"].loc["a", "NA's"] == 1
    assert rs.diff().statistics["Kappa"].loc["a.diff.b", "n"] == 2


def test_from_values_other_errors():
    with pytest.raises(ValueError, match="repeats labels"):
        Resamples.from_values(pd.DataFrame({"Resample": ["F1", "F1"], "a~Accuracy": [0.1, 0.2]}))
    with pytest.raises(ValueError, match="not numeric"):
        Resamples.from_values(_frame(a__Accuracy=["high", "low"], b__Accuracy=[0.1, 0.2]))
    with pytest.raises(ValueError, match="at least two"):
        Resamples.from_values(_frame(a__Accuracy=[0.8], b__Accuracy=[0.7]))
    with pytest.raises(ValueError, match="test_train_ratio must be positive"):
        Resamples.from_values(_frame(a__Accuracy=[0.8, 0.9]), test_train_ratio=0)


def test_diff_needs_two_models():
    rs = Resamples.from_values(_frame(a__Accuracy=[0.8, 0.9, 0.85]))
    assert rs.summary()["Accuracy"].loc["a", "Median"] == 0.85
    with pytest.raises(ValueError, match="needs at least two"):
        rs.diff()
    with pytest.raises(ValueError, match="needs at least two"):
        _rs("three_models").diff(models=["lda"])
    with pytest.raises(ValueError, match="more than once"):
        _rs("three_models").diff(models=["lda", "lda"])


def test_unknown_metric_and_model_names():
    rs = _rs("two_models")
    with pytest.raises(ValueError, match=r"Unknown metric\(s\) \['ROC'\]"):
        rs.summary(metric="ROC")
    with pytest.raises(ValueError, match=r"Unknown metric\(s\) \['accuracy'\]"):
        rs.diff(metric=["accuracy"])
    with pytest.raises(ValueError, match=r"Unknown model\(s\) \['rf'\]"):
        rs.diff(models=["glmnet", "rf"])
    with pytest.raises(ValueError, match=r"Unknown metric\(s\) \['ROC'\]"):
        plot_resamples(rs, metric="ROC")


def test_diff_argument_errors():
    rs = _rs("two_models")
    with pytest.raises(ValueError, match="method='wilcox'"):
        rs.diff(method="wilcox")
    with pytest.raises(ValueError, match="p.adjust methods"):
        rs.diff(adjustment="sidak")
    with pytest.raises(ValueError, match="confidence_level"):
        rs.diff(confidence_level=95)
    with pytest.raises(ValueError, match="test_train_ratio=..."):
        rs.diff(method="corrected")


def test_diff_of_constant_differences_warns_and_is_nan():
    frame = _frame(
        a__Accuracy=[0.8, 0.9, 0.85],
        a__Kappa=[0.6, 0.8, 0.7],
        b__Accuracy=[0.7, 0.8, 0.75],
        b__Kappa=[0.6, 0.8, 0.7],
    )
    rs = Resamples.from_values(frame)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        d = rs.diff()
    assert [str(w.message).split(";")[0] for w in caught] == [
        "Accuracy: a.diff.b cannot be tested (constant differences)",
        "Kappa: a.diff.b cannot be tested (no variation)",
    ]
    accuracy = d.statistics["Accuracy"].loc["a.diff.b"]
    assert math.isclose(accuracy["estimate"], 0.1) and math.isnan(accuracy["p_value"])
    kappa = d.statistics["Kappa"].loc["a.diff.b"]  # all zero: R's t.test gives NaN too
    assert kappa["estimate"] == 0 and math.isnan(kappa["p_value"])
    table = d.summary().table
    assert table["Accuracy"].loc["b", "a"] == "NA" and table["Accuracy"].loc["a", "b"] == "0.1"
    assert table["Kappa"].loc["b", "a"] == "NA" and table["Kappa"].loc["a", "b"] == " 0"
    # (R's format() pads "0" to the width of the NA cells of the same matrix)


def test_combine_checks_the_folds():
    a = Resamples.from_values(_frame(a__Accuracy=[0.8, 0.9, 0.85]))
    b = Resamples.from_values(_frame(b__Accuracy=[0.7, 0.8, 0.75]))
    combined = a.combine(b)
    assert combined.models == ["a", "b"]
    assert combined.values["b~Accuracy"].tolist() == [0.7, 0.8, 0.75]
    other_folds = Resamples.from_values(_frame(c__Accuracy=[0.7, 0.8, 0.75, 0.7]))
    with pytest.raises(ValueError, match="not scored on the same folds"):
        a.combine(other_folds)
    with pytest.raises(ValueError, match="in both Resamples"):
        a.combine(a)
    shuffled = b.values.iloc[[2, 0, 1]].reset_index(drop=True)
    assert a.combine(Resamples.from_values(shuffled)).values["b~Accuracy"].tolist() == [
        0.7,
        0.8,
        0.75,
    ]


# --------------------------------------------------------------------------
# resamples(): real models on shared folds
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:600] / 16.0, y[:600]


def _linear_and_knn():
    return {
        "logreg": LogisticRegression(max_iter=300),
        "knn": KNeighborsClassifier(n_neighbors=3),
    }


@pytest.fixture(scope="module")
def digits_rs(digits):
    X, y = digits
    return resamples(_linear_and_knn(), X, y, cv=5, random_state=0)


def test_resamples_scores_every_model_on_the_same_folds(digits, digits_rs):
    X, y = digits
    rs = digits_rs
    expected = list(StratifiedKFold(5, shuffle=True, random_state=0).split(X, y))
    assert len(rs.splits) == 5
    for (train, test), (e_train, e_test) in zip(rs.splits, expected, strict=True):
        assert np.array_equal(train, e_train) and np.array_equal(test, e_test)
    # every model's per-fold scores are those of a fit on exactly these splits
    for name, estimator in _linear_and_knn().items():
        for fold, (train, test) in enumerate(rs.splits):
            pred = clone(estimator).fit(X[train], y[train]).predict(X[test])
            assert rs.values[f"{name}~Accuracy"][fold] == accuracy_score(y[test], pred)
            assert math.isclose(
                rs.values[f"{name}~Kappa"][fold],
                cohen_kappa_score(y[test], pred),
                rel_tol=1e-12,
            )


def test_resamples_layout(digits, digits_rs):
    rs = digits_rs
    assert rs.values["Resample"].tolist() == ["Fold1", "Fold2", "Fold3", "Fold4", "Fold5"]
    assert rs.models == ["logreg", "knn"] and rs.metrics == ["Accuracy", "Kappa"]
    assert list(rs.values.columns) == [
        "Resample",
        "logreg~Accuracy",
        "logreg~Kappa",
        "knn~Accuracy",
        "knn~Kappa",
    ]
    assert rs.test_train_ratio == pytest.approx(120 / 480)
    assert rs.methods == {"logreg": "LogisticRegression", "knn": "KNeighborsClassifier"}
    assert list(rs.timings.columns) == ["fit_time", "score_time"]
    assert (rs.timings.to_numpy() > 0).all()
    text = repr(rs).split("\n")
    assert text[CALL_LINE] == "resamples(estimators=['logreg', 'knn'], random_state=0)"
    assert text[-1] == "Time estimates for: fit, score "
    summary = str(rs.summary()).split("\n")
    assert summary[CALL_LINE].endswith(".summary()")
    assert rs.diff(method="corrected").statistics["Kappa"].shape == (1, 8)


def test_resamples_deterministic_splits_without_random_state(digits):
    X, y = digits
    rs = resamples({"tree": DecisionTreeClassifier(random_state=0)}, X, y, cv=3, scoring="accuracy")
    expected = list(StratifiedKFold(3).split(X, y))
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(rs.splits, expected, strict=True))
    assert rs.metrics == ["Accuracy"]


@pytest.mark.parametrize(
    ("cv", "labels"),
    [
        (10, ["Fold01", "Fold02", "Fold10"]),
        (
            RepeatedStratifiedKFold(n_splits=2, n_repeats=2, random_state=0),
            ["Fold1.Rep1", "Fold2.Rep1", "Fold2.Rep2"],
        ),
        (
            ShuffleSplit(n_splits=3, test_size=0.25, random_state=0),
            ["Resample1", "Resample2", "Resample3"],
        ),
        (KFold(3), ["Fold1", "Fold2", "Fold3"]),
    ],
)
def test_resample_labels_as_caret_names_them(digits, cv, labels):
    X, y = digits
    rs = resamples(
        {"tree": DecisionTreeClassifier(max_depth=2, random_state=0)},
        X[:200],
        y[:200],
        cv=cv,
        scoring="accuracy",
    )
    got = rs.values["Resample"].tolist()
    assert [got[0], got[1], got[-1]] == labels


def test_resamples_other_scorers(digits):
    X, y = digits
    rs = resamples(
        {"tree": DecisionTreeClassifier(max_depth=3, random_state=0)},
        X[:300],
        y[:300],
        cv=3,
        scoring={"F1": "f1_macro", "Acc": "accuracy"},
    )
    assert rs.metrics == ["F1", "Acc"]
    train, test = rs.splits[0]
    pred = (
        DecisionTreeClassifier(max_depth=3, random_state=0).fit(X[train], y[train]).predict(X[test])
    )
    assert math.isclose(rs.values["tree~F1"][0], f1_score(y[test], pred, average="macro"))


def test_resamples_errors(digits):
    X, y = digits
    tree = DecisionTreeClassifier()
    with pytest.raises(ValueError, match="estimators is empty"):
        resamples({}, X, y)
    with pytest.raises(TypeError, match="dict of model name"):
        resamples([tree], X, y)
    with pytest.raises(ValueError, match="without '~'"):
        resamples({"a~b": tree}, X, y)
    with pytest.raises(ValueError, match=r"Unknown metric 'acuracy' in scoring\. Did you mean"):
        resamples({"tree": tree}, X, y, scoring="acuracy")
    with pytest.raises(ValueError, match="LeaveOneOut"):
        resamples({"tree": tree}, X[:20], y[:20], cv=LeaveOneOut())
    with pytest.raises(ValueError, match="random_state shuffles the folds only when cv is an int"):
        resamples({"tree": tree}, X, y, cv=KFold(3), random_state=0)


def test_combine_two_resamples_calls_on_the_same_folds(digits, digits_rs):
    X, y = digits
    tree = resamples({"tree": DecisionTreeClassifier(random_state=0)}, X, y, random_state=0)
    combined = digits_rs.combine(tree)
    assert combined.models == ["logreg", "knn", "tree"]
    assert combined.test_train_ratio == digits_rs.test_train_ratio
    other = resamples({"tree": DecisionTreeClassifier(random_state=0)}, X, y, random_state=1)
    with pytest.raises(ValueError, match="splits differ"):
        digits_rs.combine(other)


def test_two_cnns_on_shared_folds():
    from skcnn import CNNClassifier

    X, y = load_digits(return_X_y=True)
    X, y = X[:200], y[:200]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        rs = resamples(
            {
                "small": CNNClassifier(epochs=1, filters=4, dense_units=16, random_state=0),
                "wide": CNNClassifier(epochs=1, filters=8, dense_units=32, random_state=0),
            },
            X,
            y,
            cv=3,
            random_state=0,
        )
    assert rs.values["Resample"].tolist() == ["Fold1", "Fold2", "Fold3"]
    assert rs.values.drop(columns="Resample").notna().all().all()
    assert ((rs.values["small~Accuracy"] >= 0) & (rs.values["small~Accuracy"] <= 1)).all()
    assert rs.test_train_ratio == pytest.approx(
        np.mean([len(t) for _, t in rs.splits]) / np.mean([len(t) for t, _ in rs.splits])
    )
    summary = rs.summary()
    assert list(summary["Kappa"].index) == ["small", "wide"]
    assert rs.diff().statistics["Accuracy"].index.tolist() == ["small.diff.wide"]


# --------------------------------------------------------------------------
# plot_resamples
# --------------------------------------------------------------------------


def test_box_plot_panels_and_caret_order():
    from matplotlib.figure import Figure

    rs = _rs("three_models")
    fig = plot_resamples(rs)
    assert isinstance(fig, Figure)
    assert [ax.get_title() for ax in fig.axes] == ["Accuracy", "Kappa"]
    # ascending median of the first metric, from the bottom up (lattice's order)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["lda", "rf", "svmRadial"]
    # one box per model: its median line sits on the model's row
    medians = {}
    for line in fig.axes[0].get_lines():
        x, yy = line.get_xdata(), line.get_ydata()
        if len(x) == 2 and x[0] == x[1] and yy[0] != yy[1]:
            medians.setdefault(round(float(np.mean(yy))), []).append(float(x[0]))
    for row, model in enumerate(["lda", "rf", "svmRadial"], start=1):
        assert np.median(rs.values[f"{model}~Accuracy"]) in medians[row]


def test_box_plot_whiskers_reach_the_scores():
    rs = _rs("two_models")
    fig = plot_resamples(rs, metric="Accuracy")
    xs = np.concatenate([line.get_xdata() for line in fig.axes[0].get_lines()])
    values = rs.values[["glmnet~Accuracy", "knn~Accuracy"]].to_numpy()
    assert math.isclose(np.nanmin(xs), values.min()) and math.isclose(np.nanmax(xs), values.max())


def test_plot_on_given_axes_and_errors():
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    rs = _rs("two_models")
    assert plot_resamples(rs, metric="Kappa", kind="dot", ax=ax) is fig
    assert ax.get_title() == "Kappa"
    with pytest.raises(ValueError, match="pass metric='Accuracy' with ax"):
        plot_resamples(rs, ax=ax)
    with pytest.raises(ValueError, match="kind='violin'"):
        plot_resamples(rs, kind="violin")


def test_plot_with_a_metric_nobody_has_scores_for():
    rs = _rs("all_na_metric")
    fig = plot_resamples(rs, metric="Kappa")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["b", "a"]
    plot_resamples(rs, metric="Kappa", kind="dot")


def test_plotting_reexports_plot_resamples_and_its_doctest_runs():
    import doctest

    import skcnn.plotting
    import skcnn.plotting._resamples as module

    assert skcnn.plotting.plot_resamples is plot_resamples
    assert doctest.testmod(module).failed == 0
