"""GoogLeNet, the Inception v1 network (Szegedy et al., 2015).

Layer names follow the BVLC Caffe model (``inception_3a_3x3_reduce``). The two
auxiliary classifiers of the paper are training-time extras with outputs of
their own; they are left out, so the model has the single softmax output the
estimator trains.
"""

import keras
from keras import layers

from ..layers import LocalResponseNormalization
from ._common import resolve_dropout, resolve_widths

# conv1, conv2 and the output width of the first module of stages 3, 4 and 5:
# the reference widths that ``filters`` rescales.
GOOGLENET_WIDTHS = (64, 192, 256, 512, 832)

# The paper's table 1: #1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj.
GOOGLENET_MODULES = {
    3: {"3a": (64, 96, 128, 16, 32, 32), "3b": (128, 128, 192, 32, 96, 64)},
    4: {
        "4a": (192, 96, 208, 16, 48, 64),
        "4b": (160, 112, 224, 24, 64, 64),
        "4c": (128, 128, 256, 24, 64, 64),
        "4d": (112, 144, 288, 32, 64, 64),
        "4e": (256, 160, 320, 32, 128, 128),
    },
    5: {"5a": (256, 160, 320, 32, 128, 128), "5b": (384, 192, 384, 48, 128, 128)},
}


def conv_relu(x, width, kernel, *, stride=1, name):
    """A ReLU convolution with "same" padding (every convolution in GoogLeNet)."""
    return layers.Conv2D(
        width, kernel, strides=stride, padding="same", activation="relu", name=name
    )(x)


def max_pool(x, *, stride=2, name):
    """3x3 max-pooling with "same" padding (Caffe's ceil-mode pooling sizes)."""
    return layers.MaxPooling2D(3, strides=stride, padding="same", name=name)(x)


def lrn(x, name):
    """Caffe's LRN (local_size 5, alpha 1e-4 over the window, beta 0.75, k 1)."""
    return LocalResponseNormalization(2, bias=1.0, alpha=1e-4 / 5, beta=0.75, name=name)(x)


def inception_module(x, widths, *, name):
    """Four parallel branches concatenated on channels: 1x1; 1x1 reduce then
    3x3; 1x1 reduce then 5x5; 3x3 max-pool then 1x1 projection."""
    n1x1, n3x3_reduce, n3x3, n5x5_reduce, n5x5, pool_proj = widths
    branch1 = conv_relu(x, n1x1, 1, name=f"{name}_1x1")
    branch2 = conv_relu(x, n3x3_reduce, 1, name=f"{name}_3x3_reduce")
    branch2 = conv_relu(branch2, n3x3, 3, name=f"{name}_3x3")
    branch3 = conv_relu(x, n5x5_reduce, 1, name=f"{name}_5x5_reduce")
    branch3 = conv_relu(branch3, n5x5, 5, name=f"{name}_5x5")
    branch4 = max_pool(x, stride=1, name=f"{name}_pool")
    branch4 = conv_relu(branch4, pool_proj, 1, name=f"{name}_pool_proj")
    return layers.Concatenate(name=f"{name}_output")([branch1, branch2, branch3, branch4])


def build_googlenet(input_shape, n_classes, *, filters=None, dropout=None, small_input=False):
    """GoogLeNet (Inception v1), the paper's table 1: conv1 7x7/2 64, max-pool,
    LRN, conv2 1x1 64 and 3x3 192, LRN, max-pool, inception 3a-3b, max-pool,
    4a-4e, max-pool, 5a-5b, average pooling, dropout 0.4 and a softmax.

    Without the auxiliary classifiers (see the module docstring). The final
    7x7 average pooling is global average pooling, which is the same at
    224x224 and lets other sizes through.

    Parameters
    ----------
    input_shape : tuple of int
        (height, width, channels); the paper uses 224x224x3. Every pooling is
        padded, so any size of at least 1x1 builds; use ``small_input=True``
        for images much smaller than 224.
    n_classes : int
        Number of output units.
    filters : None, int or tuple of 5 ints
        Reference widths of conv1, conv2 and the first inception module of
        stages 3, 4 and 5, default ``(64, 192, 256, 512, 832)``; every
        convolution of a stage is scaled by its entry's ratio to the default
        (``conv2_3x3_reduce`` belongs to conv2). An int ``f`` scales the whole
        network by ``f / 64``.
    dropout : float, default=0.4
        Dropout before the classifier.
    small_input : bool, default=False
        CIFAR-style stem: conv1 becomes a 3x3 stride-1 convolution and the
        first max-pool is dropped, so a 32x32 image reaches stage 3 at 16x16
        and stage 5 at 4x4.

    Returns
    -------
    keras.Model
        6,998,552 parameters at 224x224x3 with 1000 classes: 6,990,272 weights
        and 8,280 biases. The table's "params" column counts weights in units
        of 1024 and rounds each row (conv1's 9,408 weights appear as 2.7K); it
        sums to 6.8M.
    """
    widths = resolve_widths(filters, GOOGLENET_WIDTHS, "googlenet")
    scales = [w / p for w, p in zip(widths, GOOGLENET_WIDTHS, strict=True)]
    rate = resolve_dropout(dropout, default=0.4)

    def scaled(width, stage):
        return max(1, round(width * scales[stage - 1]))

    inputs = keras.Input(shape=input_shape, name="image")
    if small_input:
        x = conv_relu(inputs, widths[0], 3, name="conv1_3x3_s1")
    else:
        x = conv_relu(inputs, widths[0], 7, stride=2, name="conv1_7x7_s2")
        x = max_pool(x, name="pool1_3x3_s2")
    x = lrn(x, "pool1_norm1")
    x = conv_relu(x, scaled(64, 2), 1, name="conv2_3x3_reduce")
    x = conv_relu(x, widths[1], 3, name="conv2_3x3")
    x = lrn(x, "conv2_norm2")
    x = max_pool(x, name="pool2_3x3_s2")
    for stage, modules in GOOGLENET_MODULES.items():
        if stage > 3:
            x = max_pool(x, name=f"pool{stage - 1}_3x3_s2")
        for module, module_widths in modules.items():
            module_widths = tuple(scaled(w, stage) for w in module_widths)
            x = inception_module(x, module_widths, name=f"inception_{module}")
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    if rate:
        x = layers.Dropout(rate, name="top_dropout")(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name="googlenet")
