"""
Fashion-MNIST with data augmentation
====================================

``augment=`` adds Keras's random preprocessing layers to the network. They
run only while training, so every epoch sees slightly different images;
``predict`` sees the images as they are. Clothes may be mirrored left to right
and shifted a little, so here ``augment={"flip": "horizontal",
"translation": 0.1}`` (digits must not be flipped: use translation and
rotation for them).

The data are Zalando's Fashion-MNIST, read with
``skcnn.datasets.load_fashion_mnist(download=False)``: from ``~/.skcnn/data``
(or ``SKCNN_DATA``), or from Debian's ``dataset-fashion-mnist`` package
(``apt-get install dataset-fashion-mnist``). Without the files the example says
why and stops. It trains on 3000 images for 6 epochs to stay quick; use all
60,000 and more epochs for real work.
"""

# %%
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from skcnn import CNNClassifier
from skcnn.datasets import DatasetUnavailableError, load_fashion_mnist

try:
    (X_train, y_train), (X_test, y_test), CLASSES = load_fashion_mnist(
        download=False, return_class_names=True
    )
except DatasetUnavailableError as exc:
    print("Fashion-MNIST is not available, so this example stops here.")
    print(exc)
    X_train = None
else:
    X_train, y_train = X_train[:3000], y_train[:3000]
    X_test, y_test = X_test[:1000], y_test[:1000]
    print("training images:", X_train.shape, X_train.dtype, "test images:", X_test.shape)

# %%
# The same network, seed and epochs, without and with augmentation (the
# default, ``augment="auto"``, never flips; clothes may be mirrored). uint8
# images are rescaled to [0, 1] inside the network (``rescale="auto"``); 10% of
# the training images are held out for the validation accuracy.
if X_train is not None:
    augment = {"flip": "horizontal", "translation": 0.1}
    settings = dict(arch="simple", epochs=6, validation_split=0.1, random_state=0)
    models = {
        "plain": CNNClassifier(augment=None, **settings),
        "augmented": CNNClassifier(augment=augment, **settings),
    }
    rows = []
    for name, model in models.items():
        model.fit(X_train, y_train)
        last = model.history_.iloc[-1]
        rows.append(
            {
                "model": name,
                "train accuracy": last["accuracy"],
                "validation accuracy": last["val_accuracy"],
                "test accuracy": model.score(X_test, y_test),
            }
        )
    results = pd.DataFrame(rows).set_index("model")
    results["train - test"] = results["train accuracy"] - results["test accuracy"]
    print(results.round(3).to_string())

# %%
# What the augmented network trains on: its own augmentation layers applied to
# a few training images (a new random flip and shift at every call).
if X_train is not None:
    network = models["augmented"].model_
    print([layer.name for layer in network.layers])
    images = X_train[:6].astype("float32")[..., np.newaxis] / 255.0
    for layer in network.layers:
        if layer.name.startswith("augment_"):
            images = layer(images, training=True)
    # float32 for matplotlib: under precision="auto" the layers may compute in bfloat16.
    images = np.asarray(images, dtype=np.float32)
    fig_images = Figure(figsize=(7, 2.6))
    axes = fig_images.subplots(2, 6)
    for i in range(6):
        axes[0, i].imshow(X_train[i], cmap="gray_r")
        axes[0, i].set_title(CLASSES[y_train[i]], fontsize=8)
        axes[1, i].imshow(images[i, ..., 0], cmap="gray_r")
    for ax in axes.ravel():
        ax.set_axis_off()
    fig_images.suptitle("Training images (top) and one augmented draw (bottom)")
    fig_images.tight_layout()

# %%
# Training and validation accuracy per epoch. Augmentation is a regulariser:
# the augmented network's training accuracy (measured on augmented images) no
# longer runs ahead of its validation accuracy. Whether it also ends more
# accurate depends on training long enough for the plain network to overfit,
# which this short run does not.
if X_train is not None:
    fig = Figure(figsize=(6, 3.5))
    ax = fig.add_subplot()
    for (name, model), color in zip(models.items(), ("#F8766D", "#00BFC4"), strict=True):
        history = model.history_
        ax.plot(
            history.index,
            history["accuracy"],
            color=color,
            linestyle="--",
            label=f"{name}, training",
        )
        ax.plot(
            history.index,
            history["val_accuracy"],
            color=color,
            marker="o",
            label=f"{name}, validation",
        )
    ax.set_xlabel("epoch")
    ax.set_ylabel("accuracy")
    ax.set_title("Fashion-MNIST, 3000 training images")
    ax.legend(fontsize=8)
    fig.tight_layout()
