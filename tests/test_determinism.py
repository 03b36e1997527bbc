"""With ``n_threads=1`` a seeded search gives the same ``cv_results_`` for every n_jobs and backend.

TensorFlow's weight gradients depend on the size of its intra-op thread pool,
which is fixed once per process, so each search runs in a fresh interpreter: the
serial search in its main process, the others in loky's and Dask's workers.
``n_threads=1`` is the count every process can use; a seeded fit with
``n_threads=None`` computes with its process's allotment instead (reproducible
run to run: tests/test_scaling.py), which differs between the parent process
and the workers of ``n_jobs=2``.
Scores are compared exactly; log loss makes any difference in the fitted
weights visible, where accuracy can hide it.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("distributed")

_SEARCHES = """
    import json, sys, warnings
    from joblib import parallel_backend
    from sklearn.datasets import load_digits
    from sklearn.model_selection import GridSearchCV
    from skcnn import CNNClassifier

    def search(spec, n_jobs=None):
        X, y = load_digits(return_X_y=True)
        X, y = X[: spec["n_images"]], y[: spec["n_images"]]
        grid = GridSearchCV(
            CNNClassifier(random_state=0, n_threads=1, **spec["estimator"]),
            spec["grid"],
            cv=spec["cv"],
            scoring=spec["scoring"],
            refit=False,
            n_jobs=n_jobs,
        )
        cv = grid.fit(X, y).cv_results_
        return {key: values.tolist() for key, values in cv.items() if "_test_" in key}

    def main(specs):
        results = {name: {} for name in specs}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RuntimeWarning)
            for name, spec in specs.items():
                results[name]["n_jobs=1"] = search(spec, n_jobs=1)
        import tensorflow as tf
        import distributed

        for name, spec in specs.items():
            results[name]["n_jobs=2"] = search(spec, n_jobs=2)
        with (
            distributed.LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            distributed.Client(cluster),
            parallel_backend("dask"),
        ):
            for name, spec in specs.items():
                results[name]["dask"] = search(spec)
        print(json.dumps({
            "scores": results,
            "serial_threads": tf.config.threading.get_intra_op_parallelism_threads(),
            "warnings": [str(w.message) for w in caught if w.category is RuntimeWarning],
        }))

    if __name__ == "__main__":
        main(json.loads(sys.argv[1]))
"""

# Issue 14: one prediction flipped between n_jobs=1 and n_jobs=2.
_REPORTED = {
    "n_images": 360,
    "estimator": {"arch": "simple", "epochs": 2},
    "grid": {"filters": [8, 16]},
    "cv": 3,
    "scoring": None,
}
# 32 filters and LeNet-5: their convolutions' weight gradients split by thread
# count in oneDNN and Eigen alike; log loss shows any bit of difference.
_WIDER = {
    "n_images": 240,
    "estimator": {"epochs": 1},
    "grid": [{"arch": ["simple"], "filters": [32]}, {"arch": ["lenet5"]}],
    "cv": 2,
    "scoring": ["accuracy", "neg_log_loss"],
}


@pytest.fixture(scope="module")
def searches():
    """Both searches with n_jobs=1, n_jobs=2 and on a Dask LocalCluster, run in
    one fresh interpreter (its processes start and import TensorFlow once)."""
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    specs = json.dumps({"reported": _REPORTED, "wider": _WIDER})
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_SEARCHES), specs],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def _assert_same_everywhere(scores, score_keys):
    serial = scores["n_jobs=1"]
    assert set(score_keys) <= set(serial)
    for backend in ("n_jobs=2", "dask"):
        for key in score_keys:
            # Exact equality: the same floats, not merely close ones.
            assert scores[backend][key] == serial[key], (backend, key)


def _keys(metric, n_splits):
    stats = ["mean", "std"] + [f"split{k}" for k in range(n_splits)]
    return [f"{stat}_test_{metric}" for stat in stats]


@pytest.mark.slow
def test_serial_search_with_n_threads_1_computes_with_one_thread_and_warns_nothing(searches):
    assert searches["serial_threads"] == 1
    assert searches["warnings"] == []


@pytest.mark.slow
def test_reported_case_is_the_same_for_every_n_jobs_and_on_dask(searches):
    _assert_same_everywhere(searches["scores"]["reported"], _keys("score", 3))


@pytest.mark.slow
def test_wider_networks_give_the_same_probabilities_everywhere(searches):
    scores = searches["scores"]["wider"]
    _assert_same_everywhere(scores, _keys("accuracy", 2) + _keys("neg_log_loss", 2))
    log_loss = scores["n_jobs=1"]["mean_test_neg_log_loss"]
    assert len(set(log_loss)) == 2  # two different networks, two different fits
