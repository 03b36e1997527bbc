"""AlexNet (Krizhevsky, Sutskever & Hinton, 2012)."""

from numbers import Integral

import keras
from keras import layers

from ..layers import LocalResponseNormalization
from ._common import resolve_dropout, resolve_units, resolve_widths

ALEXNET_WIDTHS = (96, 256, 384, 384, 256)  # conv1 .. conv5
ALEXNET_DENSE = (4096, 4096)  # fc6, fc7


def conv_layer(
    x, width, kernel, *, stride=1, padding="same", groups=1, normalize=False, pool=False, name
):
    """One row of the paper's table: a ReLU convolution, optionally followed by
    response normalization and overlapping 3x3 / stride-2 max-pooling."""
    x = layers.Conv2D(
        width,
        kernel,
        strides=stride,
        padding=padding,
        groups=groups,
        activation="relu",
        name=name,
    )(x)
    index = name.removeprefix("conv")
    if normalize:
        x = LocalResponseNormalization(2, bias=2.0, alpha=1e-4, beta=0.75, name=f"norm{index}")(x)
    if pool:
        x = layers.MaxPooling2D(3, strides=2, name=f"pool{index}")(x)
    return x


def build_alexnet(
    input_shape,
    n_classes,
    *,
    filters=None,
    dense_units=None,
    dropout=None,
    groups=2,
    small_input=False,
):
    """AlexNet: conv1 96@11x11/4, conv2 256@5x5, conv3 384@3x3, conv4 384@3x3,
    conv5 256@3x3, fc6 4096, fc7 4096, softmax.

    ReLU everywhere; local response normalization (k=2, n=5, alpha=1e-4,
    beta=0.75) after conv1 and conv2; overlapping 3x3 / stride 2 max-pooling after
    the two normalizations and after conv5; dropout 0.5 on fc6 and fc7. conv2,
    conv4 and conv5 are two-group convolutions (``Conv2D(groups=2)``), the
    paper's split of those layers across two GPUs.

    Parameters
    ----------
    input_shape : tuple of int
        (height, width, channels). The paper's 224 is really 227x227x3. With the
        published stem the smallest accepted size is 67x67; ``small_input=True``
        accepts 7x7.
    n_classes : int
        Number of output units.
    filters : None, int or tuple of 5 ints
        Widths of conv1..conv5; default ``(96, 256, 384, 384, 256)``. An int
        ``f`` scales them by ``f / 96``, each rounded to a multiple of
        ``groups``. Every width must be divisible by ``groups``.
    dense_units : int or tuple of int, default=(4096, 4096)
        Hidden dense layers (fc6, fc7, ...); an int sets both.
    dropout : float, default=0.5
        Dropout after each hidden dense layer.
    groups : int, default=2
        Channel groups of conv2, conv4 and conv5. ``groups=1`` is the
        one-tower network (62,378,344 parameters at the published size).
    small_input : bool, default=False
        Replace conv1 11x11/4 by a 3x3 / stride-1 convolution and drop pool1,
        for 8x8 to 64x64 images (CIFAR-style stem). A 28x28 input then
        reaches fc6 as 6x6x256, the paper's size.

    Returns
    -------
    keras.Model
        60,965,224 parameters at 227x227x3 with 1000 classes.
    """
    widths = _grouped_widths(filters, groups)
    units = resolve_units(dense_units, ALEXNET_DENSE, "alexnet")
    rate = resolve_dropout(dropout, default=0.5)

    inputs = keras.Input(shape=input_shape, name="image")
    w1, w2, w3, w4, w5 = widths
    if small_input:
        x = conv_layer(inputs, w1, 3, normalize=True, name="conv1")
    else:
        x = conv_layer(
            inputs, w1, 11, stride=4, padding="valid", normalize=True, pool=True, name="conv1"
        )
    x = conv_layer(x, w2, 5, groups=groups, normalize=True, pool=True, name="conv2")
    x = conv_layer(x, w3, 3, name="conv3")
    x = conv_layer(x, w4, 3, groups=groups, name="conv4")
    x = conv_layer(x, w5, 3, groups=groups, pool=True, name="conv5")
    x = layers.Flatten(name="flatten")(x)
    for i, n_units in enumerate(units, start=6):
        x = layers.Dense(n_units, activation="relu", name=f"fc{i}")(x)
        if rate:
            x = layers.Dropout(rate, name=f"drop{i}")(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name="alexnet")


def _grouped_widths(filters, groups):
    if int(groups) != groups or groups < 1:
        raise ValueError(f"groups must be a positive int, got {groups!r}.")
    widths = resolve_widths(filters, ALEXNET_WIDTHS, "alexnet")
    if isinstance(filters, Integral):
        scale = filters / ALEXNET_WIDTHS[0]
        return tuple(groups * max(1, round(w * scale / groups)) for w in ALEXNET_WIDTHS)
    if any(w % groups for w in widths):
        raise ValueError(
            f"alexnet's grouped convolutions need every width divisible by groups={groups}, "
            f"got filters={widths}. Pass multiples of {groups}, or groups=1."
        )
    return widths
