"""
Regression from images: how far is a digit turned?
==================================================

``CNNRegressor`` is the same network as ``CNNClassifier`` with a linear output
layer: the target is a number per image. Here the digits are turned by a random
angle between -40 and 40 degrees and the network reads the angle back from the
pixels. Targets are standardized inside the estimator (``standardize_targets``)
and ``predict`` returns degrees; ``score`` is R², as for every scikit-learn
regressor. A constant prediction (the mean angle) is the baseline.
"""

# %%
import numpy as np
from matplotlib.figure import Figure
from scipy.ndimage import rotate
from sklearn.dummy import DummyRegressor
from sklearn.metrics import mean_absolute_error
from sklearn.model_selection import train_test_split

from skcnn import CNNRegressor
from skcnn.datasets import load_digits_images

images, _ = load_digits_images()
rng = np.random.default_rng(0)
angles = rng.uniform(-40, 40, size=len(images))
X = np.stack(
    [
        rotate(image, angle, reshape=False, order=1)
        for image, angle in zip(images, angles, strict=True)
    ]
)
X_train, X_test, y_train, y_test = train_test_split(X, angles, test_size=0.25, random_state=0)

reg = CNNRegressor(arch="simple", epochs=15, random_state=0).fit(X_train, y_train)
baseline = DummyRegressor().fit(X_train, y_train)
predicted = reg.predict(X_test)
print("R^2 network:", round(reg.score(X_test, y_test), 3))
print("R^2 mean angle:", round(baseline.score(X_test, y_test), 3))
print("mean absolute error (degrees):", round(mean_absolute_error(y_test, predicted), 1))

# %%
# Predicted against true angles: the points follow the diagonal.
fig = Figure(figsize=(4, 4), layout="constrained")
ax = fig.add_subplot()
ax.scatter(y_test, predicted, s=8, alpha=0.6)
ax.plot([-40, 40], [-40, 40], color="black", linewidth=1)
ax.set_xlabel("true angle (degrees)")
ax.set_ylabel("predicted angle (degrees)")
ax.set_title("CNNRegressor on turned digits")
