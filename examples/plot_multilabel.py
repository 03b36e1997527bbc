"""
Multi-label: which digits are in the picture?
=============================================

Each image here holds two of scikit-learn's digits side by side, so it has two
labels at once (one, when both digits are the same). ``CNNClassifier`` trains a
multi-label network when ``y`` is a 0/1 indicator matrix, one column per label:
the output layer has one sigmoid per digit, ``predict_proba`` gives each
digit's own probability, and ``predict`` the 0/1 matrix (a label where its
probability is at least 0.5). ``classification_report`` reports each label, as
scikit-learn does for indicator matrices.
"""

# %%
import numpy as np
from matplotlib.figure import Figure
from sklearn.metrics import accuracy_score, hamming_loss

from skcnn import CNNClassifier
from skcnn.datasets import load_digits_images
from skcnn.metrics import classification_report

digits, labels = load_digits_images()
rng = np.random.default_rng(0)
left, right = rng.integers(0, len(digits), size=(2, 2000))
X = np.concatenate([digits[left], digits[right]], axis=2)  # (2000, 8, 16, 1)
Y = np.zeros((len(X), 10), dtype=int)
Y[np.arange(len(X)), labels[left]] = 1
Y[np.arange(len(X)), labels[right]] = 1
print("images:", X.shape, "labels per image:", np.bincount(Y.sum(axis=1))[1:])

X_train, X_test, Y_train, Y_test = X[:1500], X[1500:], Y[:1500], Y[1500:]
clf = CNNClassifier(arch="simple", epochs=15, random_state=0).fit(X_train, Y_train)
Y_pred = clf.predict(X_test)
print("label decisions right:", round(1 - hamming_loss(Y_test, Y_pred), 3))
print("images with every label right:", round(accuracy_score(Y_test, Y_pred), 3))

# %%
# Precision, recall and F1 per digit, then the averages.
print(classification_report(Y_test, Y_pred).round(3))

# %%
# A few test images with the digits the network sees in them.
proba = clf.predict_proba(X_test[:8])
fig = Figure(figsize=(8, 2.4), layout="constrained")
for i, ax in enumerate(fig.subplots(2, 4).ravel()):
    ax.imshow(X_test[i, :, :, 0], cmap="gray_r")
    found = [f"{d} ({proba[i, d]:.2f})" for d in np.flatnonzero(proba[i] >= 0.5)]
    ax.set_title(", ".join(found) or "none", fontsize=9)
    ax.set_axis_off()
fig.suptitle("Predicted digits (probability)")
