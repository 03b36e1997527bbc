"""The Fashion-MNIST network of the lecture (Géron, Hands-On Machine Learning, ch. 14)."""

import keras
from keras import layers

from ._common import resolve_dropout, resolve_units, resolve_widths

FASHION_WIDTHS = (64, 128, 256)  # one 7x7 conv, then two 3x3 convs per stage
FASHION_DENSE = (128, 64)


def build_fashion(input_shape, n_classes, *, filters=None, dense_units=None, dropout=None):
    """The lecture's Fashion-MNIST CNN: conv 64@7x7, max-pool 2, two convs
    128@3x3, max-pool 2, two convs 256@3x3, max-pool 2, dense 128, dense 64
    (each followed by dropout 0.5), softmax; "same" padding and ReLU throughout.

    Parameters
    ----------
    input_shape : tuple of int
        (height, width, channels); at least 8x8 (three 2x2 poolings).
    n_classes : int
        Number of output units.
    filters : None, int or tuple of 3 ints
        Widths of the three stages; default ``(64, 128, 256)``. An int ``f``
        gives ``(f, 2f, 4f)``.
    dense_units : int or tuple of int, default=(128, 64)
        Hidden dense layers; an int sets both.
    dropout : float, default=0.5
        Dropout after each hidden dense layer.

    Returns
    -------
    keras.Model
        1,413,834 parameters at 28x28x1 with 10 classes.
    """
    widths = resolve_widths(filters, FASHION_WIDTHS, "fashion")
    units = resolve_units(dense_units, FASHION_DENSE, "fashion")
    rate = resolve_dropout(dropout, default=0.5)

    inputs = keras.Input(shape=input_shape, name="image")
    x = layers.Conv2D(widths[0], 7, padding="same", activation="relu", name="block1_conv1")(inputs)
    x = layers.MaxPooling2D(2, name="block1_pool")(x)
    for stage, width in enumerate(widths[1:], start=2):
        for i in (1, 2):
            x = layers.Conv2D(
                width, 3, padding="same", activation="relu", name=f"block{stage}_conv{i}"
            )(x)
        x = layers.MaxPooling2D(2, name=f"block{stage}_pool")(x)
    x = layers.Flatten(name="flatten")(x)
    for i, n_units in enumerate(units, start=1):
        x = layers.Dense(n_units, activation="relu", name=f"fc{i}")(x)
        if rate:
            x = layers.Dropout(rate, name=f"fc{i}_dropout")(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name="fashion")
