"""
Transfer learning with a frozen base
====================================

A network trained on one task can start another: here the R-lab network
learns the digits 0 to 5 from their 1081 images, and new ``CNNClassifier``
objects start from its weights (``weights=`` its fitted ``model_``, or the
``.keras`` file it was saved to) to learn the digits 6 to 9 from just 5
labelled images per class. ``trainable=False`` freezes every pretrained layer
and trains only the classifier; ``trainable=2`` also fine-tunes the top two
pretrained layers. The same network trained from scratch on the same few
images is the baseline.

``weights`` copies every layer with weights, by name, into the new network;
the classifier (6 classes in the source, 4 in the target) keeps a fresh
initialisation because its shape differs. ``weights="imagenet"`` does the same
with Keras's ImageNet files, which must be in the local Keras cache; this
example needs no download.
"""

# %%
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from sklearn.model_selection import train_test_split

from skcnn import CNNClassifier
from skcnn.datasets import load_digits_images

X, y = load_digits_images()
source = y <= 5
X_source, y_source = X[source], y[source]  # digits 0-5, all their images
X_target, y_target = X[~source], y[~source]  # digits 6-9

# %%
# Pretrain on the digits 0 to 5.
base = CNNClassifier(arch="simple", epochs=15, validation_split=0.1, random_state=0)
base.fit(X_source, y_source)
print(f"source task (0-5): validation accuracy {base.history_['val_accuracy'].iloc[-1]:.3f}")

# %%
# The target task: 5 labelled images of each digit 6 to 9, the rest to test.
# Every model gets the same images, epochs and seed; the classifier of a frozen
# network trains alone and takes a larger learning rate.
X_train, X_test, y_train, y_test = train_test_split(
    X_target, y_target, train_size=20, stratify=y_target, random_state=0
)
settings = dict(arch="simple", epochs=40, validation_split=0.0, random_state=0)
models = {
    "from scratch": CNNClassifier(**settings),
    "frozen base": CNNClassifier(
        weights=base.model_, trainable=False, learning_rate=0.01, **settings
    ),
    "top 2 layers fine-tuned": CNNClassifier(
        weights=base.model_, trainable=2, learning_rate=0.01, **settings
    ),
}
scores = {}
for name, model in models.items():
    model.fit(X_train, y_train)
    scores[name] = model.score(X_test, y_test)
scores = pd.Series(scores, name="accuracy")
print(f"target task (6-9) from {len(X_train)} images, accuracy on {len(X_test)} others:")
print(scores.round(3).to_string())

# %%
# Which layers trained: in the frozen network only the classifier
# (``predictions``); the convolutions and the dense layer kept the weights
# learnt on 0-5.
frozen = models["frozen base"]
summary = frozen.summary()
print(summary[["layer", "type", "params", "trainable"]].to_string(index=False))
print(
    f"trainable parameters: {summary.attrs['trainable_params']} of {summary.attrs['total_params']}"
)
after = frozen.model_.get_layer("simple").get_layer("conv3").get_weights()
before = base.model_.get_layer("simple").get_layer("conv3").get_weights()
print(
    "conv3 is the pretrained one:",
    all(np.array_equal(a, b) for a, b in zip(after, before, strict=True)),
)

# %%
# The pretrained network can come from a file as well: ``save`` writes a Keras
# archive and ``weights=<path>`` reads it. Same weights and seed, same model.
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "digits_0_5.keras"
    base.save(path)
    from_file = CNNClassifier(weights=str(path), trainable=False, learning_rate=0.01, **settings)
    from_file.fit(X_train, y_train)
same = np.array_equal(from_file.predict_proba(X_test), frozen.predict_proba(X_test))
print("weights from the .keras file give the same probabilities:", same)

# %%
# On digits, the features learnt from 0-5 carry over only in part: the frozen
# base is well above chance (0.25) from 20 images but below a network trained
# from scratch, and fine-tuning its top layers closes most of the gap. Small
# 8x8 digits are learnt from very few images; a frozen base pays off when it
# was trained on far more, and richer, images than the target task has
# (ImageNet weights, ``weights="imagenet"``).
fig = Figure(figsize=(5.5, 3))
ax = fig.add_subplot()
ax.barh(scores.index, scores.values, color=["#F8766D", "#00BFC4", "#7CAE00"])
ax.axvline(0.25, color="grey", linestyle="--", label="chance")
ax.set_xlim(0, 1)
ax.set_xlabel("test accuracy (digits 6-9, 5 training images per class)")
ax.legend(loc="lower right")
fig.tight_layout()
