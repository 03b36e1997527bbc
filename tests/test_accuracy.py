"""Accuracy on real data and parallel search: slow, and still run by CI."""

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score

from skcnn import CNNClassifier

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("arch", ["simple", "lenet5"])
def test_digits_cross_validated_accuracy(digits, arch):
    X, y = digits
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    scores = cross_val_score(CNNClassifier(arch=arch, random_state=0), X, y, cv=cv)
    assert scores.mean() >= 0.97, scores


def test_grid_search_parallel_matches_serial(small_digits):
    X, y = small_digits
    grid = {"filters": [4, 8]}
    est = CNNClassifier(epochs=2, random_state=0)
    serial = GridSearchCV(est, grid, cv=3, n_jobs=1).fit(X, y)
    parallel = GridSearchCV(est, grid, cv=3, n_jobs=2).fit(X, y)
    np.testing.assert_allclose(
        parallel.cv_results_["mean_test_score"], serial.cv_results_["mean_test_score"]
    )
    for split in range(3):
        key = f"split{split}_test_score"
        np.testing.assert_array_equal(parallel.cv_results_[key], serial.cv_results_[key])
    assert parallel.best_params_ == serial.best_params_
    assert parallel.best_estimator_.predict(X).shape == (len(X),)
