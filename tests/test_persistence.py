"""Persistence across processes: ``save`` / ``load``, pickle and joblib of every
kind of fitted estimator, opened in a fresh Python process; the registry of
skcnn's Keras classes; atomic saves under failure; Keras's own ``load_model``.

In-process round trips live beside the features they cover (test_estimator.py,
test_regressor.py, test_feature_extractor.py, test_multilabel.py, ...); the
CLI's train -> evaluate -> predict in fresh processes is in test_cli.py.
"""

from __future__ import annotations

import ast
import dataclasses
import errno
import json
import os
import pathlib
import pickle
import subprocess
import sys
import textwrap
import warnings
import zipfile

import joblib
import numpy as np
import pytest

import skcnn
from skcnn import CNNClassifier, CNNFeatureExtractor, CNNRegressor
from skcnn._estimators.persistence import MEMBER

PACKAGE = pathlib.Path(skcnn.__file__).resolve().parent
# TensorFlow's start-up costs each fresh process about five seconds.
CHILD_TIMEOUT = 300


def run_fresh(code, cwd, **env):
    """Run ``code`` in a fresh interpreter that imports this checkout's skcnn;
    return its stdout (the test fails with the child's stderr otherwise)."""
    environ = dict(os.environ, **env)
    environ["PYTHONPATH"] = os.pathsep.join(
        [str(PACKAGE.parent), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    # The child computes with one thread, whatever the pytest worker uses (its
    # comparisons are of predictions, which come out equal here at either count),
    # so that the fresh processes do not oversubscribe the cores.
    environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
    environ.setdefault("TF_NUM_INTEROP_THREADS", "1")
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
    )
    assert done.returncode == 0, done.stderr[-6000:]
    return done.stdout


@pytest.fixture(scope="module")
def data(digits):
    X, y = digits
    return X[:200], y[:200]


def _multilabel(y):
    return np.stack([y % 2, y > 4, np.isin(y, [0, 6, 8, 9])], axis=1).astype(int)


# ------------------------------------------------------------------ the matrix
def _keras():
    from skcnn._keras import get_keras

    return get_keras()


def _sgd():
    return _keras().optimizers.SGD(learning_rate=0.01, momentum=0.9)


def _decay():
    keras = _keras()
    return keras.optimizers.schedules.ExponentialDecay(0.01, decay_steps=5, decay_rate=0.9)


def _exponential_decay():
    return _keras().optimizers.SGD(learning_rate=_decay())


def _custom_layers_model():
    """A user's network with each of skcnn.layers (no fast preset has
    SqueezeExcite or DepthwiseMaxPooling2D: se_resnet50 takes a minute)."""
    keras = _keras()
    from skcnn.layers import DepthwiseMaxPooling2D, LocalResponseNormalization, SqueezeExcite

    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
    x = LocalResponseNormalization()(x)
    x = SqueezeExcite(4)(x)
    x = DepthwiseMaxPooling2D(2)(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))


def _imagenet_home(folder):
    """A Keras home holding random weights under the no-top file name that
    keras.applications.MobileNet(alpha=0.25) asks for (as in test_transfer.py)."""
    import h5py
    from keras.src.legacy.saving import legacy_h5_format

    keras = _keras()
    source = keras.applications.MobileNet(
        weights=None, include_top=False, alpha=0.25, input_shape=(32, 32, 3)
    )
    (folder / "models").mkdir(parents=True)
    with h5py.File(folder / "models" / "mobilenet_2_5_224_tf_no_top.h5", "w") as handle:
        legacy_h5_format.save_weights_to_hdf5_group(handle, source)


LENET = {"arch": "lenet5"}
ALEXNET = {"arch": "alexnet", "filters": 4, "dense_units": 8, "arch_kwargs": {"small_input": True}}


def case(cls, params, *, target="labels", unsaved=(), train="joblib"):
    """One estimator of the matrix. ``params``: callables are called when the
    case runs; ``unsaved``: the parameters the .keras file cannot hold (save
    warns, load gives their defaults); ``train``: the one loaded copy that
    trains on (each continued fit costs a graph trace): "joblib" by
    ``partial_fit``, "keras" (``load``) by a warm-started ``fit``. The pickled
    copy is the joblib one, read by pickle itself."""
    return {
        "cls": cls,
        "params": params,
        "target": target,
        "unsaved": list(unsaved),
        "train": train,
    }


# One fresh process per group, not per case: TensorFlow's start costs each
# process several seconds. In each group the first case is loaded first, in
# the group's order of formats, by a process that has imported nothing: each
# group puts there a case whose network holds one of skcnn's Keras classes
# (once one file is loaded, all of them are registered). Every case but the
# first computes in float32: precision="auto" is mixed_bfloat16 on CPUs with
# AVX512_BF16, where a network's first predict costs several seconds more
# (test_training_recipes.py saves and pickles bfloat16 networks).
GROUPS = {
    # joblib first: the default PlannedSchedule in the optimizer.
    "schedules": (
        ("joblib", "pickle", "keras"),
        {
            "classifier-defaults": case(CNNClassifier, {}, train="keras"),
            "lenet5": case(CNNClassifier, LENET),
            "cosine": case(CNNClassifier, {"learning_rate": "cosine"}, train="keras"),
            "one_cycle-label_smoothing": case(
                CNNClassifier, {"learning_rate": "one_cycle", "label_smoothing": 0.1}
            ),
            "float-rate": case(CNNClassifier, {"learning_rate": 1e-3}),
        },
    ),
    # load first: the budget re-plans the schedule's total_steps, a variable of
    # the optimizer. (The continued fit sets time_budget=None: a 3 s budget
    # could stop it within its epoch on a busy machine.) An optimizer instance
    # and a Keras schedule are saved in the .keras file as Keras serializes them.
    "optimizers": (
        ("keras", "joblib", "pickle"),
        {
            "time_budget": case(CNNClassifier, {"epochs": 100, "time_budget": 3.0}, train="keras"),
            "sgd-instance": case(CNNClassifier, {"optimizer": _sgd}, train="keras"),
            "sgd-with-exponential-decay": case(CNNClassifier, {"optimizer": _exponential_decay}),
            "keras-schedule-rate": case(CNNClassifier, {"learning_rate": _decay}, train="keras"),
        },
    ),
    # pickle first: a user's keras.Model with skcnn's layers, held by the arch
    # parameter too, must unpickle after skcnn registers them.
    "custom-layers": (
        ("pickle", "joblib", "keras"),
        {
            "custom-layers-model": case(
                CNNClassifier, {"arch": _custom_layers_model}, unsaved=["arch"], train="keras"
            ),
            "alexnet-lrn": case(CNNClassifier, ALEXNET),
        },
    ),
    # joblib first: keras.applications on 8x8 digits (resized to 32x32), its
    # ImageNet weights (random ones, from a temporary Keras home) frozen, and
    # ImageNetPreprocessing in the graph. Trained from scratch the same network
    # takes ~16 s to fit and ~10 s per continued fit, so that variant is left out.
    "transfer": (
        ("joblib", "pickle", "keras"),
        {
            "keras.MobileNet-imagenet-frozen": case(
                CNNClassifier,
                {
                    "arch": "keras.MobileNet",
                    "arch_kwargs": {"alpha": 0.25},
                    "weights": "imagenet",
                    "trainable": False,
                },
            ),
            # The user's own saved model as the frozen base.
            "transfer-from-file": case(
                CNNClassifier, {"weights": "donor.keras", "trainable": False}, train="keras"
            ),
        },
    ),
    # load first: the other estimators and targets.
    "estimators": (
        ("keras", "pickle", "joblib"),
        {
            "regressor-defaults": case(CNNRegressor, {}, target="regression"),
            "feature-extractor": case(CNNFeatureExtractor, {}, train="keras"),
            "multilabel": case(CNNClassifier, {}, target="multilabel"),
        },
    ),
}

CHILD = """
import dataclasses, json, os, sys, traceback

specs = json.load(open("specs.json"))
# Nothing imported yet: pickle and joblib must import what they need.
assert not {"skcnn", "keras", "tensorflow"} & set(sys.modules), sorted(sys.modules)
import numpy as np

X = np.load("X.npy")


def load(folder, fmt, cls):
    if fmt == "pickle":
        import pickle

        with open(os.path.join(folder, "m.pkl"), "rb") as fh:
            return pickle.load(fh)
    if fmt == "joblib":
        import joblib

        return joblib.load(os.path.join(folder, "m.joblib"))
    import skcnn

    return getattr(skcnn, cls).load(os.path.join(folder, "m.keras"))


def check(folder, spec):
    Y = np.load(os.path.join(folder, "Y.npy"))
    expected = dict(np.load(os.path.join(folder, "expected.npz")))
    for fmt in spec["formats"]:
        est = load(folder, fmt, spec["class"])
        assert type(est).__name__ == spec["class"], (fmt, type(est))
        assert est.n_iter_ == spec["n_iter"], (fmt, est.n_iter_)
        assert est.time_budget_used_ == spec["time_budget_used"], (fmt, est.time_budget_used_)
        plan = est.time_budget_plan_
        plan = None if plan is None else dataclasses.asdict(plan)
        assert plan == spec["time_budget_plan"], (fmt, plan)
        for method, want in expected.items():
            got = getattr(est, method)(X)
            if got.dtype.kind in "iub":
                np.testing.assert_array_equal(got, want, err_msg=f"{fmt} {method}")
            else:
                np.testing.assert_allclose(
                    got, want, rtol=1e-5, atol=1e-6, err_msg=f"{fmt} {method}"
                )
        optimizer = est.model_.optimizer
        assert type(optimizer).__name__ == spec["optimizer"], (fmt, optimizer)
        assert int(optimizer.iterations) == spec["iterations"], (fmt, int(optimizer.iterations))
        np.testing.assert_allclose(
            float(optimizer.learning_rate), spec["learning_rate"], rtol=1e-6, err_msg=fmt
        )
        if fmt != spec["train"]:
            continue
        # Training continues from the saved state for one more epoch.
        if fmt == "keras" or not hasattr(est, "partial_fit"):
            est.set_params(warm_start=True, epochs=1, time_budget=None).fit(X, Y)
        else:
            est.partial_fit(X, Y)
        assert est.n_iter_ == spec["n_iter"] + 1, (fmt, est.n_iter_)
        assert est.model_.optimizer is optimizer, fmt
        assert int(optimizer.iterations) == spec["iterations"] + spec["steps"], fmt
        for method in expected:
            assert np.all(np.isfinite(getattr(est, method)(X).astype(float))), (fmt, method)


results = {}
for folder, spec in specs.items():
    try:
        check(folder, spec)
        results[folder] = "ok"
    except Exception:
        results[folder] = traceback.format_exc()
print(json.dumps(results))
"""


def _outputs(est, X):
    if isinstance(est, CNNFeatureExtractor):
        return {"transform": est.transform(X)}
    if isinstance(est, CNNRegressor):
        return {"predict": est.predict(X)}
    return {"predict": est.predict(X), "predict_proba": est.predict_proba(X)}


def _fit_and_write(name, spec, formats, data, folder, monkeypatch):
    """Fit the case, write its three files, its targets, its outputs; return
    what the fresh process checks."""
    X, y = data
    folder.mkdir()
    Y = {
        "labels": y,
        "multilabel": _multilabel(y),
        "regression": y.astype(float) / 9.0,
    }[spec["target"]]
    params = {k: v() if callable(v) else v for k, v in spec["params"].items()}
    if params.get("weights") == "imagenet":
        _imagenet_home(folder / "keras_home")
        monkeypatch.setenv("KERAS_HOME", str(folder / "keras_home"))
    elif params.get("weights") == "donor.keras":
        CNNClassifier(epochs=1, random_state=1).fit(X, y).save(folder / "donor.keras")
        params["weights"] = str(folder / "donor.keras")
    defaults = {"epochs": 1, "random_state": 0}
    if name != "classifier-defaults":
        defaults["precision"] = "float32"
    params = {**defaults, **params}
    with warnings.catch_warnings():
        # MobileNet: the 224x224 ImageNet file serves 32x32 inputs.
        warnings.filterwarnings("ignore", message=".*will be loaded as the default")
        # Building a user's keras.Model can start TensorFlow before the first
        # seeded fit of this worker sizes its thread pools.
        warnings.filterwarnings("ignore", message="TensorFlow already runs with")
        est = spec["cls"](**params).fit(X, Y)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        est.save(folder / "m.keras")
    messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    if spec["unsaved"]:
        expected = f"Parameters {spec['unsaved']} hold Python objects"
        assert any(expected in m for m in messages), (name, messages)
    else:
        assert messages == [], name
    with open(folder / "m.pkl", "wb") as fh:
        pickle.dump(est, fh)
    joblib.dump(est, folder / "m.joblib")
    np.save(folder / "Y.npy", Y)
    np.savez(folder / "expected.npz", **_outputs(est, X))
    optimizer = est.model_.optimizer
    return {
        "class": spec["cls"].__name__,
        "formats": list(formats),
        "train": spec["train"],
        "n_iter": est.n_iter_,
        "optimizer": type(optimizer).__name__,
        "iterations": int(optimizer.iterations),
        "learning_rate": float(optimizer.learning_rate),
        "steps": -(-len(X) // 32),  # batches per epoch, batch_size="auto" on 200 images
        "time_budget_used": est.time_budget_used_,
        "time_budget_plan": (
            None if est.time_budget_plan_ is None else dataclasses.asdict(est.time_budget_plan_)
        ),
    }


@pytest.mark.parametrize("group", list(GROUPS))
def test_saved_pickled_and_joblib_estimators_load_and_train_in_a_fresh_process(
    group, data, tmp_path, monkeypatch
):
    formats, cases = GROUPS[group]
    np.save(tmp_path / "X.npy", data[0])
    specs = {
        name: _fit_and_write(name, spec, formats, data, tmp_path / name, monkeypatch)
        for name, spec in cases.items()
    }
    (tmp_path / "specs.json").write_text(json.dumps(specs))
    results = json.loads(run_fresh(CHILD, tmp_path))
    failed = {name: result for name, result in results.items() if result != "ok"}
    assert not failed, "\n".join(f"{name}:\n{result}" for name, result in failed.items())
    assert list(results) == list(cases)


# ------------------------------------------------------- the Keras class registry
def _registering_modules():
    """{module name: [class names]} of every module under skcnn/ that calls
    keras.saving.register_keras_serializable (read from the source)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        calls = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None))
            == "register_keras_serializable"
        ]
        if not calls:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[module] = [
            node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)
            and any(
                isinstance(d, ast.Call)
                and getattr(d.func, "attr", getattr(d.func, "id", None))
                == "register_keras_serializable"
                for d in node.decorator_list
            )
        ]
    return found


def test_every_module_that_registers_keras_classes_is_listed():
    from skcnn._keras import KERAS_OBJECT_MODULES

    found = _registering_modules()
    assert "skcnn.layers" in found  # the scan sees the decorators
    missing = sorted(set(found) - set(KERAS_OBJECT_MODULES))
    assert not missing, f"add {missing} to skcnn._keras.KERAS_OBJECT_MODULES"
    stale = sorted(set(KERAS_OBJECT_MODULES) - set(found))
    assert not stale, f"{stale} in KERAS_OBJECT_MODULES register no Keras class"


def test_keras_objects_returns_every_registered_class():
    registered = sorted(
        f"skcnn>{name}" for names in _registering_modules().values() for name in names
    )
    assert sorted(skcnn.keras_objects()) == registered


# ------------------------------------------------------------------ atomic saves
@pytest.fixture(scope="module")
def old_and_new(data):
    """Two different fitted estimators: the one on disk and the one whose save fails."""
    X, y = data
    old = CNNClassifier(**LENET, epochs=1, random_state=0).fit(X, y)
    new = pickle.loads(pickle.dumps(old)).partial_fit(X, y)
    assert not np.array_equal(old.predict_proba(X), new.predict_proba(X))
    return old, new


def _temporary(path):
    return os.path.basename(os.fspath(path)).endswith(".tmp.keras")


def _fail_while_writing_the_archive(monkeypatch, exc):
    def half_written(model, path, member):
        model.save(path)
        with open(path, "rb+") as fh:
            fh.truncate(os.path.getsize(path) // 2)
        raise exc

    monkeypatch.setattr("skcnn._estimators.persistence._write_archive", half_written)


def _fail_while_writing_the_metadata(monkeypatch, exc):
    writestr = zipfile.ZipFile.writestr

    def partly(self, name, data, *args, **kwargs):
        if getattr(name, "filename", name) != MEMBER:
            return writestr(self, name, data, *args, **kwargs)
        writestr(self, name, data[: len(data) // 2], *args, **kwargs)
        raise exc

    monkeypatch.setattr(zipfile.ZipFile, "writestr", partly)


def _fail_in(function):
    def inject(monkeypatch, exc):
        real = getattr(os, function)

        def failing(target, *args, **kwargs):
            if function == "fsync" or _temporary(target):
                raise exc
            return real(target, *args, **kwargs)

        monkeypatch.setattr(os, function, failing)

    return inject


FAILURES = {
    "archive": _fail_while_writing_the_archive,
    "metadata": _fail_while_writing_the_metadata,
    "fsync": _fail_in("fsync"),
    "chmod": _fail_in("chmod"),
    "replace": _fail_in("replace"),
}
EXCEPTIONS = {
    "OSError": lambda: OSError(errno.ENOSPC, "No space left on device"),
    "KeyboardInterrupt": KeyboardInterrupt,
}


@pytest.mark.parametrize("exception", list(EXCEPTIONS))
@pytest.mark.parametrize("step", list(FAILURES))
def test_a_failed_save_leaves_the_old_file_and_no_temporary(
    old_and_new, tmp_path, monkeypatch, step, exception
):
    old, new = old_and_new
    path = tmp_path / "m.keras"
    old.save(path)
    before = path.read_bytes()
    exc = EXCEPTIONS[exception]()
    with monkeypatch.context() as patch:
        FAILURES[step](patch, exc)
        with pytest.raises(type(exc)) as raised:
            new.save(path)
    assert raised.value is exc
    assert list(tmp_path.iterdir()) == [path]
    assert path.read_bytes() == before
    # The same save, undisturbed, replaces the file.
    new.save(path)
    assert list(tmp_path.iterdir()) == [path]
    assert path.read_bytes() != before


def test_after_a_failed_save_the_old_file_loads_in_a_fresh_process(
    old_and_new, data, tmp_path, monkeypatch
):
    X, _ = data
    old, new = old_and_new
    path = tmp_path / "m.keras"
    old.save(path)
    np.save(tmp_path / "X.npy", X)
    np.save(tmp_path / "expected.npy", old.predict_proba(X))
    with monkeypatch.context() as patch:
        # The whole new archive is written; only the move fails.
        _fail_in("replace")(patch, OSError(errno.EIO, "Input/output error"))
        with pytest.raises(OSError, match="Input/output error"):
            new.save(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["X.npy", "expected.npy", "m.keras"]
    out = run_fresh(
        """
        import numpy as np
        from skcnn import CNNClassifier

        loaded = CNNClassifier.load("m.keras")
        proba = loaded.predict_proba(np.load("X.npy"))
        np.testing.assert_allclose(proba, np.load("expected.npy"), rtol=1e-5, atol=1e-6)
        print(loaded.n_iter_)
        """,
        tmp_path,
    )
    assert out.split() == ["1"]


def test_save_into_a_missing_folder_names_it(old_and_new, tmp_path):
    old, _ = old_and_new
    with pytest.raises(FileNotFoundError, match=r"the folder .*missing does not exist"):
        old.save(tmp_path / "missing" / "m.keras")
    assert list(tmp_path.iterdir()) == []


def test_save_over_a_folder_fails_and_leaves_no_temporary(old_and_new, tmp_path):
    old, _ = old_and_new
    (tmp_path / "m.keras").mkdir()
    with pytest.raises(IsADirectoryError):
        old.save(tmp_path / "m.keras")
    assert list(tmp_path.iterdir()) == [tmp_path / "m.keras"]


@pytest.mark.parametrize("kind", ["builder", "keras.Model"])
def test_mixed_precision_squeeze_excite_trains_and_predicts_after_load(data, tmp_path, kind):
    """SqueezeExcite's Dense sublayers follow its own dtype policy: a builder's
    network, built under mixed_bfloat16, loads with bfloat16 sublayers; a
    user's float32 keras.Model, copied while the mixed policy is set, keeps
    float32 ones."""
    X, y = data
    keras = _keras()
    from skcnn.layers import SqueezeExcite

    def build(input_shape, n_classes):
        inputs = keras.Input(input_shape)
        x = keras.layers.Conv2D(8, 3, padding="same")(inputs)
        x = SqueezeExcite(4)(x)
        x = keras.layers.GlobalAveragePooling2D()(x)
        return keras.Model(inputs, keras.layers.Dense(n_classes, activation="softmax")(x))

    arch = build if kind == "builder" else build((8, 8, 1), 10)
    clf = CNNClassifier(arch=arch, precision="mixed_bfloat16", epochs=1, random_state=0)
    clf.fit(X, y)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Parameters \['arch'\]")
        clf.save(tmp_path / "se.keras")
    loaded = CNNClassifier.load(tmp_path / "se.keras")
    np.testing.assert_allclose(loaded.predict_proba(X), clf.predict_proba(X), rtol=1e-5)


# ------------------------------------------- Keras's load_model on skcnn's files
KERAS_LOAD = """
import json, sys

import numpy as np

X = np.load("X.npy").reshape(-1, 8, 8, 1)
expected = dict(np.load("expected.npz"))
results = {}


def attempt(stage, predict, **kwargs):
    import keras

    for name in expected:
        for compile in (True, False):
            try:
                network = keras.saving.load_model(f"{name}.keras", compile=compile, **kwargs)
            except TypeError:
                results[f"{stage} {name} compile={compile}"] = "TypeError"
                continue
            if compile and name in predict:
                proba = network.predict(X, verbose=0)
                np.testing.assert_allclose(proba, expected[name], rtol=1e-5, atol=1e-6)
            results[f"{stage} {name} compile={compile}"] = "ok"


attempt("keras alone", ["lenet5_float_rate"])
assert "skcnn" not in sys.modules
import skcnn

attempt("import skcnn", [])
objects = skcnn.keras_objects()
attempt("keras_objects()", list(expected))
attempt("custom_objects", [], custom_objects=objects)
print(json.dumps(results))
"""


def test_keras_load_model_opens_the_network_after_keras_objects(data, tmp_path):
    """What the user guide says of ``keras.saving.load_model`` on a saved
    estimator, in a fresh process: ``skcnn.keras_objects()`` (or its result as
    ``custom_objects``) makes every file load; ``import skcnn`` alone registers
    nothing; without skcnn, a network of plain Keras layers loads, but not
    skcnn's layers, nor the default optimizer's schedule unless
    ``compile=False``."""
    X, y = data
    models = {
        "default": {},  # learning_rate="auto": a PlannedSchedule in Adam
        "lenet5_float_rate": {**LENET, "learning_rate": 1e-3},
        "alexnet": ALEXNET,  # LocalResponseNormalization
    }
    expected = {}
    for name, params in models.items():
        # float32 for speed; a mixed_bfloat16 policy loads the same way.
        est = CNNClassifier(**params, precision="float32", epochs=1, random_state=0).fit(X, y)
        est.save(tmp_path / f"{name}.keras")
        expected[name] = est.predict_proba(X)
    np.save(tmp_path / "X.npy", X)
    np.savez(tmp_path / "expected.npz", **expected)
    results = json.loads(run_fresh(KERAS_LOAD, tmp_path))
    without = {
        "default compile=True": "TypeError",
        "default compile=False": "ok",
        "lenet5_float_rate compile=True": "ok",
        "lenet5_float_rate compile=False": "ok",
        "alexnet compile=True": "TypeError",
        "alexnet compile=False": "TypeError",
    }
    with_skcnn = dict.fromkeys(without, "ok")
    assert results == {
        **{f"keras alone {k}": v for k, v in without.items()},
        **{f"import skcnn {k}": v for k, v in without.items()},
        **{f"keras_objects() {k}": v for k, v in with_skcnn.items()},
        **{f"custom_objects {k}": v for k, v in with_skcnn.items()},
    }
