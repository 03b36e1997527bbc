"""
Looking inside the network: Grad-CAM, occlusion and the worst mistakes
======================================================================

Which pixels made the network say "8"? Two answers, one map per image:

- **Grad-CAM** (Selvaraju et al. 2017) weighs the feature maps of the last
  convolution block by the gradient of the class score: one pass through the
  network, computed inside it (through skcnn's rescaling and resizing layers).
- **Occlusion** (Zeiler and Fergus 2014) greys out one patch at a time and
  records how much the probability of the class drops: many predictions, no
  gradients, any classifier.

Then the mistakes themselves: the class pairs the network confuses most
(fastai's ``most_confused``) and the images with the largest loss (fastai's
``plot_top_losses``). The data are scikit-learn's 8x8 digits.
"""

# %%
# A small network on the digits.
import numpy as np
from sklearn.model_selection import train_test_split

from skcnn import CNNClassifier
from skcnn.datasets import load_digits_images
from skcnn.inspection import gradcam, gradcam_layer, occlusion
from skcnn.metrics import most_confused
from skcnn.plotting import plot_gradcam, plot_occlusion, plot_top_losses

X, y = load_digits_images()
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, stratify=y, random_state=0
)
clf = CNNClassifier(arch="simple", epochs=10, random_state=0).fit(X_train, y_train)
print("test accuracy:", round(clf.score(X_test, y_test), 3))

# %%
# Grad-CAM uses the last convolution whose maps are at least 20 cells across,
# else the one with the largest maps: at the 18x18 the digits are resized to
# inside the network, ``conv1`` (16x16) it is (``conv2`` is 6x6, ``conv3``
# 1x1). The maps are resized to 8x8 and scaled to [0, 1].
print("Grad-CAM layer:", gradcam_layer(clf))
maps = gradcam(clf, X_test)
print("maps:", maps.shape, "range:", maps.min(), "to", maps.max())

# %%
# Do the maps mean something? A deletion test (Petsiuk et al. 2018): grey out
# the 8 pixels (of 64) each map ranks highest and watch the probability of the
# class fall, against 8 pixels picked at random; on the first 150 test images.
rng = np.random.default_rng(0)
images = X_test[:150]
rows = np.arange(len(images))
predicted = clf.predict(images)
p_class = clf.predict_proba(images)[rows, predicted]


def drop_after_hiding(ranking):
    hidden = images.copy().reshape(len(images), -1)
    top = np.argsort(-ranking.reshape(len(images), -1), axis=1)[:, :8]
    hidden[rows[:, None], top] = X_test.mean()
    proba = clf.predict_proba(hidden.reshape(images.shape))
    return (p_class - proba[rows, predicted]).mean()


print(f"mean drop, 8 pixels Grad-CAM ranks highest:  {drop_after_hiding(maps[:150]):.3f}")
print(
    f"mean drop, 8 random pixels:                  {drop_after_hiding(rng.random((150, 64))):.3f}"
)
fig = plot_gradcam(clf, X_test[:8], y_test[:8], ncols=4)

# %%
# Occlusion with 2x2 grey squares moved one pixel at a time: 49 predictions
# per image. Red pixels are those whose hiding costs the class most; a
# network sure of a digit may lose nothing to one small square (a map of 0).
# Its ranking passes the same deletion test.
drops = occlusion(clf, images, patch=2, stride=1)
print("largest drop in probability, first 8 images:", drops[:8].max(axis=(1, 2)).round(2))
print(f"mean drop, 8 pixels occlusion ranks highest: {drop_after_hiding(drops):.3f}")
fig_occlusion = plot_occlusion(clf, X_test[:8], y_test[:8], patch=2, stride=1, ncols=4)

# %%
# The class pairs the network mixes up most, as (true, predicted, count).
y_pred = clf.predict(X_test)
print(most_confused(y_test, y_pred).head(5).to_string(index=False))

# %%
# The nine test images with the largest loss (-log of the probability of the
# true class), titled "predicted / true" and "loss / probability of the true
# class", each with its Grad-CAM map for the predicted class.
fig_losses = plot_top_losses(clf, X_test, y_test, k=9, gradcam=True)
print(fig_losses.top_losses.round(3).to_string(index=False))
