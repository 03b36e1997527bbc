"""
Choosing a learning rate: the range test, then one cycle
========================================================

``skcnn.lr_find`` runs the learning-rate range test (Smith 2017; fastai's
``lr_find``): it trains a copy of the estimator for a hundred batches while the
learning rate grows geometrically from 1e-7 to 10, and records the loss. The
loss falls fastest somewhere before it blows up; the suggested rate is that
steepest point. ``plot_lr_find`` draws the curve and the suggestion.

The suggestion then sets the peak of a one-cycle schedule (Smith and Topin
2019, fastai's ``fit_one_cycle``): ``learning_rate=OneCycleSchedule(peak=...)``
warms up to the peak over the first quarter of the batches and anneals to
almost 0. Over the same six epochs on scikit-learn's digits, one cycle peaking
at the suggestion and at a tenth of it are compared with Adam's constant
default rate, 0.001. The steepest point is where the loss still falls fastest,
so it is an upper end: for a short fit a smaller peak can do better, and the
comparison below shows which one did here.
"""

# %%
from sklearn.model_selection import train_test_split

from skcnn import CNNClassifier, lr_find
from skcnn.datasets import load_digits_images
from skcnn.plotting import plot_lr_find
from skcnn.schedules import OneCycleSchedule

X, y = load_digits_images()
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, stratify=y, random_state=0
)
clf = CNNClassifier(arch="simple", epochs=6, random_state=0)
curve = lr_find(clf, X_train, y_train)
rate = curve.attrs["suggested_rate"]
print(
    f"{len(curve)} batches tried, from {curve.learning_rate.iloc[0]:.0e} "
    f"to {curve.learning_rate.iloc[-1]:.2g}"
)
print(f"suggested rate: {rate:.2g}")
fig = plot_lr_find(curve)

# %%
# Six epochs each: the constant default rate, and one cycle peaking at the
# suggestion and at a tenth of it.
fits = {"adam, 0.001": clf}
for peak in (rate, rate / 10):
    fits[f"one cycle, peak {peak:.2g}"] = CNNClassifier(
        arch="simple", epochs=6, learning_rate=OneCycleSchedule(peak=peak), random_state=0
    )
for name, model in fits.items():
    model.fit(X_train, y_train)
    print(
        f"{name:>22}: test accuracy {model.score(X_test, y_test):.3f}, "
        f"last training loss {model.history_['loss'].iloc[-1]:.3f}"
    )
