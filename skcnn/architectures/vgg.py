"""VGG (Simonyan & Zisserman, 2015): configurations A, B, D and E.

Layer names and weight order are those of ``keras.applications.VGG16`` and
``VGG19``, so their ImageNet weights load into ``build_vgg16`` and ``build_vgg19``.
"""

import keras
from keras import layers

from ._common import resolve_dropout, resolve_kernel_size, resolve_units, resolve_widths

VGG_WIDTHS = (64, 128, 256, 512, 512)  # block1 .. block5
VGG_DENSE = (4096, 4096)  # fc1, fc2

# Convolutions per block, the columns of the paper's table 1.
VGG11_DEPTHS = (1, 1, 2, 2, 2)  # A
VGG13_DEPTHS = (2, 2, 2, 2, 2)  # B
VGG16_DEPTHS = (2, 2, 3, 3, 3)  # D
VGG19_DEPTHS = (2, 2, 4, 4, 4)  # E

_VGG_DOC = """VGG-{depth} (configuration {config} of the paper's table 1): five blocks of
    {convs} ReLU convolutions of widths 64, 128, 256, 512, 512 with "same"
    padding, each block closed by 2x2 max-pooling; fc1 4096, fc2 4096 (each
    followed by dropout 0.5), softmax.{keras_note}

    Parameters
    ----------
    input_shape : tuple of int
        (height, width, channels); the paper uses 224x224x3. At least 32x32 with
        the published pooling; any size with ``small_input=True``.
    n_classes : int
        Number of output units.
    filters : None, int or tuple of 5 ints
        Widths of the five blocks; default ``(64, 128, 256, 512, 512)``. An int
        ``f`` gives ``(f, 2f, 4f, 8f, 8f)``.
    kernel_size : int or tuple, default=3
        Kernel of every convolution.
    dense_units : int or tuple of int, default=(4096, 4096)
        Hidden dense layers; an int sets both.
    dropout : float, default=0.5
        Dropout after each hidden dense layer.
    small_input : bool, default=False
        Pool with "same" padding (ceil instead of floor), so that images
        smaller than 32x32 (8x8 digits, 28x28 MNIST) pass all five poolings
        without upsampling; 28x28 reaches fc1 as 1x1x512. Identical to the
        published network when height and width are multiples of 32.
    include_top : bool, default=True
        False stops after ``block5_pool`` (the convolutional base, as
        ``keras.applications`` with ``include_top=False``); ``n_classes``,
        ``dense_units`` and ``dropout`` are then unused.

    Returns
    -------
    keras.Model
        {params:,} parameters at 224x224x3 with 1000 classes.
    """


KERAS_NOTE = """

    Same layer names and weight order as ``keras.applications.VGG{}``: its
    ImageNet weights load with ``model.set_weights`` (dropout has no weights)."""


def _document(**fields):
    def decorator(func):
        func.__doc__ = _VGG_DOC.format(**fields)
        return func

    return decorator


def vgg_block(x, width, depth, kernel, *, pool_padding, name):
    """``depth`` ReLU convolutions (``{name}_conv1`` ...) and a 2x2 max-pool."""
    for i in range(1, depth + 1):
        x = layers.Conv2D(width, kernel, padding="same", activation="relu", name=f"{name}_conv{i}")(
            x
        )
    return layers.MaxPooling2D(2, strides=2, padding=pool_padding, name=f"{name}_pool")(x)


def vgg(
    depths,
    input_shape,
    n_classes,
    *,
    filters=None,
    kernel_size=None,
    dense_units=None,
    dropout=None,
    small_input=False,
    include_top=True,
    name,
):
    """Assemble a VGG network from the number of convolutions in each block."""
    widths = resolve_widths(filters, VGG_WIDTHS, name)
    kernel = resolve_kernel_size(kernel_size, 3)
    units = resolve_units(dense_units, VGG_DENSE, name)
    rate = resolve_dropout(dropout, default=0.5)
    pool_padding = "same" if small_input else "valid"

    inputs = keras.Input(shape=input_shape, name="image")
    x = inputs
    for block, (width, depth) in enumerate(zip(widths, depths, strict=True), start=1):
        x = vgg_block(x, width, depth, kernel, pool_padding=pool_padding, name=f"block{block}")
    if not include_top:
        return keras.Model(inputs, x, name=name)
    x = layers.Flatten(name="flatten")(x)
    for i, n_units in enumerate(units, start=1):
        x = layers.Dense(n_units, activation="relu", name=f"fc{i}")(x)
        if rate:
            x = layers.Dropout(rate, name=f"fc{i}_dropout")(x)
    outputs = layers.Dense(n_classes, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name=name)


@_document(depth=11, config="A", convs="1, 1, 2, 2, 2", params=132_863_336, keras_note="")
def build_vgg11(
    input_shape,
    n_classes,
    *,
    filters=None,
    kernel_size=None,
    dense_units=None,
    dropout=None,
    small_input=False,
    include_top=True,
):
    return vgg(
        VGG11_DEPTHS,
        input_shape,
        n_classes,
        filters=filters,
        kernel_size=kernel_size,
        dense_units=dense_units,
        dropout=dropout,
        small_input=small_input,
        include_top=include_top,
        name="vgg11",
    )


@_document(depth=13, config="B", convs="2, 2, 2, 2, 2", params=133_047_848, keras_note="")
def build_vgg13(
    input_shape,
    n_classes,
    *,
    filters=None,
    kernel_size=None,
    dense_units=None,
    dropout=None,
    small_input=False,
    include_top=True,
):
    return vgg(
        VGG13_DEPTHS,
        input_shape,
        n_classes,
        filters=filters,
        kernel_size=kernel_size,
        dense_units=dense_units,
        dropout=dropout,
        small_input=small_input,
        include_top=include_top,
        name="vgg13",
    )


@_document(
    depth=16,
    config="D",
    convs="2, 2, 3, 3, 3",
    params=138_357_544,
    keras_note=KERAS_NOTE.format(16),
)
def build_vgg16(
    input_shape,
    n_classes,
    *,
    filters=None,
    kernel_size=None,
    dense_units=None,
    dropout=None,
    small_input=False,
    include_top=True,
):
    return vgg(
        VGG16_DEPTHS,
        input_shape,
        n_classes,
        filters=filters,
        kernel_size=kernel_size,
        dense_units=dense_units,
        dropout=dropout,
        small_input=small_input,
        include_top=include_top,
        name="vgg16",
    )


@_document(
    depth=19,
    config="E",
    convs="2, 2, 4, 4, 4",
    params=143_667_240,
    keras_note=KERAS_NOTE.format(19),
)
def build_vgg19(
    input_shape,
    n_classes,
    *,
    filters=None,
    kernel_size=None,
    dense_units=None,
    dropout=None,
    small_input=False,
    include_top=True,
):
    return vgg(
        VGG19_DEPTHS,
        input_shape,
        n_classes,
        filters=filters,
        kernel_size=kernel_size,
        dense_units=dense_units,
        dropout=dropout,
        small_input=small_input,
        include_top=include_top,
        name="vgg19",
    )
