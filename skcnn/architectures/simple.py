"""The R keras MNIST lab network ("simple")."""

import keras
from keras import layers

from ._common import resolve_dropout, resolve_kernel_size, resolve_units, resolve_widths

SIMPLE_WIDTHS = (32, 64, 64)
SIMPLE_DENSE = (64,)


def build_simple(
    input_shape, n_classes, *, filters=None, kernel_size=None, dense_units=None, dropout=None
):
    """The R MNIST lab's CNN: three 3x3 ReLU convolutions with max-pooling between
    them, a 64-unit dense layer and a softmax.

    Parameters
    ----------
    input_shape : tuple of int
        (height, width, channels) of the (already rescaled and resized) images.
    n_classes : int
        Number of output units.
    filters : None, int or tuple of 3 ints
        Convolution widths; default ``(32, 64, 64)``. An int ``f`` gives
        ``(f, 2f, 2f)``.
    kernel_size : int or tuple, default=3
    dense_units : int or tuple of int, default=64
    dropout : float, default=0
        Dropout after each hidden dense layer.

    Returns
    -------
    keras.Model
        93,322 parameters at 28x28x1 with 10 classes.
    """
    widths = resolve_widths(filters, SIMPLE_WIDTHS, "simple")
    kernel = resolve_kernel_size(kernel_size, 3)
    units = resolve_units(dense_units, SIMPLE_DENSE, "simple")
    rate = resolve_dropout(dropout)

    inputs = keras.Input(shape=input_shape, name="image")
    x = inputs
    for stage, width in enumerate(widths, start=1):
        if stage > 1:
            x = layers.MaxPooling2D(2, name=f"pool{stage - 1}")(x)
        x = layers.Conv2D(width, kernel, activation="relu", name=f"conv{stage}")(x)
    x = layers.Flatten(name="flatten")(x)
    for i, n_units in enumerate(units, start=1):
        x = layers.Dense(n_units, activation="relu", name=f"dense{i}")(x)
        if rate:
            x = layers.Dropout(rate, name=f"dropout{i}")(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name="simple")
