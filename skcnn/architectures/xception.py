"""Xception (Chollet, 2017): depthwise separable convolutions with residual
connections, in an entry flow, a middle flow and an exit flow.

The network is ``keras.applications.Xception`` layer for layer: the same layer
names (the four unnamed residual projections there are named
``block{n}_residual_conv`` / ``block{n}_residual_bn`` here) and the same weight
order, so ``model.set_weights(keras.applications.Xception().get_weights())``
loads its ImageNet weights.
"""

import keras
from keras import layers

from ._common import resolve_dropout, resolve_widths

# block1_conv1, block1_conv2, block2, block3, block4 and middle flow,
# block13 (second conv) and its residual, block14_sepconv1, block14_sepconv2.
XCEPTION_WIDTHS = (32, 64, 128, 256, 728, 1024, 1536, 2048)
XCEPTION_MIDDLE_BLOCKS = 8


def conv_bn_relu(x, width, *, stride=1, padding="valid", name):
    """Plain 3x3 convolution without bias, batch normalization and ReLU."""
    x = layers.Conv2D(width, 3, strides=stride, padding=padding, use_bias=False, name=f"{name}")(x)
    x = layers.BatchNormalization(name=f"{name}_bn")(x)
    return layers.Activation("relu", name=f"{name}_act")(x)


def separable_bn(x, width, *, relu_before, name):
    """(ReLU ``{name}_act``), 3x3 separable convolution ``{name}`` and batch
    normalization ``{name}_bn``: one row of the paper's figure 5."""
    if relu_before:
        x = layers.Activation("relu", name=f"{name}_act")(x)
    x = layers.SeparableConv2D(width, 3, padding="same", use_bias=False, name=name)(x)
    return layers.BatchNormalization(name=f"{name}_bn")(x)


def downsampling_block(x, widths, *, relu_first=True, name):
    """Two separable convolutions and a 3x3/2 max-pool, added to a strided
    1x1 convolution of the input (entry flow, and block13 of the exit flow)."""
    residual = layers.Conv2D(
        widths[-1], 1, strides=2, padding="same", use_bias=False, name=f"{name}_residual_conv"
    )(x)
    residual = layers.BatchNormalization(name=f"{name}_residual_bn")(residual)
    x = separable_bn(x, widths[0], relu_before=relu_first, name=f"{name}_sepconv1")
    if not relu_first:
        # keras.applications names this ReLU after the *second* convolution.
        x = layers.Activation("relu", name=f"{name}_sepconv2_act")(x)
    x = separable_bn(x, widths[1], relu_before=relu_first, name=f"{name}_sepconv2")
    x = layers.MaxPooling2D(3, strides=2, padding="same", name=f"{name}_pool")(x)
    return layers.Add(name=f"{name}_add")([x, residual])


def middle_block(x, width, *, name):
    """Three ReLU-separable-convolution-BN rows around an identity shortcut."""
    residual = x
    for i in (1, 2, 3):
        x = separable_bn(x, width, relu_before=True, name=f"{name}_sepconv{i}")
    return layers.Add(name=f"{name}_add")([x, residual])


def build_xception(
    input_shape,
    n_classes,
    *,
    filters=None,
    dropout=None,
    middle_blocks=XCEPTION_MIDDLE_BLOCKS,
    small_input=False,
    include_top=True,
):
    """Xception: entry flow (block1 convs 32, 64; blocks 2-4 of 128, 256, 728),
    middle flow (8 residual blocks of three 728-wide separable convolutions),
    exit flow (block13 728/1024, block14 1536, 2048), global average pooling,
    dropout 0.5 and a softmax.

    Parameters
    ----------
    input_shape : tuple of int
        (height, width, channels); the paper uses 299x299x3. At least 7x7
        (block1's two unpadded convolutions); any size with ``small_input=True``.
    n_classes : int
        Number of output units.
    filters : None, int or tuple of 8 ints
        Widths of block1_conv1, block1_conv2, block2, block3, block4 and the
        middle flow (also block13's first convolution), block13, block14_sepconv1
        and block14_sepconv2; default ``(32, 64, 128, 256, 728, 1024, 1536, 2048)``.
        An int ``f`` scales them all by ``f / 32``.
    dropout : float, default=0.5
        Dropout before the classifier (the paper's ImageNet setting; it has no
        weights, so Keras's ImageNet weights still load).
    middle_blocks : int, default=8
        Number of blocks in the middle flow.
    small_input : bool, default=False
        Give block1's two convolutions "same" padding and stride 1, so that
        28x28 images reach the middle flow at 4x4 instead of 2x2.
    include_top : bool, default=True
        False stops after ``block14_sepconv2_act`` (the convolutional base, as
        ``keras.applications`` with ``include_top=False``); ``n_classes`` and
        ``dropout`` are then unused.

    Returns
    -------
    keras.Model
        22,910,480 parameters (22,855,952 trainable) at 299x299x3 with 1000
        classes.
    """
    w1, w2, w3, w4, w_mid, w13, w14a, w14b = resolve_widths(filters, XCEPTION_WIDTHS, "xception")
    rate = resolve_dropout(dropout, default=0.5)

    inputs = keras.Input(shape=input_shape, name="image")
    # Entry flow.
    if small_input:
        x = conv_bn_relu(inputs, w1, padding="same", name="block1_conv1")
        x = conv_bn_relu(x, w2, padding="same", name="block1_conv2")
    else:
        x = conv_bn_relu(inputs, w1, stride=2, name="block1_conv1")
        x = conv_bn_relu(x, w2, name="block1_conv2")
    x = downsampling_block(x, (w3, w3), relu_first=False, name="block2")
    x = downsampling_block(x, (w4, w4), name="block3")
    x = downsampling_block(x, (w_mid, w_mid), name="block4")
    # Middle flow.
    for i in range(5, 5 + middle_blocks):
        x = middle_block(x, w_mid, name=f"block{i}")
    # Exit flow.
    exit_block = 5 + middle_blocks
    x = downsampling_block(x, (w_mid, w13), name=f"block{exit_block}")
    x = separable_bn(x, w14a, relu_before=False, name=f"block{exit_block + 1}_sepconv1")
    x = layers.Activation("relu", name=f"block{exit_block + 1}_sepconv1_act")(x)
    x = separable_bn(x, w14b, relu_before=False, name=f"block{exit_block + 1}_sepconv2")
    x = layers.Activation("relu", name=f"block{exit_block + 1}_sepconv2_act")(x)
    if not include_top:
        return keras.Model(inputs, x, name="xception")

    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    if rate:
        x = layers.Dropout(rate, name="top_dropout")(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name="xception")
