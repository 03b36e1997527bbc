"""Residual networks (He et al., 2016), original and pre-activation.

Convolutions carry no bias and are followed by batch normalization; where a
block changes the shape, the shortcut is a 1x1 convolution (plus batch
normalization in the original network), option B of the paper. Layer names
follow ``keras.applications``: ``conv2_block1_1_conv`` is the first convolution
of the first block of stage conv2.
"""

import keras
from keras import layers

from ..layers import SqueezeExcite
from ._common import resolve_dropout, resolve_kernel_size, resolve_widths

RESNET_WIDTHS = (64, 128, 256, 512)  # conv2_x .. conv5_x (bottleneck: inner width)

# Blocks per stage, the columns of the paper's table 1.
RESNET18_BLOCKS = (2, 2, 2, 2)
RESNET34_BLOCKS = (3, 4, 6, 3)
RESNET50_BLOCKS = (3, 4, 6, 3)
RESNET101_BLOCKS = (3, 4, 23, 3)
RESNET152_BLOCKS = (3, 8, 36, 3)

BN_EPSILON = 1.001e-5


def conv_bn(x, width, kernel, *, stride=1, relu=True, name):
    """Convolution without bias (``{name}_conv``), batch normalization
    (``{name}_bn``) and, unless ``relu=False``, ReLU (``{name}_relu``)."""
    x = layers.Conv2D(
        width, kernel, strides=stride, padding="same", use_bias=False, name=f"{name}_conv"
    )(x)
    x = layers.BatchNormalization(epsilon=BN_EPSILON, name=f"{name}_bn")(x)
    if relu:
        x = layers.Activation("relu", name=f"{name}_relu")(x)
    return x


def bn_relu(x, name):
    """Batch normalization (``{name}_bn``) then ReLU (``{name}_relu``)."""
    x = layers.BatchNormalization(epsilon=BN_EPSILON, name=f"{name}_bn")(x)
    return layers.Activation("relu", name=f"{name}_relu")(x)


def basic_block(x, width, *, stride=1, kernel=3, se_ratio=None, name):
    """Two ``kernel`` convolutions of ``width`` (ResNet-18/34), added to the
    shortcut and passed through ReLU."""
    shortcut = _projection(x, width, stride, name)
    x = conv_bn(x, width, kernel, stride=stride, name=f"{name}_1")
    x = conv_bn(x, width, kernel, relu=False, name=f"{name}_2")
    return _merge(shortcut, x, se_ratio, name)


def bottleneck_block(x, width, *, stride=1, kernel=3, se_ratio=None, name):
    """1x1 reduce to ``width``, ``kernel`` convolution, 1x1 expand to
    ``4 * width`` (ResNet-50/101/152), added to the shortcut, then ReLU.

    The stride sits on the 3x3 convolution (as in torchvision's "ResNet v1.5");
    the parameter count is the paper's either way.
    """
    shortcut = _projection(x, 4 * width, stride, name)
    x = conv_bn(x, width, 1, name=f"{name}_1")
    x = conv_bn(x, width, kernel, stride=stride, name=f"{name}_2")
    x = conv_bn(x, 4 * width, 1, relu=False, name=f"{name}_3")
    return _merge(shortcut, x, se_ratio, name)


def preact_basic_block(x, width, *, stride=1, kernel=3, se_ratio=None, first=False, name):
    """Pre-activation basic block (He et al., 2016b): BN-ReLU-conv twice, then
    the identity addition with no activation after it."""
    preact = bn_relu(x, f"{name}_preact")
    shortcut = _preact_shortcut(x, preact, width, stride, first, name)
    x = layers.Conv2D(
        width, kernel, strides=stride, padding="same", use_bias=False, name=f"{name}_1_conv"
    )(preact)
    x = bn_relu(x, f"{name}_1")
    x = layers.Conv2D(width, kernel, padding="same", use_bias=False, name=f"{name}_2_conv")(x)
    return _preact_merge(shortcut, x, se_ratio, name)


def preact_bottleneck_block(x, width, *, stride=1, kernel=3, se_ratio=None, first=False, name):
    """Pre-activation bottleneck block: BN-ReLU-conv for the 1x1 reduce, the
    ``kernel`` convolution and the 1x1 expand to ``4 * width``."""
    preact = bn_relu(x, f"{name}_preact")
    shortcut = _preact_shortcut(x, preact, 4 * width, stride, first, name)
    x = layers.Conv2D(width, 1, use_bias=False, name=f"{name}_1_conv")(preact)
    x = bn_relu(x, f"{name}_1")
    x = layers.Conv2D(
        width, kernel, strides=stride, padding="same", use_bias=False, name=f"{name}_2_conv"
    )(x)
    x = bn_relu(x, f"{name}_2")
    x = layers.Conv2D(4 * width, 1, use_bias=False, name=f"{name}_3_conv")(x)
    return _preact_merge(shortcut, x, se_ratio, name)


def stack(x, block, width, blocks, *, stride, name, **block_kwargs):
    """One stage (``conv2`` .. ``conv5``): ``blocks`` blocks, the first strided."""
    for i in range(1, blocks + 1):
        extra = {"first": i == 1} if block in (preact_basic_block, preact_bottleneck_block) else {}
        x = block(
            x,
            width,
            stride=stride if i == 1 else 1,
            name=f"{name}_block{i}",
            **extra,
            **block_kwargs,
        )
    return x


def stem(x, width, *, small_input, preact):
    """conv1 7x7/2 and a 3x3/2 max-pool, or with ``small_input`` a 3x3/1 conv1
    and no pool. Pre-activation networks normalize in the first block instead."""
    if small_input:
        x = layers.Conv2D(width, 3, padding="same", use_bias=False, name="conv1_conv")(x)
    else:
        x = layers.ZeroPadding2D(3, name="conv1_pad")(x)
        x = layers.Conv2D(width, 7, strides=2, use_bias=False, name="conv1_conv")(x)
    if not preact:
        x = bn_relu(x, "conv1")
    if not small_input:
        x = layers.ZeroPadding2D(1, name="pool1_pad")(x)
        x = layers.MaxPooling2D(3, strides=2, name="pool1_pool")(x)
    return x


def resnet(
    blocks,
    bottleneck,
    input_shape,
    n_classes,
    *,
    filters=None,
    kernel_size=None,
    dropout=None,
    preact=False,
    small_input=False,
    se_ratio=None,
    name,
):
    """Assemble a residual network from the number of blocks in each stage."""
    widths = resolve_widths(filters, RESNET_WIDTHS, name)
    kernel = resolve_kernel_size(kernel_size, 3)
    rate = resolve_dropout(dropout)
    if preact:
        block = preact_bottleneck_block if bottleneck else preact_basic_block
    else:
        block = bottleneck_block if bottleneck else basic_block

    inputs = keras.Input(shape=input_shape, name="image")
    x = stem(inputs, widths[0], small_input=small_input, preact=preact)
    for stage, (width, n_blocks) in enumerate(zip(widths, blocks, strict=True), start=2):
        x = stack(
            x,
            block,
            width,
            n_blocks,
            stride=1 if stage == 2 else 2,
            kernel=kernel,
            se_ratio=se_ratio,
            name=f"conv{stage}",
        )
    if preact:
        x = bn_relu(x, "post")
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    if rate:
        x = layers.Dropout(rate, name="top_dropout")(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name=f"{name}_preact" if preact else name)


def _projection(x, width, stride, name):
    if stride == 1 and x.shape[-1] == width:
        return x
    return conv_bn(x, width, 1, stride=stride, relu=False, name=f"{name}_0")


def _preact_shortcut(x, preact, width, stride, first, name):
    if stride == 1 and x.shape[-1] == width:
        # The first block after conv1 splits after the activation (He et al., 2016b, 4.1).
        return preact if first else x
    return layers.Conv2D(width, 1, strides=stride, use_bias=False, name=f"{name}_0_conv")(preact)


def _merge(shortcut, x, se_ratio, name):
    if se_ratio:
        x = SqueezeExcite(se_ratio, name=f"{name}_se")(x)
    x = layers.Add(name=f"{name}_add")([shortcut, x])
    return layers.Activation("relu", name=f"{name}_out")(x)


def _preact_merge(shortcut, x, se_ratio, name):
    if se_ratio:
        x = SqueezeExcite(se_ratio, name=f"{name}_se")(x)
    return layers.Add(name=f"{name}_out")([shortcut, x])


_RESNET_DOC = """ResNet-{depth}: conv1 and max-pool, then stages conv2..conv5 of
    {blocks} {kind} blocks of widths 64, 128, 256, 512{expansion}, global average
    pooling and a softmax. Stages conv3..conv5 halve the resolution in their
    first block.

    Parameters
    ----------
    input_shape : tuple of int
        (height, width, channels); the paper uses 224x224x3. Any size of at
        least 1x1 builds (all downsampling is padded); images much smaller than
        224 lose most of their resolution in the stem, so use
        ``small_input=True`` for them.
    n_classes : int
        Number of output units.
    filters : None, int or tuple of 4 ints
        {width_word} of the four stages; default ``(64, 128, 256, 512)``. An int
        ``f`` gives ``(f, 2f, 4f, 8f)``. conv1 has the first stage's width.
    kernel_size : int or tuple, default=3
        Kernel of the {kernel_word} convolutions in each block.
    dropout : float, default=0
        Dropout before the classifier (the paper uses none).
    preact : bool, default=False
        Build the pre-activation network of He et al. (2016b), "Identity
        mappings in deep residual networks": batch normalization and ReLU
        before each convolution, clean identity shortcuts, a final
        ``post_bn``/``post_relu`` before pooling.
    small_input : bool, default=False
        CIFAR-style stem: conv1 becomes a 3x3 stride-1 convolution and the
        max-pool is dropped, so 32x32 images reach conv5 at 4x4 (28x28 at 4x4,
        8x8 at 1x1) instead of 1x1.

    Returns
    -------
    keras.Model
        {params:,} trainable parameters ({total:,} in all, counting the batch
        normalization moving statistics) at 224x224x3 with 1000 classes.
    """


def _document(depth, blocks, *, bottleneck, params, total):
    def decorator(func):
        func.__doc__ = _RESNET_DOC.format(
            depth=depth,
            blocks=", ".join(map(str, blocks)),
            kind="bottleneck" if bottleneck else "basic",
            expansion=" (outputs 4x wider)" if bottleneck else "",
            width_word="Inner (bottleneck) widths" if bottleneck else "Widths",
            kernel_word="middle" if bottleneck else "two",
            params=params,
            total=total,
        )
        return func

    return decorator


@_document(18, RESNET18_BLOCKS, bottleneck=False, params=11_689_512, total=11_699_112)
def build_resnet18(
    input_shape,
    n_classes,
    *,
    filters=None,
    kernel_size=None,
    dropout=None,
    preact=False,
    small_input=False,
):
    return resnet(
        RESNET18_BLOCKS,
        False,
        input_shape,
        n_classes,
        filters=filters,
        kernel_size=kernel_size,
        dropout=dropout,
        preact=preact,
        small_input=small_input,
        name="resnet18",
    )


@_document(34, RESNET34_BLOCKS, bottleneck=False, params=21_797_672, total=21_814_696)
def build_resnet34(
    input_shape,
    n_classes,
    *,
    filters=None,
    kernel_size=None,
    dropout=None,
    preact=False,
    small_input=False,
):
    return resnet(
        RESNET34_BLOCKS,
        False,
        input_shape,
        n_classes,
        filters=filters,
        kernel_size=kernel_size,
        dropout=dropout,
        preact=preact,
        small_input=small_input,
        name="resnet34",
    )


@_document(50, RESNET50_BLOCKS, bottleneck=True, params=25_557_032, total=25_610_152)
def build_resnet50(
    input_shape,
    n_classes,
    *,
    filters=None,
    kernel_size=None,
    dropout=None,
    preact=False,
    small_input=False,
):
    return resnet(
        RESNET50_BLOCKS,
        True,
        input_shape,
        n_classes,
        filters=filters,
        kernel_size=kernel_size,
        dropout=dropout,
        preact=preact,
        small_input=small_input,
        name="resnet50",
    )


@_document(101, RESNET101_BLOCKS, bottleneck=True, params=44_549_160, total=44_654_504)
def build_resnet101(
    input_shape,
    n_classes,
    *,
    filters=None,
    kernel_size=None,
    dropout=None,
    preact=False,
    small_input=False,
):
    return resnet(
        RESNET101_BLOCKS,
        True,
        input_shape,
        n_classes,
        filters=filters,
        kernel_size=kernel_size,
        dropout=dropout,
        preact=preact,
        small_input=small_input,
        name="resnet101",
    )


@_document(152, RESNET152_BLOCKS, bottleneck=True, params=60_192_808, total=60_344_232)
def build_resnet152(
    input_shape,
    n_classes,
    *,
    filters=None,
    kernel_size=None,
    dropout=None,
    preact=False,
    small_input=False,
):
    return resnet(
        RESNET152_BLOCKS,
        True,
        input_shape,
        n_classes,
        filters=filters,
        kernel_size=kernel_size,
        dropout=dropout,
        preact=preact,
        small_input=small_input,
        name="resnet152",
    )
