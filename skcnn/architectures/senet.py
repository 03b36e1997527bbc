"""Squeeze-and-excitation networks (Hu, Shen & Sun, 2018).

SE-ResNet is the residual network of :mod:`skcnn.architectures.resnet` with a
:class:`~skcnn.layers.SqueezeExcite` layer on the residual branch of every
block, just before the addition (the paper's figure 3).
"""

from .resnet import RESNET50_BLOCKS, resnet

SE_RATIO = 16


def build_se_resnet50(
    input_shape,
    n_classes,
    *,
    filters=None,
    kernel_size=None,
    dropout=None,
    se_ratio=SE_RATIO,
    preact=False,
    small_input=False,
):
    """SE-ResNet-50: ResNet-50 (stages of 3, 4, 6, 3 bottleneck blocks) with a
    squeeze-and-excitation layer of reduction ratio 16 in each of its 16 blocks.

    Layer names are ResNet-50's plus ``conv2_block1_se`` (whose dense layers
    are ``squeeze`` and ``excite``) in every block.

    Parameters
    ----------
    input_shape : tuple of int
        (height, width, channels); the paper uses 224x224x3. Any size of at
        least 1x1 builds; use ``small_input=True`` for images much smaller than
        224.
    n_classes : int
        Number of output units.
    filters : None, int or tuple of 4 ints
        Inner (bottleneck) widths of the four stages; default
        ``(64, 128, 256, 512)``. An int ``f`` gives ``(f, 2f, 4f, 8f)``.
    kernel_size : int or tuple, default=3
        Kernel of the middle convolution of each block.
    dropout : float, default=0
        Dropout before the classifier.
    se_ratio : int, default=16
        Reduction ratio ``r`` of every squeeze-and-excitation layer.
    preact : bool, default=False
        Use pre-activation blocks (see :func:`~skcnn.architectures.resnet.build_resnet50`).
    small_input : bool, default=False
        CIFAR-style stem: 3x3 stride-1 conv1 and no max-pool.

    Returns
    -------
    keras.Model
        28,088,024 trainable parameters (28,141,144 in all, counting the
        batch normalization moving statistics) at 224x224x3 with 1000 classes.
    """
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
        se_ratio=se_ratio,
        name="se_resnet50",
    )
