"""Scaling out: TensorFlow's thread pools, tf.distribute strategies, Dask grid search.

TensorFlow sizes its thread pools and logical devices once per process, so each
of these tests runs its fits in a fresh interpreter (or in Dask's workers).
"""

import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from sklearn.datasets import load_digits

from skcnn import CNNClassifier

_QUIET = {"TF_CPP_MIN_LOG_LEVEL": "3"}


def _run_python(code, env=None, timeout=600):
    """Run ``code`` in a fresh interpreter; return the JSON its last line prints."""
    full_env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    full_env.update(_QUIET, **(env or {}))
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


_THREADS_AFTER_FIT = """
    import json, warnings
    from sklearn.datasets import load_digits
    from skcnn import CNNClassifier
    import tensorflow as tf
    X, y = load_digits(return_X_y=True)
    CNNClassifier(epochs=1, random_state={seed}, n_threads={n_threads}).fit(X[:200], y[:200])
    result = {{
        "intra": tf.config.threading.get_intra_op_parallelism_threads(),
        "inter": tf.config.threading.get_inter_op_parallelism_threads(),
    }}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        CNNClassifier(epochs=1, n_threads={later}).fit(X[:200], y[:200])
    result["warnings"] = [str(w.message) for w in caught if w.category is RuntimeWarning]
    print(json.dumps(result))
"""


def test_joblib_share_of_the_cores_limits_tensorflow():
    # joblib's process workers get OMP_NUM_THREADS = cpu_count // n_jobs.
    result = _run_python(
        _THREADS_AFTER_FIT.format(seed=None, n_threads=None, later=None),
        env={"OMP_NUM_THREADS": "1"},
    )
    assert (result["intra"], result["inter"]) == (1, 1)
    assert result["warnings"] == []


def test_explicit_n_threads_and_a_late_change_warns():
    result = _run_python(_THREADS_AFTER_FIT.format(seed=0, n_threads=1, later=3))
    assert (result["intra"], result["inter"]) == (1, 1)
    assert len(result["warnings"]) == 1
    message = result["warnings"][0]
    assert "n_threads=3 is ignored" in message and "fresh process" in message


def test_without_an_allotment_tensorflow_keeps_its_defaults():
    result = _run_python(_THREADS_AFTER_FIT.format(seed=None, n_threads=None, later=None))
    assert (result["intra"], result["inter"]) == (0, 0)  # 0: TensorFlow's own choice


def test_a_seeded_fit_computes_with_the_allotment_set_exactly():
    # Every core of the machine, set explicitly (not TensorFlow's own choice),
    # so that the same seeded fit computes with the same count in every fresh
    # process on the machine; one thread only where the allotment is one.
    import joblib

    result = _run_python(_THREADS_AFTER_FIT.format(seed=0, n_threads=None, later=None))
    assert (result["intra"], result["inter"]) == (joblib.cpu_count(), 1)
    assert result["warnings"] == []  # the later unseeded fit keeps those pools
    shared = _run_python(
        _THREADS_AFTER_FIT.format(seed=0, n_threads=None, later=None),
        env={"OMP_NUM_THREADS": "1"},  # a worker of n_jobs=cpu_count
    )
    assert (shared["intra"], shared["inter"]) == (1, 1)


_SEEDED_FIT = """
    import hashlib, json
    import joblib
    import numpy as np
    import tensorflow as tf
    from sklearn.datasets import load_digits
    from skcnn import CNNClassifier
    X, y = load_digits(return_X_y=True)
    clf = CNNClassifier(arch="lenet5", epochs=1, batch_size=32, random_state=0, n_threads={n})
    clf.fit(X[:320], y[:320])
    weights = b"".join(np.ascontiguousarray(w).tobytes() for w in clf.model_.get_weights())
    print(json.dumps({{
        "weights": hashlib.sha256(weights).hexdigest(),
        "intra": tf.config.threading.get_intra_op_parallelism_threads(),
        "cores": joblib.cpu_count(),
    }}))
"""


@pytest.mark.slow
def test_a_seeded_default_fit_is_reproducible_run_to_run_with_all_its_cores():
    runs = [_run_python(_SEEDED_FIT.format(n=None)) for _ in range(2)]
    assert runs[0]["intra"] == runs[0]["cores"]  # the machine's allotment, not one
    assert runs[0] == runs[1]
    one = _run_python(_SEEDED_FIT.format(n=1))
    assert one["intra"] == 1
    if runs[0]["cores"] > 1:
        # The count enters the weights: n_threads=1 is a mode of its own.
        assert one["weights"] != runs[0]["weights"]


def test_a_seeded_fit_after_tensorflow_started_warns_once():
    import joblib

    if joblib.cpu_count() < 2:
        pytest.skip("needs an allotment of two cores or more to differ from n_threads=1")
    result = _run_python(
        """
        import json, warnings
        from sklearn.datasets import load_digits
        from skcnn import CNNClassifier
        X, y = load_digits(return_X_y=True)
        CNNClassifier(epochs=1, n_threads=1).fit(X[:100], y[:100])  # pools of one
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            for seed in (0, 1):
                CNNClassifier(epochs=1, random_state=seed).fit(X[:100], y[:100])
        print(json.dumps([str(w.message) for w in caught if w.category is RuntimeWarning]))
        """
    )
    assert len(result) == 1
    assert "seeded fit" in result[0] and "same n_threads" in result[0]
    assert "n_threads=1 gives the same results in every process" in result[0]


def test_n_threads_is_validated():
    with pytest.raises(ValueError, match="n_threads"):
        CNNClassifier(n_threads=0).fit(np.zeros((20, 64)), np.arange(20) % 2)


def test_unknown_strategy_name_is_rejected():
    with pytest.raises(ValueError, match="strategy"):
        CNNClassifier(strategy="tpu").fit(np.zeros((20, 64)), np.arange(20) % 2)


@pytest.mark.slow
def test_mirrored_strategy_over_two_logical_cpus():
    result = _run_python(
        """
        import functools, json, pickle
        import tensorflow as tf
        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration()] * 2
        )
        from sklearn.datasets import load_digits
        from skcnn import CNNClassifier
        X, y = load_digits(return_X_y=True)
        strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
        clf = CNNClassifier(epochs=5, random_state=0, strategy=strategy)
        clf.fit(X[:1400], y[:1400])
        try:
            pickle.dumps(clf)
            pickle_error = ""
        except TypeError as exc:
            pickle_error = str(exc)
        builder = functools.partial(tf.distribute.MirroredStrategy, ["/cpu:0", "/cpu:1"])
        named = CNNClassifier(epochs=1, random_state=0, strategy=builder).fit(X[:300], y[:300])
        restored = pickle.loads(pickle.dumps(named))
        print(json.dumps({
            "replicas": clf.model_._distribute_strategy.num_replicas_in_sync,
            "score": clf.score(X[1400:], y[1400:]),
            "one_image": clf.predict(X[:1]).tolist(),
            "proba_shape": list(clf.predict_proba(X[:3]).shape),
            "pickle_error": pickle_error,
            # 1 + 32k images: the last batch has fewer images than replicas.
            "evaluate": clf.evaluate(X[1400:1433], y[1400:1433]).tolist(),
            "proba_33": clf.predict_proba(X[1400:1433]).tolist(),
            "narrow_fit": CNNClassifier(epochs=1, batch_size=16, validation_split=0,
                                        strategy=strategy).fit(X[:257], y[:257]).n_iter_,
            "restored_same": bool((restored.predict(X) == named.predict(X)).all()),
        }))
        """
    )
    assert result["replicas"] == 2
    assert result["score"] > 0.8  # held-out writers, 5 epochs
    assert result["proba_shape"] == [3, 10]
    assert len(result["one_image"]) == 1
    assert "strategy='mirrored'" in result["pickle_error"]
    assert result["restored_same"]
    assert result["narrow_fit"] == 1
    proba = np.array(result["proba_33"])
    assert proba.shape == (33, 10)
    loss, accuracy = result["evaluate"]
    truth = load_digits().target[1400:1433]
    assert accuracy == pytest.approx(np.mean(proba.argmax(axis=1) == truth))
    # The compiled loss: cross-entropy against targets smoothed by label_smoothing="auto".
    smoothed = np.eye(10)[truth] * 0.9 + 0.1 / 10
    assert loss == pytest.approx(-np.mean(np.sum(smoothed * np.log(proba), axis=1)), rel=1e-4)


@pytest.mark.slow
def test_grid_search_on_a_dask_local_cluster_matches_n_jobs_1():
    pytest.importorskip("distributed")
    # A fresh interpreter: the serial search's thread pools are then the fits'
    # own, whatever earlier tests did to this process's TensorFlow. n_threads=1:
    # the mode whose seeded results do not depend on the process (a worker of
    # threads_per_worker=1 and the parent of two cores compute alike).
    result = _run_python(
        """
        import json
        import distributed
        import numpy as np
        from joblib import parallel_backend
        from sklearn.datasets import load_digits
        from sklearn.model_selection import GridSearchCV
        from skcnn import CNNClassifier

        def tensorflow_threads():
            import tensorflow as tf

            return tf.config.threading.get_intra_op_parallelism_threads()

        def main():
            X, y = load_digits(return_X_y=True)
            rng = np.random.RandomState(0)
            idx = np.concatenate(
                [rng.choice(np.flatnonzero(y == k), 30, replace=False) for k in range(10)]
            )
            rng.shuffle(idx)
            X, y = X[idx], y[idx]

            def search():
                return GridSearchCV(
                    CNNClassifier(epochs=8, random_state=0, n_threads=1), {"filters": [16, 32]},
                    cv=2,
                    refit=False,
                ).fit(X, y).cv_results_

            local = search()
            with (
                distributed.LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cluster,
                distributed.Client(cluster) as client,
            ):
                with parallel_backend("dask"):
                    on_dask = search()
                worker_threads = client.run(tensorflow_threads)
            keys = ["mean_test_score", "split0_test_score", "split1_test_score"]
            print(json.dumps({
                "local": {k: local[k].tolist() for k in keys},
                "dask": {k: on_dask[k].tolist() for k in keys},
                "worker_threads": sorted(worker_threads.values()),
            }))

        if __name__ == "__main__":
            main()
        """
    )
    # Each worker holds one thread, and TensorFlow in it computes with one.
    assert result["worker_threads"] == [1, 1]
    assert result["dask"] == result["local"]
    assert min(result["local"]["mean_test_score"]) > 0.5  # real learning, not chance


def test_batch_callbacks_see_every_batch(small_digits):
    from skcnn._keras import get_keras

    keras = get_keras()

    class CountBatches(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.batches = 0

        def on_train_batch_end(self, batch, logs=None):
            self.batches += 1

    X, y = small_digits
    counter = CountBatches()
    clf = CNNClassifier(epochs=1, batch_size=10, validation_split=0, callbacks=[counter])
    clf.fit(X, y)
    assert counter.batches == 30  # 300 images in batches of 10
    assert clf.model_.steps_per_execution == 1
    # Without batch hooks the network runs several steps per compiled call.
    epochs_only = CNNClassifier(epochs=1, callbacks=[keras.callbacks.EarlyStopping()])
    assert epochs_only.fit(X, y).model_.steps_per_execution > 1
