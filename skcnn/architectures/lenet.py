"""LeNet-5 (LeCun et al., 1998)."""

import keras
from keras import layers

from ._common import resolve_dropout, resolve_kernel_size, resolve_units, resolve_widths

LENET5_WIDTHS = (6, 16, 120)  # C1, C3, C5
LENET5_DENSE = (84,)  # F6


def build_lenet5(
    input_shape, n_classes, *, filters=None, kernel_size=None, dense_units=None, dropout=None
):
    """LeNet-5: C1 6@5x5, S2 2x2 average pooling, C3 16@5x5, S4, C5 120@5x5,
    F6 84, softmax output; tanh throughout.

    C3 connects to every S2 map (the paper's sparse connection table is a
    hardware-era economy that modern reproductions drop), and the output layer is
    a softmax rather than the paper's Euclidean RBF units.

    Parameters
    ----------
    input_shape : tuple of int
        (height, width, channels); at least 32x32.
    n_classes : int
    filters : None, int or tuple of 3 ints
        Widths of C1, C3, C5; default ``(6, 16, 120)``. An int scales all three
        by ``filters / 6``.
    kernel_size : int or tuple, default=5
    dense_units : int or tuple of int, default=84
    dropout : float, default=0
        Dropout after each hidden dense layer.

    Returns
    -------
    keras.Model
        61,706 parameters at 32x32x1 with 10 classes.
    """
    c1, c3, c5 = resolve_widths(filters, LENET5_WIDTHS, "lenet5")
    kernel = resolve_kernel_size(kernel_size, 5)
    units = resolve_units(dense_units, LENET5_DENSE, "lenet5")
    rate = resolve_dropout(dropout)

    inputs = keras.Input(shape=input_shape, name="image")
    x = layers.Conv2D(c1, kernel, activation="tanh", name="c1")(inputs)
    x = layers.AveragePooling2D(2, name="s2")(x)
    x = layers.Conv2D(c3, kernel, activation="tanh", name="c3")(x)
    x = layers.AveragePooling2D(2, name="s4")(x)
    x = layers.Conv2D(c5, kernel, activation="tanh", name="c5")(x)
    x = layers.Flatten(name="flatten")(x)
    for i, n_units in enumerate(units, start=6):
        x = layers.Dense(n_units, activation="tanh", name=f"f{i}")(x)
        if rate:
            x = layers.Dropout(rate, name=f"dropout{i}")(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name="lenet5")
