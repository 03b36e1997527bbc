"""Tests for skcnn.plotting.plot_train: caret's plot(train), read back from the figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.metrics import cohen_kappa_score, make_scorer
from sklearn.model_selection import GridSearchCV, RepeatedKFold
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

from skcnn.model_selection import train_report
from skcnn.plotting import plot_train

from ._figures import render

X, Y = load_iris(return_X_y=True)
SCORING = {"Accuracy": "accuracy", "Kappa": make_scorer(cohen_kappa_score)}


@pytest.fixture(scope="module")
def two_param_search():
    return GridSearchCV(
        KNeighborsClassifier(),
        {"n_neighbors": [1, 5, 9, 15], "weights": ["uniform", "distance"]},
        scoring=SCORING, refit="Kappa", cv=5,
    ).fit(X, Y)


def _all_text_inside(fig):
    """Every drawn text (ticks in view, labels, title, legend) lies inside the figure."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = fig.bbox
    for ax in fig.axes:
        tight = ax.get_tightbbox(renderer)  # the drawn ticks, labels, title and legend
        assert tight.x0 >= box.x0 - 1 and tight.x1 <= box.x1 + 1, tight
        assert tight.y0 >= box.y0 - 1 and tight.y1 <= box.y1 + 1, tight
        named = [ax.xaxis.label, ax.yaxis.label, ax.title]
        legend = ax.get_legend()
        if legend is not None:
            named += [legend.get_title(), *legend.get_texts()]
        for text in named:
            if text.get_text():
                extent = text.get_window_extent(renderer)
                assert box.x0 - 1 <= extent.x0 and extent.x1 <= box.x1 + 1, text.get_text()
                assert box.y0 - 1 <= extent.y0 and extent.y1 <= box.y1 + 1, text.get_text()


def test_lines_are_the_results(two_param_search, tmp_path):
    report = train_report(two_param_search)
    fig = plot_train(two_param_search)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "n_neighbors"
    assert ax.get_ylabel() == "Kappa (Cross-Validation)"  # the selecting metric
    assert ax.get_legend().get_title().get_text() == "weights"
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["distance", "uniform"]
    for line in lines:
        rows = report.results[report.results["weights"] == line.get_label()]
        assert line.get_xdata().tolist() == [1.0, 5.0, 9.0, 15.0]
        np.testing.assert_allclose(line.get_ydata(), rows["Kappa"].to_numpy())
        assert line.get_marker() == "o" and line.get_linestyle() == "-"
    _all_text_inside(fig)
    render(fig, tmp_path)
    plt.close(fig)


def test_metric_and_ax(two_param_search):
    fig, ax = plt.subplots()
    assert plot_train(train_report(two_param_search), metric="Accuracy", ax=ax) is fig
    assert ax.get_ylabel() == "Accuracy (Cross-Validation)"
    report = train_report(two_param_search)
    rows = report.results[report.results["weights"] == "uniform"]
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), rows["Accuracy"])
    with pytest.raises(ValueError, match=r"metric='RMSE' is not one of .*\['Accuracy', 'Kappa'\]"):
        plot_train(two_param_search, metric="RMSE")
    plt.close(fig)


def test_one_parameter_loss_and_repeated_cv():
    search = GridSearchCV(
        KNeighborsRegressor(), {"n_neighbors": [2, 4, 8]},
        scoring={"neg_RMSE": "neg_root_mean_squared_error"}, refit="neg_RMSE",
        cv=RepeatedKFold(n_splits=3, n_repeats=2, random_state=0),
    ).fit(X[:, 1:], X[:, 0])
    fig = plot_train(search)
    ax = fig.axes[0]
    assert ax.get_ylabel() == "RMSE (Repeated Cross-Validation)"
    (line,) = ax.get_lines()
    np.testing.assert_allclose(line.get_ydata(), -search.cv_results_["mean_test_neg_RMSE"])
    assert ax.get_legend() is None
    _all_text_inside(fig)
    plt.close(fig)


def test_text_parameter_third_held_and_constant_errors():
    search = GridSearchCV(
        KNeighborsClassifier(),
        {"algorithm": ["ball_tree", "brute"], "n_neighbors": [3, 7], "p": [1, 2]}, cv=3,
    ).fit(X, Y)
    fig = plot_train(search)
    ax = fig.axes[0]
    assert ax.get_xlabel() == "algorithm"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["ball_tree", "brute"]
    assert ax.get_title() == f"p = {search.best_params_['p']}"
    assert sum(len(line.get_xdata()) for line in ax.get_lines()) == 4
    _all_text_inside(fig)
    plt.close(fig)
    single = GridSearchCV(KNeighborsClassifier(), {"n_neighbors": [5]}, cv=3).fit(X, Y)
    with pytest.raises(ValueError, match="no tuning parameters with more than 1 value"):
        plot_train(single)
