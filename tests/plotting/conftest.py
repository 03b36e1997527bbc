"""Fixtures of the plotting tests (tests/conftest.py's apply too)."""

import numpy as np
import pandas as pd
import pytest

from skcnn import CNNClassifier


@pytest.fixture(scope="module")
def history_frame():
    return pd.DataFrame(
        {
            "accuracy": [0.50, 0.70, 0.80, 0.85],
            "loss": [1.5, 0.9, 0.6, 0.5],
            "val_accuracy": [0.55, 0.65, 0.70, 0.72],
            "val_loss": [1.4, 1.0, 0.9, 0.9],
        },
        index=pd.RangeIndex(1, 5, name="epoch"),
    )


@pytest.fixture(scope="module")
def fitted_rgb():
    """A tiny estimator fitted on random 8x8 RGB uint8 images."""
    rng = np.random.RandomState(0)
    X = rng.randint(0, 256, size=(40, 8, 8, 3)).astype(np.uint8)
    y = np.array(["cat", "dog"] * 20)
    return CNNClassifier(filters=3, epochs=1, random_state=0).fit(X, y), X, y
