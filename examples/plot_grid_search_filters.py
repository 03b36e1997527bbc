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
X, y = X[:900], y[:900]  # a quick search; use all 1797 images for real work

search = GridSearchCV(
    CNNClassifier(arch="simple", epochs=10, random_state=0),
    {"filters": [8, 16, 32]},
    cv=3,
)
search.fit(X, y)

# %%
# The results as a table.
results = pd.DataFrame(search.cv_results_)[
    ["param_filters", "mean_test_score", "std_test_score", "mean_fit_time"]
]
print(results.to_string(index=False))
print("best:", search.best_params_, round(search.best_score_, 3))

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
