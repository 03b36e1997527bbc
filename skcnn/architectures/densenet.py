"""Densely connected networks, DenseNet-BC (Huang et al., 2017).

The networks are ``keras.applications.DenseNet121/169/201`` layer for layer:
same layer names (``conv2_block1_1_conv``, ``pool2_conv``) and weight order,
so Keras's ImageNet weights load with ``model.set_weights``.
"""

import keras
from keras import layers

from ._common import resolve_dropout, resolve_widths

# conv1 (2k), then the growth rate k of each dense block conv2 .. conv5.
DENSENET_WIDTHS = (64, 32, 32, 32, 32)
COMPRESSION = 0.5
BN_EPSILON = 1.001e-5

# Layers per dense block, the columns of the paper's table 1.
DENSENET121_BLOCKS = (6, 12, 24, 16)
DENSENET169_BLOCKS = (6, 12, 32, 32)
DENSENET201_BLOCKS = (6, 12, 48, 32)


def conv_block(x, growth_rate, *, dropout, name):
    """One layer of a dense block: BN-ReLU-conv 1x1 to ``4 * growth_rate``,
    BN-ReLU-conv 3x3 to ``growth_rate``, concatenated to the input."""
    y = layers.BatchNormalization(epsilon=BN_EPSILON, name=f"{name}_0_bn")(x)
    y = layers.Activation("relu", name=f"{name}_0_relu")(y)
    y = layers.Conv2D(4 * growth_rate, 1, use_bias=False, name=f"{name}_1_conv")(y)
    if dropout:
        y = layers.Dropout(dropout, name=f"{name}_1_dropout")(y)
    y = layers.BatchNormalization(epsilon=BN_EPSILON, name=f"{name}_1_bn")(y)
    y = layers.Activation("relu", name=f"{name}_1_relu")(y)
    y = layers.Conv2D(growth_rate, 3, padding="same", use_bias=False, name=f"{name}_2_conv")(y)
    if dropout:
        y = layers.Dropout(dropout, name=f"{name}_2_dropout")(y)
    return layers.Concatenate(name=f"{name}_concat")([x, y])


def dense_block(x, blocks, growth_rate, *, dropout, name):
    """``blocks`` conv blocks, each seeing every earlier feature map."""
    for i in range(1, blocks + 1):
        x = conv_block(x, growth_rate, dropout=dropout, name=f"{name}_block{i}")
    return x


def transition_block(x, compression, *, dropout, name):
    """BN-ReLU-conv 1x1 keeping ``compression`` of the channels, then 2x2
    average pooling."""
    x = layers.BatchNormalization(epsilon=BN_EPSILON, name=f"{name}_bn")(x)
    x = layers.Activation("relu", name=f"{name}_relu")(x)
    width = max(1, int(x.shape[-1] * compression))
    x = layers.Conv2D(width, 1, use_bias=False, name=f"{name}_conv")(x)
    if dropout:
        x = layers.Dropout(dropout, name=f"{name}_dropout")(x)
    return layers.AveragePooling2D(2, strides=2, name=f"{name}_pool")(x)


def densenet(
    blocks,
    input_shape,
    n_classes,
    *,
    filters=None,
    dropout=None,
    compression=COMPRESSION,
    small_input=False,
    include_top=True,
    name,
):
    """Assemble a DenseNet-BC from the number of layers in each dense block."""
    stem_width, *growth_rates = resolve_widths(filters, DENSENET_WIDTHS, name)
    rate = resolve_dropout(dropout)
    if not 0.0 < compression <= 1.0:
        raise ValueError(f"compression must be in (0, 1], got {compression!r}.")

    inputs = keras.Input(shape=input_shape, name="image")
    if small_input:
        x = layers.Conv2D(stem_width, 3, padding="same", use_bias=False, name="conv1_conv")(inputs)
    else:
        x = layers.ZeroPadding2D(3, name="conv1_pad")(inputs)
        x = layers.Conv2D(stem_width, 7, strides=2, use_bias=False, name="conv1_conv")(x)
    x = layers.BatchNormalization(epsilon=BN_EPSILON, name="conv1_bn")(x)
    x = layers.Activation("relu", name="conv1_relu")(x)
    if not small_input:
        x = layers.ZeroPadding2D(1, name="pool1_pad")(x)
        x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)
    for stage, (n_layers, growth_rate) in enumerate(zip(blocks, growth_rates, strict=True), 2):
        if stage > 2:
            x = transition_block(x, compression, dropout=rate, name=f"pool{stage - 1}")
        x = dense_block(x, n_layers, growth_rate, dropout=rate, name=f"conv{stage}")
    x = layers.BatchNormalization(epsilon=BN_EPSILON, name="bn")(x)
    x = layers.Activation("relu", name="relu")(x)
    if not include_top:
        return keras.Model(inputs, x, name=name)
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name=name)


_DENSENET_DOC = """DenseNet-{depth} (DenseNet-BC, growth rate 32): conv1 7x7/2 64 and a
    3x3/2 max-pool, dense blocks of {blocks} layers (each a 1x1 bottleneck to
    128 channels and a 3x3 convolution adding 32) separated by transition
    layers that halve channels and resolution, BN-ReLU, global average pooling,
    softmax.

    Same layer names and weight order as ``keras.applications.DenseNet{depth}``:
    its ImageNet weights load with ``model.set_weights``.

    Parameters
    ----------
    input_shape : tuple of int
        (height, width, channels); the paper uses 224x224x3. At least 29x29
        (three 2x2 average poolings after the stride-4 stem); at least 8x8
        with ``small_input=True``.
    n_classes : int
        Number of output units.
    filters : None, int or tuple of 5 ints
        conv1's width, then the growth rate of each dense block; default
        ``(64, 32, 32, 32, 32)``. An int ``f`` sets conv1 to ``f`` and every
        growth rate to ``f / 2``.
    dropout : float, default=0
        Dropout after every convolution but conv1 (the paper uses 0.2 on
        CIFAR and SVHN without augmentation, none on ImageNet).
    compression : float, default=0.5
        Fraction of the channels a transition layer keeps (the paper's theta).
    small_input : bool, default=False
        CIFAR-style stem: conv1 becomes a 3x3 stride-1 convolution and the
        max-pool is dropped, so a 32x32 image reaches the last dense block at
        4x4.
    include_top : bool, default=True
        False stops after the final batch normalization and ReLU (the
        convolutional base, as ``keras.applications`` with
        ``include_top=False``); ``n_classes`` is then unused.

    Returns
    -------
    keras.Model
        {params:,} trainable parameters ({total:,} in all, counting the batch
        normalization moving statistics) at 224x224x3 with 1000 classes.
    """


def _document(depth, blocks, *, params, total):
    def decorator(func):
        func.__doc__ = _DENSENET_DOC.format(
            depth=depth, blocks=", ".join(map(str, blocks)), params=params, total=total
        )
        return func

    return decorator


@_document(121, DENSENET121_BLOCKS, params=7_978_856, total=8_062_504)
def build_densenet121(
    input_shape,
    n_classes,
    *,
    filters=None,
    dropout=None,
    compression=COMPRESSION,
    small_input=False,
    include_top=True,
):
    return densenet(
        DENSENET121_BLOCKS,
        input_shape,
        n_classes,
        filters=filters,
        dropout=dropout,
        compression=compression,
        small_input=small_input,
        include_top=include_top,
        name="densenet121",
    )


@_document(169, DENSENET169_BLOCKS, params=14_149_480, total=14_307_880)
def build_densenet169(
    input_shape,
    n_classes,
    *,
    filters=None,
    dropout=None,
    compression=COMPRESSION,
    small_input=False,
    include_top=True,
):
    return densenet(
        DENSENET169_BLOCKS,
        input_shape,
        n_classes,
        filters=filters,
        dropout=dropout,
        compression=compression,
        small_input=small_input,
        include_top=include_top,
        name="densenet169",
    )


@_document(201, DENSENET201_BLOCKS, params=20_013_928, total=20_242_984)
def build_densenet201(
    input_shape,
    n_classes,
    *,
    filters=None,
    dropout=None,
    compression=COMPRESSION,
    small_input=False,
    include_top=True,
):
    return densenet(
        DENSENET201_BLOCKS,
        input_shape,
        n_classes,
        filters=filters,
        dropout=dropout,
        compression=compression,
        small_input=small_input,
        include_top=include_top,
        name="densenet201",
    )
