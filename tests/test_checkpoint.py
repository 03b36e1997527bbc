"""``checkpoint=``: a fit killed mid-way continues from its last finished epoch."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import types

import keras
import numpy as np
import pytest
from sklearn.datasets import load_digits

import skcnn._estimators.base
import skcnn._training.budget
import skcnn._training.checkpoint
from skcnn import CNNClassifier, CNNRegressor

# Both runs are fresh processes, as the user's would be (a seeded fit's thread
# count is fixed where TensorFlow starts, so the test's own process could
# compute the reference with another count and other rounding). ``kill``: the call
# of ``_estimator`` below plus a callback that SIGKILLs the process at the
# third batch of the third epoch (two epochs finished, one half done).
# ``resume``: the same call again, then the same fit without a checkpoint.
FIT = textwrap.dedent(
    """
    import os, signal, sys
    import keras
    import numpy as np
    from sklearn.datasets import load_digits
    from skcnn import CNNClassifier, CNNRegressor

    class Kill(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch
        def on_train_batch_begin(self, batch, logs=None):
            if self.epoch == 2 and batch == 2:
                os.kill(os.getpid(), signal.SIGKILL)

    X, y = load_digits(return_X_y=True)
    X, y = X[:200], y[:200]
    mode, kind, folder, out = sys.argv[1:]
    Estimator = CNNRegressor if kind == "regressor" else CNNClassifier
    target = y / 9.0 if kind == "regressor" else y

    def fit(**params):
        return Estimator(epochs=4, batch_size=50, random_state=0, validation_split=0.2,
                         **params).fit(X, target)

    if mode == "kill":
        fit(checkpoint=folder, callbacks=[Kill()])
    results = {}
    for name, est in [("resumed", fit(checkpoint=folder)), ("plain", fit())]:
        predict = est.predict_proba if kind == "classifier" else est.predict
        results.update({
            f"{name}_history": est.history_.to_numpy(),
            f"{name}_columns": np.array(est.history_.columns, dtype=str),
            f"{name}_epochs": np.array(est.history_.index),
            f"{name}_n_iter": est.n_iter_,
            f"{name}_iterations": int(est.model_.optimizer.iterations),
            f"{name}_rate": float(est.model_.optimizer.learning_rate),
            f"{name}_predictions": predict(X),
        })
    np.savez(out, **results)
    """
)


def _run_fit(mode, kind, folder, out):
    return subprocess.run(
        [sys.executable, "-c", FIT, mode, kind, str(folder), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def digits200():
    X, y = load_digits(return_X_y=True)
    return X[:200], y[:200]


def _estimator(kind, **params):
    Estimator = CNNRegressor if kind == "regressor" else CNNClassifier
    params = {"epochs": 4, "batch_size": 50, "random_state": 0, "validation_split": 0.2, **params}
    return Estimator(**params)


def _target(kind, y):
    return y / 9.0 if kind == "regressor" else y


@pytest.mark.parametrize("kind", ["classifier", "regressor"])
def test_a_killed_fit_resumes_where_it_stopped(kind, digits200, tmp_path):
    X, y = digits200
    folder = tmp_path / "ckpt"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")  # the folder's other files stay
    killed = _run_fit("kill", kind, folder, tmp_path / "unused.npz")
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    state = json.loads((folder / skcnn._training.checkpoint.STATE_FILE).read_text())
    assert state["epoch"] == 2 and len(state["history"]) == 2

    done = _run_fit("resume", kind, folder, tmp_path / "fits.npz")
    assert done.returncode == 0, done.stderr[-2000:]
    fits = np.load(tmp_path / "fits.npz")
    assert fits["resumed_n_iter"] == fits["plain_n_iter"] == 4
    assert fits["resumed_epochs"].tolist() == [1, 2, 3, 4]
    assert fits["resumed_columns"].tolist() == fits["plain_columns"].tolist()
    np.testing.assert_allclose(fits["resumed_history"], fits["plain_history"], rtol=1e-4)
    # The schedule goes on from the step it reached: same step count, same rate.
    assert fits["resumed_iterations"] == fits["plain_iterations"] == 4 * 4
    np.testing.assert_allclose(fits["resumed_rate"], fits["plain_rate"])
    np.testing.assert_allclose(fits["resumed_predictions"], fits["plain_predictions"], atol=1e-4)
    # Finished: its own files are gone, the rest of the folder is not.
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_a_checkpoint_of_another_fit_is_refused(digits200, tmp_path):
    X, y = digits200
    folder = tmp_path / "ckpt"
    with pytest.raises(RuntimeError, match="stop"):
        _estimator("classifier", checkpoint=folder, callbacks=[_StopAt(2)]).fit(X, y)
    with pytest.raises(ValueError, match="another fit") as caught:
        _estimator("classifier", checkpoint=folder, learning_rate=1e-3).fit(X, y)
    assert str(folder) in str(caught.value) and "another checkpoint folder" in str(caught.value)
    with pytest.raises(ValueError, match="another fit"):
        _estimator("classifier", checkpoint=folder).fit(X[:150], y[:150])
    # The same call resumes; the estimator never saw the refused calls.
    clf = _estimator("classifier", checkpoint=folder).fit(X, y)
    assert clf.n_iter_ == 4 and not folder.exists()


def test_an_unreadable_checkpoint_names_the_file_to_delete(digits200, tmp_path):
    X, y = digits200
    folder = tmp_path / "ckpt"
    folder.mkdir()
    (folder / skcnn._training.checkpoint.STATE_FILE).write_text("{not json")
    with pytest.raises(ValueError, match="unreadable skcnn-checkpoint.json"):
        _estimator("classifier", checkpoint=folder).fit(X, y)


def test_a_finished_fit_leaves_no_checkpoint(digits200, tmp_path):
    X, y = digits200
    folder = tmp_path / "ckpt"
    clf = _estimator("classifier", checkpoint=str(folder), epochs=2).fit(X, y)
    assert clf.n_iter_ == 2 and not folder.exists()
    # warm_start continues from the estimator itself; the checkpoint is not used.
    clf.set_params(warm_start=True).fit(X, y)
    assert clf.n_iter_ == 4 and not folder.exists()


class _StopAt(keras.callbacks.Callback):
    """Interrupts the fit (an exception) when epoch ``at`` (0-based) begins."""

    def __init__(self, at):
        super().__init__()
        self.at = at

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.at:
            raise RuntimeError("stop")


class _Clock:
    """A fake ``time`` whose seconds pass only with the training steps."""

    def __init__(self):
        self.now = 0.0

    def monotonic(self):
        return self.now


class _StepsCost(keras.callbacks.Callback):
    def __init__(self, clock, seconds):
        super().__init__()
        self.clock, self.seconds = clock, seconds

    def on_train_batch_end(self, batch, logs=None):
        self.clock.now += self.seconds


@pytest.mark.parametrize(
    ("step_seconds", "steps", "epochs"),
    [
        # 4 steps an epoch. The first run plans at 1 s a step: a budget of
        # 100 s less the 1 % reserve pays for 99 steps; it is interrupted after
        # 10 epochs (40 steps, 40 s). Resumed at 5 s a step, 59 s are left: the
        # stop nearest to them is after 12 more steps (60 s), 52 in all, the
        # last epoch (the 13th) partial. Without the 40 s already spent it would
        # train 20 more.
        (5.0, 52, 13),
        # Resumed at 0.5 s a step, the plan grows: 118 more steps fill the 59 s.
        (0.5, 158, 40),
    ],
)
def test_time_budget_counts_the_time_already_spent(
    step_seconds, steps, epochs, digits200, tmp_path, monkeypatch
):
    X, y = digits200
    clock = _Clock()
    for module in (skcnn._estimators.base, skcnn._training.budget, skcnn._training.checkpoint):
        monkeypatch.setattr(module, "time", types.SimpleNamespace(monotonic=clock.monotonic))
    params = dict(epochs=100, batch_size=50, random_state=0, time_budget=100, checkpoint=tmp_path)
    with pytest.raises(RuntimeError, match="stop"):
        CNNClassifier(**params, callbacks=[_StepsCost(clock, 1.0), _StopAt(10)]).fit(X, y)
    state = json.loads((tmp_path / skcnn._training.checkpoint.STATE_FILE).read_text())
    assert state["epoch"] == 10 and state["seconds"] == 40.0
    assert state["budget"]["steps"] == 99 and state["budget"]["step_seconds"] == 1.0

    clock.now = 0.0  # a new process: its clock starts anew
    clf = CNNClassifier(**params, callbacks=[_StepsCost(clock, step_seconds)]).fit(X, y)
    assert clf.n_iter_ == epochs == len(clf.history_)
    assert clf.time_budget_plan_.steps_run == clf.time_budget_plan_.steps == steps
    # The seconds of the interrupted run count as used.
    assert 95.0 <= clf.time_budget_used_ <= 100.0
    assert clf.time_budget_used_ == pytest.approx(40.0 + clock.now)


def test_checkpoint_must_be_a_folder_path(digits200):
    X, y = digits200
    with pytest.raises(ValueError, match="checkpoint"):
        CNNClassifier(checkpoint=3).fit(X, y)


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_checkpoint_files_follow_the_umask(digits200, tmp_path):
    X, y = digits200
    folder = tmp_path / "ckpt"
    with pytest.raises(RuntimeError, match="stop"):
        _estimator("classifier", checkpoint=folder, callbacks=[_StopAt(1)]).fit(X, y)
    umask = os.umask(0)
    os.umask(umask)
    for path in folder.iterdir():
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, path.name
