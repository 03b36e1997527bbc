"""
Grid search over the number of filters
======================================

``CNNClassifier`` is an ordinary scikit-learn estimator, so ``GridSearchCV``
tunes it like any other: here the width of the R-lab network (``filters`` sets
the first stage; later stages scale with it).
"""

# %%
import pandas as pd
from matplotlib.figure import Figure
from sklearn.datasets import load_digits
from sklearn.model_selection import GridSearchCV

from skcnn import CNNClassifier

X, y = load_digits(return_X_y=True)
# A quick search on the first 750 images (use more for real work); the last
# 597, written by other people, are kept aside to test the chosen model.
X_test, y_test = X[1200:], y[1200:]
X, y = X[:750], y[:750]

search = GridSearchCV(
    CNNClassifier(arch="simple", epochs=8, random_state=0),
    {"filters": [8, 16, 32]},
    cv=3,
)
search.fit(X, y)

# %%
# The results as a table. ``GridSearchCV`` then refits the best width on all
# 750 images (``refit=True``, the default), and that model is scored on the
# images kept aside.
results = pd.DataFrame(search.cv_results_)[
    ["param_filters", "mean_test_score", "std_test_score", "rank_test_score", "mean_fit_time"]
]
print(results.round(3).to_string(index=False))
print("best:", search.best_params_, "mean CV accuracy", round(search.best_score_, 3))
print(
    "refitted best model, accuracy on the last",
    len(X_test),
    "images:",
    round(search.score(X_test, y_test), 3),
)

# %%
# Accuracy against width.
fig = Figure(figsize=(5, 3.5))
ax = fig.add_subplot()
ax.errorbar(
    results["param_filters"].astype(int),
    results["mean_test_score"],
    yerr=results["std_test_score"],
    marker="o",
    capsize=3,
)
ax.set_xlabel("filters (first stage)")
ax.set_ylabel("mean CV accuracy")
ax.set_title("Width of the R-lab network")
