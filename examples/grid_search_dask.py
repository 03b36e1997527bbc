"""
Grid search on a Dask cluster
=============================

A hyper-parameter search is many independent fits. scikit-learn hands them to
joblib, and joblib hands them to a Dask cluster inside
``with joblib.parallel_backend("dask")``: the same ``GridSearchCV`` code runs
its fits on the cluster's workers, each fit in a worker process with its own
TensorFlow.

Run it as a script::

    python grid_search_dask.py                              # a local cluster
    python grid_search_dask.py --address tcp://host:8786    # an existing cluster
    SKCNN_DASK_ADDRESS=tcp://host:8786 python grid_search_dask.py

Without an address it starts a ``distributed.LocalCluster`` of two worker
processes with one thread each. The workers of a cluster need skcnn and
TensorFlow installed; ``pip install "skcnn[dask]"`` adds dask and distributed.

With a fixed ``random_state`` a fit gives the same network wherever it runs,
so the search on the cluster finds the scores of the same search run in this
process with ``n_jobs=1``, and the script checks that they are equal. (The
sums inside TensorFlow's operations are rounded in an order that depends on
how many threads compute them: workers with another number of threads than
this process can, rarely, tip an image that two classes almost tie for.)

The documentation shows this script without running it: it starts processes.
"""

# %%
import argparse
import contextlib
import os
import time
from collections import Counter

import joblib
import numpy as np
import pandas as pd
from distributed import Client, LocalCluster, get_task_stream
from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV

from skcnn import CNNClassifier


# %%
# The search: two widths of the R-lab network, 2-fold cross-validation, so
# four fits; ``refit=False`` because only the scores are compared.
def make_search():
    return GridSearchCV(
        CNNClassifier(arch="simple", epochs=5, learning_rate=0.003, random_state=0),
        {"filters": [8, 16]},
        cv=2,
        n_jobs=1,
        refit=False,
    )


def connect(stack, address):
    """A client of the cluster at ``address``, or of a new local cluster; both
    are closed when ``stack`` closes."""
    if address:
        return stack.enter_context(Client(address))
    cluster = stack.enter_context(
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port
        )
    )
    return stack.enter_context(Client(cluster))


# %%
# The search on the cluster (the task stream records which worker ran each
# fit), then the same search in this process, and the two side by side.
def main(argv=None):
    parser = argparse.ArgumentParser(description="Grid search on a Dask cluster.")
    parser.add_argument(
        "--address",
        default=os.environ.get("SKCNN_DASK_ADDRESS"),
        help="scheduler address, e.g. tcp://host:8786 (default: $SKCNN_DASK_ADDRESS, "
        "else a local cluster of 2 worker processes)",
    )
    args = parser.parse_args(argv)

    X, y = load_digits(return_X_y=True)
    X, y = X[:500], y[:500]

    with contextlib.ExitStack() as stack:
        client = connect(stack, args.address)
        print(client)
        started = time.perf_counter()
        with joblib.parallel_backend("dask"), get_task_stream(client) as tasks:
            on_cluster = make_search().fit(X, y)
        cluster_seconds = time.perf_counter() - started
        fits_per_worker = Counter(task["worker"] for task in tasks.data)

    started = time.perf_counter()
    in_process = make_search().fit(X, y)
    serial_seconds = time.perf_counter() - started

    results = pd.DataFrame(
        {
            "filters": on_cluster.cv_results_["param_filters"],
            "dask mean_test_score": on_cluster.cv_results_["mean_test_score"],
            "n_jobs=1 mean_test_score": in_process.cv_results_["mean_test_score"],
        }
    )
    print(results.to_string(index=False))
    print("tasks per worker:", dict(fits_per_worker))
    print(f"search on the cluster {cluster_seconds:.1f}s, in this process {serial_seconds:.1f}s")
    print("best:", on_cluster.best_params_, "and", in_process.best_params_)

    np.testing.assert_allclose(
        on_cluster.cv_results_["mean_test_score"],
        in_process.cv_results_["mean_test_score"],
        rtol=0,
        atol=1e-9,
        err_msg="the search on the cluster and in this process disagree",
    )
    assert on_cluster.best_params_ == in_process.best_params_
    print("The cluster's scores equal the in-process scores.")


if __name__ == "__main__":
    main()
