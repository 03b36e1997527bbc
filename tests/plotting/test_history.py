"""skcnn.plotting._history: plot_history."""

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError

from skcnn import CNNClassifier
from skcnn.plotting import plot_history

from ._figures import render

# --------------------------------------------------------------------------
# plot_history
# --------------------------------------------------------------------------


def test_history_panels_titles_legends_and_data(history_frame, tmp_path):
    fig = plot_history(history_frame)
    render(fig, tmp_path)
    assert len(fig.axes) == 2
    assert [ax.get_title() for ax in fig.axes] == ["Model Loss", "Model Accuracy"]
    # Stacked vertically, loss on top, as R's plot(history).
    assert fig.axes[0].get_position().y0 > fig.axes[1].get_position().y0
    for ax, metric in zip(fig.axes, ["loss", "accuracy"], strict=True):
        train, val = ax.get_lines()
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["train", "validation"]
        assert train.get_label() == "train" and val.get_label() == "validation"
        np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3, 4])
        np.testing.assert_array_equal(train.get_ydata(), history_frame[metric])
        np.testing.assert_array_equal(val.get_ydata(), history_frame[f"val_{metric}"])
    assert fig.axes[1].get_xlabel() == "Epoch"


def test_history_of_fitted_estimator(fitted_simple, tmp_path):
    fig = plot_history(fitted_simple, title="digits")
    render(fig, tmp_path)
    history = fitted_simple.history_
    assert fig._suptitle.get_text() == "digits"
    loss_ax, acc_ax = fig.axes
    np.testing.assert_array_equal(loss_ax.get_lines()[0].get_xdata(), history.index)
    np.testing.assert_allclose(loss_ax.get_lines()[0].get_ydata(), history["loss"])
    np.testing.assert_allclose(acc_ax.get_lines()[1].get_ydata(), history["val_accuracy"])


def test_history_from_keras_history_and_dict(tmp_path):
    import keras

    values = {"loss": [0.9, 0.4], "accuracy": [0.6, 0.9]}
    history = keras.callbacks.History()
    history.history = {k: list(v) for k, v in values.items()}
    history.epoch = [0, 1]
    for source in (history, values):
        fig = plot_history(source)
        render(fig, tmp_path)
        assert [ax.get_title() for ax in fig.axes] == ["Model Loss", "Model Accuracy"]
        (line,) = fig.axes[0].get_lines()  # no validation curve without val_loss
        np.testing.assert_array_equal(line.get_xdata(), [1, 2])
        np.testing.assert_array_equal(line.get_ydata(), values["loss"])
        assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["train"]


def test_history_skips_absent_default_metrics_and_plots_requested_ones(tmp_path):
    frame = pd.DataFrame({"loss": [1.0, 0.5], "learning_rate": [0.01, 0.001]})
    fig = plot_history(frame)
    render(fig, tmp_path)
    assert [ax.get_title() for ax in fig.axes] == ["Model Loss"]
    np.testing.assert_array_equal(fig.axes[0].get_lines()[0].get_xdata(), [1, 2])
    fig = plot_history(frame, metrics=("loss", "learning_rate"))
    assert [ax.get_title() for ax in fig.axes] == ["Model Loss", "Model Learning Rate"]
    fig = plot_history(frame, metrics="learning_rate")
    np.testing.assert_array_equal(fig.axes[0].get_lines()[0].get_ydata(), [0.01, 0.001])


def test_history_validation_only_metric():
    frame = pd.DataFrame({"loss": [1.0, 0.5], "val_auc": [0.7, 0.8]})
    fig = plot_history(frame, metrics=["auc"])
    (line,) = fig.axes[0].get_lines()
    assert line.get_label() == "validation"


def test_history_errors(history_frame, small_digits):
    with pytest.raises(ValueError, match="empty"):
        plot_history(history_frame.iloc[:0])
    with pytest.raises(ValueError, match="empty"):
        plot_history({"loss": []})
    with pytest.raises(ValueError, match=r"\['f1'\] are not in the history"):
        plot_history(history_frame, metrics=("loss", "f1"))
    with pytest.raises(ValueError, match="None of the metrics"):
        plot_history(pd.DataFrame({"mse": [1.0, 0.5]}))
    with pytest.raises(ValueError, match="metrics is empty"):
        plot_history(history_frame, metrics=())
    with pytest.raises(TypeError, match="history must be"):
        plot_history([0.5, 0.4])
    with pytest.raises(NotFittedError):
        plot_history(CNNClassifier())
