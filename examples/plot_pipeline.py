"""
A pipeline with a scikit-learn preprocessing step
=================================================

A ``CNNClassifier`` is the last step of a ``Pipeline`` like any classifier.
Here a ``FunctionTransformer`` scales the pixels to [0, 1] before the network
(so the estimator's own ``rescale`` is switched off), and the whole pipeline is
cross-validated, stratified because ``is_classifier`` is true for the pipeline.
"""

# %%
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from skcnn import CNNClassifier

X, y = load_digits(return_X_y=True)
X, y = X[:900], y[:900]


def to_unit_range(images):
    """Digits' pixels run from 0 to 16."""
    return np.asarray(images, dtype=np.float32) / 16.0


pipe = make_pipeline(
    FunctionTransformer(to_unit_range),
    CNNClassifier(arch="lenet5", epochs=15, rescale=None, random_state=0),
)
scores = cross_val_score(pipe, X, y, cv=3)
print("fold accuracies:", scores.round(3), "mean:", scores.mean().round(3))
