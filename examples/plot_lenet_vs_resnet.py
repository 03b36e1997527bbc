"""
LeNet-5 against a ResNet in one grid search
===========================================

``arch`` is a parameter like any other, so a single ``GridSearchCV`` can
compare two networks from the CNN canon: LeNet-5 (1998, 61,706 parameters)
and ResNet-18 (2016) narrowed to 8 filters in its first stage, with the
small-image stem (``arch_kwargs={"small_input": True}``: a 3x3 stride-1 first
convolution and no max-pool) so that digits' 8x8 images are not pooled away
before the residual stages. Each entry of the grid is a dict, so the ResNet's
own options (``filters``, ``arch_kwargs``, a higher learning rate that its batch
normalization tolerates) are searched only for the ResNet.

To stay quick the search validates on one stratified hold-out split (30% of
1000 images) instead of k folds, with 12 epochs and no inner validation split.
Use ``cv=5`` and all 1797 images for a real comparison.
"""

# %%
import pandas as pd
from matplotlib.figure import Figure
from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV, StratifiedShuffleSplit

from skcnn import CNNClassifier

X, y = load_digits(return_X_y=True)
X, y = X[:1000], y[:1000]

param_grid = [
    {"arch": ["lenet5"]},
    {
        "arch": ["resnet18"],
        "filters": [8],
        "arch_kwargs": [{"small_input": True}],
        "learning_rate": [0.003],
    },
]
search = GridSearchCV(
    CNNClassifier(epochs=12, validation_split=0.0, random_state=0),
    param_grid,
    cv=StratifiedShuffleSplit(n_splits=1, test_size=0.3, random_state=0),
    refit=False,
)
search.fit(X, y)

# %%
# The results, one row per architecture: accuracy on the held-out images, the
# time a fit takes (Keras builds and compiles the network at every fit, a good
# part of the ResNet's time on so few images; the first fit in a process also
# pays TensorFlow's start-up) and the time to score.
results = pd.DataFrame(search.cv_results_).set_index("param_arch")
results.index.name = "arch"
results = results[["mean_test_score", "mean_fit_time", "mean_score_time"]]
print(results.round(3).to_string())
print("best:", search.best_params_["arch"], round(search.best_score_, 3))

# %%
# Accuracy and fit time side by side.
fig = Figure(figsize=(7, 3))
ax_score, ax_time = fig.subplots(1, 2)
bars = ax_score.bar(results.index, results["mean_test_score"], color=["#F8766D", "#00BFC4"])
ax_score.bar_label(bars, fmt="%.3f")
ax_score.set_ylim(0, 1.1)
ax_score.set_ylabel("hold-out accuracy")
bars = ax_time.bar(results.index, results["mean_fit_time"], color=["#F8766D", "#00BFC4"])
ax_time.bar_label(bars, fmt="%.1f s")
ax_time.set_ylabel("fit time (s)")
fig.suptitle("LeNet-5 and ResNet-18 on 8x8 digits")
fig.tight_layout()
