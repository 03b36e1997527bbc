"""Residual networks (He et al., 2016): the ImageNet networks, original and
pre-activation, and the CIFAR-10 networks of the paper's section 4.2.

Convolutions carry no bias and are followed by batch normalization. Where a
block of an ImageNet network changes the shape, the shortcut is a 1x1
convolution (plus batch normalization in the original network), option B of
the paper; the CIFAR networks keep every shortcut free of parameters (option
A: subsample and zero-pad the new channels). Layer names follow
``keras.applications``: ``conv2_block1_1_conv`` is the first convolution of the
first block of stage conv2.
"""

from itertools import pairwise

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

# The CIFAR-10 networks (section 4.2): three stages of n basic blocks on 32x32,
# 16x16 and 8x8 maps, 6n + 2 weighted layers.
CIFAR_RESNET_WIDTHS = (16, 32, 64)  # conv2_x .. conv4_x
RESNET20_BLOCKS = (3, 3, 3)
RESNET32_BLOCKS = (5, 5, 5)
RESNET44_BLOCKS = (7, 7, 7)
RESNET56_BLOCKS = (9, 9, 9)
RESNET110_BLOCKS = (18, 18, 18)

BN_EPSILON = 1.001e-5
# The CIFAR networks' batch normalization follows the paper's Torch code (fb.resnet.torch:
# moving statistics updated with weight 0.1, Keras's momentum 0.9). Keras's default
# 0.99 needs thousands of steps before inference mode matches training: on 6,000
# Fashion-MNIST images (126 steps) resnet20 trained to 0.85 yet predicted at chance.
CIFAR_BN_MOMENTUM = 0.9


def conv_bn(x, width, kernel, *, stride=1, relu=True, momentum=0.99, name):
    """Convolution without bias (``{name}_conv``), batch normalization
    (``{name}_bn``, moving statistics with ``momentum``) and, unless
    ``relu=False``, ReLU (``{name}_relu``)."""
    x = layers.Conv2D(
        width, kernel, strides=stride, padding="same", use_bias=False, name=f"{name}_conv"
    )(x)
    x = layers.BatchNormalization(epsilon=BN_EPSILON, momentum=momentum, name=f"{name}_bn")(x)
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
    x = conv_bn(x, width, kernel, stride=stride, momentum=CIFAR_BN_MOMENTUM, name=f"{name}_1")
    x = conv_bn(x, width, kernel, relu=False, momentum=CIFAR_BN_MOMENTUM, name=f"{name}_2")
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


# ----------------------------------------------------------------- CIFAR-10 networks


def cifar_basic_block(x, width, *, stride=1, kernel=3, name):
    """Two ``kernel`` convolutions of ``width`` added to a parameter-free
    shortcut (option A), then ReLU: the building block of the CIFAR networks."""
    shortcut = option_a_shortcut(x, width, stride, name)
    x = conv_bn(x, width, kernel, stride=stride, momentum=CIFAR_BN_MOMENTUM, name=f"{name}_1")
    x = conv_bn(x, width, kernel, relu=False, momentum=CIFAR_BN_MOMENTUM, name=f"{name}_2")
    return _merge(shortcut, x, None, name)


def option_a_shortcut(x, width, stride, name):
    """The identity where the shape is kept; else ``x`` subsampled by ``stride``
    (``{name}_0_pool``: a 1x1 max-pool keeps every ``stride``-th row and column,
    the grid a "same" strided convolution samples) with zeros appended as the
    extra channels (``{name}_0_pad``). Neither layer has weights."""
    if stride != 1:
        x = layers.MaxPooling2D(1, strides=stride, name=f"{name}_0_pool")(x)
    extra = width - x.shape[-1]
    if extra:
        # Read as channels-first, (batch, height, width, channels) has its
        # channels where ZeroPadding2D pads columns: this pads the channel axis.
        x = layers.ZeroPadding2D(
            ((0, 0), (0, extra)), data_format="channels_first", name=f"{name}_0_pad"
        )(x)
    return x


def cifar_resnet(
    blocks, input_shape, n_classes, *, filters=None, kernel_size=None, dropout=None, name
):
    """Assemble a CIFAR residual network from the number of blocks in each of
    its three stages."""
    widths = resolve_widths(filters, CIFAR_RESNET_WIDTHS, name)
    _check_widths_grow(widths, filters, name)
    kernel = resolve_kernel_size(kernel_size, 3)
    rate = resolve_dropout(dropout)

    inputs = keras.Input(shape=input_shape, name="image")
    x = conv_bn(inputs, widths[0], 3, momentum=CIFAR_BN_MOMENTUM, name="conv1")
    for stage, (width, n_blocks) in enumerate(zip(widths, blocks, strict=True), start=2):
        x = stack(
            x,
            cifar_basic_block,
            width,
            n_blocks,
            stride=1 if stage == 2 else 2,
            kernel=kernel,
            name=f"conv{stage}",
        )
    x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
    if rate:
        x = layers.Dropout(rate, name="top_dropout")(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name=name)


def _check_widths_grow(widths, filters, name):
    if any(later < earlier for earlier, later in pairwise(widths)):
        raise ValueError(
            f"arch={name!r} got filters={filters!r}, stage widths {widths} that shrink: its "
            "shortcuts are parameter-free (zero-padded to the wider stage), so they can "
            "add channels but not drop them. Pass non-decreasing widths, e.g. (16, 32, 64)."
        )


_CIFAR_RESNET_DOC = """ResNet-{depth} for CIFAR-10 (He et al., 2016, section 4.2): a 3x3
    convolution of 16 filters, then stages conv2..conv4 of {n} basic blocks
    each (two 3x3 convolutions) of widths 16, 32, 64 on 32x32, 16x16 and 8x8
    maps, global average pooling and a softmax: 6n + 2 = {depth} weighted layers.

    The first block of conv3 and of conv4 halves the resolution with a
    stride-2 convolution. Every shortcut is parameter-free (the paper's option
    A): the identity, or where the shape changes the input subsampled by 2
    (``conv3_block1_0_pool``) with zeros as its new channels
    (``conv3_block1_0_pad``).

    Parameters
    ----------
    input_shape : tuple of int
        (height, width, channels); the paper uses 32x32x3. Any size of at
        least 1x1 builds (every downsampling is padded).
    n_classes : int
        Number of output units.
    filters : None, int or tuple of 3 ints
        Widths of the three stages; default ``(16, 32, 64)``. An int ``f``
        gives ``(f, 2f, 4f)``. conv1 has the first stage's width. The widths
        may not shrink from one stage to the next (the zero-padded shortcuts
        can add channels, not drop them).
    kernel_size : int or tuple, default=3
        Kernel of the two convolutions in each block (conv1 stays 3x3).
    dropout : float, default=0
        Dropout before the classifier (the paper uses none).

    Returns
    -------
    keras.Model
        {params:,} trainable parameters ({total:,} in all, counting the batch
        normalization moving statistics) at 32x32x3 with 10 classes; the
        paper's table 6 gives {paper}.

    Examples
    --------
    >>> from keras.layers import Conv2D, Dense
    >>> from skcnn.architectures.resnet import build_resnet{depth}
    >>> model = build_resnet{depth}((32, 32, 3), 10)
    >>> sum(isinstance(layer, (Conv2D, Dense)) for layer in model.layers)
    {depth}
    >>> model.count_params()
    {total}
    >>> model.get_layer("conv4_block1_0_pad").output.shape  # no weights
    (None, 8, 8, 64)
    """


def _document_cifar(depth, blocks, *, params, total, paper):
    def decorator(func):
        func.__doc__ = _CIFAR_RESNET_DOC.format(
            depth=depth, n=blocks[0], params=params, total=total, paper=paper
        )
        return func

    return decorator


@_document_cifar(20, RESNET20_BLOCKS, params=269_722, total=271_098, paper="0.27M")
def build_resnet20(input_shape, n_classes, *, filters=None, kernel_size=None, dropout=None):
    return cifar_resnet(
        RESNET20_BLOCKS,
        input_shape,
        n_classes,
        filters=filters,
        kernel_size=kernel_size,
        dropout=dropout,
        name="resnet20",
    )


@_document_cifar(32, RESNET32_BLOCKS, params=464_154, total=466_426, paper="0.46M")
def build_resnet32(input_shape, n_classes, *, filters=None, kernel_size=None, dropout=None):
    return cifar_resnet(
        RESNET32_BLOCKS,
        input_shape,
        n_classes,
        filters=filters,
        kernel_size=kernel_size,
        dropout=dropout,
        name="resnet32",
    )


@_document_cifar(44, RESNET44_BLOCKS, params=658_586, total=661_754, paper="0.66M")
def build_resnet44(input_shape, n_classes, *, filters=None, kernel_size=None, dropout=None):
    return cifar_resnet(
        RESNET44_BLOCKS,
        input_shape,
        n_classes,
        filters=filters,
        kernel_size=kernel_size,
        dropout=dropout,
        name="resnet44",
    )


@_document_cifar(56, RESNET56_BLOCKS, params=853_018, total=857_082, paper="0.85M")
def build_resnet56(input_shape, n_classes, *, filters=None, kernel_size=None, dropout=None):
    return cifar_resnet(
        RESNET56_BLOCKS,
        input_shape,
        n_classes,
        filters=filters,
        kernel_size=kernel_size,
        dropout=dropout,
        name="resnet56",
    )


@_document_cifar(110, RESNET110_BLOCKS, params=1_727_962, total=1_736_058, paper="1.7M")
def build_resnet110(input_shape, n_classes, *, filters=None, kernel_size=None, dropout=None):
    return cifar_resnet(
        RESNET110_BLOCKS,
        input_shape,
        n_classes,
        filters=filters,
        kernel_size=kernel_size,
        dropout=dropout,
        name="resnet110",
    )
