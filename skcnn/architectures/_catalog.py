"""The built-in presets: one entry per name, each with its builder's module path.

Minimum input sizes are stated here once (not in the builders) so that
``resize="auto"`` and :func:`skcnn.list_architectures` need no Keras import.
The variants of a family are made by one small helper beside them (as timm's
``_cfg()``), which states what the variants share once; each entry gives only
what is its own (depth, blocks, parameter counts).
"""

from ._spec import ArchitectureSpec

# ----------------------------------------------------------------- one of a kind

_SIMPLE = ArchitectureSpec(
    name="simple",
    builder="skcnn.architectures.simple:build_simple",
    family="simple",
    paper="R keras MNIST lab (Allaire & Chollet, Deep Learning with R)",
    year=2018,
    default_input_shape=(28, 28, 1),
    # 3x3 valid convs and two 2x2 pools: 18 -> 16 -> 8 -> 6 -> 3 -> 1.
    min_input_shape=(18, 18, 1),
    params=93_322,
    trainable_params=93_322,
    default_classes=10,
    # Measured on digits with the estimators' other defaults (docs/benchmarks.md).
    default_epochs=30,
    description="conv32-pool-conv64-pool-conv64-dense64-softmax, ReLU",
)

_LENET5 = ArchitectureSpec(
    name="lenet5",
    builder="skcnn.architectures.lenet:build_lenet5",
    family="lenet",
    paper="LeCun et al., Gradient-Based Learning Applied to Document Recognition",
    year=1998,
    default_input_shape=(32, 32, 1),
    # 5x5 valid convs and two 2x2 pools: 32 -> 28 -> 14 -> 10 -> 5 -> 1 (C5).
    min_input_shape=(32, 32, 1),
    params=61_706,
    trainable_params=61_706,
    default_classes=10,
    # tanh units and 8x8 digits upsampled to 32x32 need twice simple's epochs.
    default_epochs=60,
    description="C1 6@5x5, S2 avg-pool, C3 16@5x5, S4, C5 120, F6 84, tanh",
)

_ALEXNET = ArchitectureSpec(
    name="alexnet",
    builder="skcnn.architectures.alexnet:build_alexnet",
    family="alexnet",
    paper=(
        "Krizhevsky, Sutskever & Hinton, "
        "ImageNet Classification with Deep Convolutional Neural Networks"
    ),
    year=2012,
    default_input_shape=(227, 227, 3),
    # conv1 11x11/4, then valid 3x3/2 pool1, pool2, pool5: 67 -> 15 -> 7 -> 3 -> 1.
    min_input_shape=(67, 67, 1),
    params=60_965_224,
    trainable_params=60_965_224,
    # small_input: 3x3/1 conv1, no pool1: 7 -> 3 -> 1.
    small_input_min_shape=(7, 7, 1),
    default_classes=1000,
    description="5 ReLU convs (96@11x11/4 ... 256@3x3, 3 in 2 groups), LRN, fc 4096x2, dropout",
)

_GOOGLENET = ArchitectureSpec(
    name="googlenet",
    builder="skcnn.architectures.inception:build_googlenet",
    family="inception",
    paper="Szegedy et al., Going Deeper with Convolutions",
    year=2015,
    default_input_shape=(224, 224, 3),
    # all poolings are padded and the top is global average pooling.
    min_input_shape=(1, 1, 1),
    params=6_998_552,
    trainable_params=6_998_552,
    # small_input: 3x3/1 conv1, no first max-pool.
    small_input_min_shape=(1, 1, 1),
    default_classes=1000,
    description="Inception v1: 9 modules with 1x1 reductions, LRN, dropout 0.4, no aux heads",
)

_XCEPTION = ArchitectureSpec(
    name="xception",
    builder="skcnn.architectures.xception:build_xception",
    family="xception",
    paper="Chollet, Xception: Deep Learning with Depthwise Separable Convolutions",
    year=2017,
    default_input_shape=(299, 299, 3),
    # block1's two valid 3x3 convs: 7 -> 3 -> 1, then padded downsampling.
    min_input_shape=(7, 7, 1),
    params=22_910_480,
    trainable_params=22_855_952,
    # small_input: "same" stride-1 block1 convs.
    small_input_min_shape=(1, 1, 1),
    keras_application="Xception",
    keras_identical=True,
    default_classes=1000,
    description="separable convs, residual entry/middle/exit flows; keras.applications weights",
)

_SE_RESNET50 = ArchitectureSpec(
    name="se_resnet50",
    builder="skcnn.architectures.senet:build_se_resnet50",
    family="senet",
    paper="Hu, Shen & Sun, Squeeze-and-Excitation Networks",
    year=2018,
    default_input_shape=(224, 224, 3),
    # as ResNet-50: every downsampling is padded.
    min_input_shape=(1, 1, 1),
    params=28_141_144,
    trainable_params=28_088_024,
    # small_input: 3x3/1 conv1, no max-pool.
    small_input_min_shape=(1, 1, 1),
    default_classes=1000,
    description="ResNet-50 with squeeze-excitation (ratio 16) in every block; 28.09M trainable",
)

_FASHION = ArchitectureSpec(
    name="fashion",
    builder="skcnn.architectures.fashion:build_fashion",
    family="fashion",
    paper="Géron, Hands-On Machine Learning with Scikit-Learn, Keras & TensorFlow, ch. 14",
    year=2019,
    default_input_shape=(28, 28, 1),
    # "same" convs and three valid 2x2 max-pools: 8 -> 1.
    min_input_shape=(8, 8, 1),
    params=1_413_834,
    trainable_params=1_413_834,
    default_classes=10,
    description="conv64@7x7-pool-2x conv128-pool-2x conv256-pool-dense128-dense64, dropout 0.5",
)


# ----------------------------------------------------------------------- VGG


def _vgg(depth, n_convs, params, *, keras_identical=False):
    """VGG-``depth``: ``n_convs`` 3x3 convolutions; VGG16 and VGG19 are Keras's own."""
    return ArchitectureSpec(
        name=f"vgg{depth}",
        builder=f"skcnn.architectures.vgg:build_vgg{depth}",
        family="vgg",
        paper=(
            "Simonyan & Zisserman, "
            "Very Deep Convolutional Networks for Large-Scale Image Recognition"
        ),
        year=2015,
        default_input_shape=(224, 224, 3),
        # five valid 2x2 max-pools: 32 -> 1 (any size with small_input=True).
        min_input_shape=(32, 32, 1),
        params=params,
        trainable_params=params,
        # small_input: "same"-padded pools.
        small_input_min_shape=(1, 1, 1),
        keras_application=f"VGG{depth}" if keras_identical else None,
        keras_identical=keras_identical,
        default_classes=1000,
        description=(
            f"{n_convs} 3x3 convs in 5 blocks (64-512), 2x2 max-pools, fc 4096x2, dropout 0.5"
        ),
    )


# -------------------------------------------------------------------- ResNet

_RESNET_PAPER = "He, Zhang, Ren & Sun, Deep Residual Learning for Image Recognition"


def _resnet(depth, block, stages, params, trainable, *, keras_application=None):
    """The ImageNet ResNet-``depth``: ``block`` ("basic" or "bottleneck") blocks
    in ``stages`` ("3-4-6-3")."""
    return ArchitectureSpec(
        name=f"resnet{depth}",
        builder=f"skcnn.architectures.resnet:build_resnet{depth}",
        family="resnet",
        paper=_RESNET_PAPER,
        year=2016,
        default_input_shape=(224, 224, 3),
        # every downsampling is padded, so any size keeps all dims >= 1.
        min_input_shape=(1, 1, 1),
        params=params,
        trainable_params=trainable,
        # small_input: 3x3/1 conv1, no max-pool.
        small_input_min_shape=(1, 1, 1),
        keras_application=keras_application,
        default_classes=1000,
        description=(
            f"{block} blocks {stages}, batch norm, global avg-pool; "
            f"{trainable / 1e6:.2f}M trainable"
        ),
    )


def _cifar_resnet(depth, params, trainable):
    """The CIFAR ResNet-``depth`` (section 4.2 of the paper): 3 stages of
    ``(depth - 2) / 6`` basic blocks."""
    n = (depth - 2) // 6
    return ArchitectureSpec(
        name=f"resnet{depth}",
        builder=f"skcnn.architectures.resnet:build_resnet{depth}",
        family="resnet",
        paper=_RESNET_PAPER,
        year=2016,
        default_input_shape=(32, 32, 3),
        # 3x3 "same" convs; the stride-2 convs and the shortcuts' 1x1/2 pools keep dims >= 1.
        min_input_shape=(1, 1, 1),
        params=params,
        trainable_params=trainable,
        default_classes=10,
        description=(
            f"CIFAR basic blocks {n}-{n}-{n} (16-32-64), option-A shortcuts; "
            f"{trainable / 1e6:.2f}M trainable"
        ),
    )


# ------------------------------------------------------------------ DenseNet


def _densenet(depth, blocks, params, trainable):
    """DenseNet-``depth`` (BC, growth 32), dense blocks ``blocks``; Keras's own."""
    return ArchitectureSpec(
        name=f"densenet{depth}",
        builder=f"skcnn.architectures.densenet:build_densenet{depth}",
        family="densenet",
        paper="Huang, Liu, van der Maaten & Weinberger, Densely Connected Convolutional Networks",
        year=2017,
        default_input_shape=(224, 224, 3),
        # stride-4 stem (ceil) then three valid 2x2 avg-pools: 29 -> 8 -> 4 -> 2 -> 1.
        min_input_shape=(29, 29, 1),
        params=params,
        trainable_params=trainable,
        # small_input: 3x3/1 conv1, no max-pool: 8 -> 4 -> 2 -> 1.
        small_input_min_shape=(8, 8, 1),
        keras_application=f"DenseNet{depth}",
        keras_identical=True,
        default_classes=1000,
        description=(
            f"DenseNet-BC, growth 32, dense blocks {blocks}; {trainable / 1e6:.2f}M trainable"
        ),
    )


BUILTIN_ARCHITECTURES = (
    _SIMPLE,
    _LENET5,
    _ALEXNET,
    _vgg(11, 8, 132_863_336),
    _vgg(13, 10, 133_047_848),
    _vgg(16, 13, 138_357_544, keras_identical=True),
    _vgg(19, 16, 143_667_240, keras_identical=True),
    _resnet(18, "basic", "2-2-2-2", 11_699_112, 11_689_512),
    _resnet(34, "basic", "3-4-6-3", 21_814_696, 21_797_672),
    _resnet(50, "bottleneck", "3-4-6-3", 25_610_152, 25_557_032, keras_application="ResNet50"),
    _resnet(101, "bottleneck", "3-4-23-3", 44_654_504, 44_549_160),
    _resnet(152, "bottleneck", "3-8-36-3", 60_344_232, 60_192_808),
    _cifar_resnet(20, 271_098, 269_722),
    _cifar_resnet(32, 466_426, 464_154),
    _cifar_resnet(44, 661_754, 658_586),
    _cifar_resnet(56, 857_082, 853_018),
    _cifar_resnet(110, 1_736_058, 1_727_962),
    _GOOGLENET,
    _XCEPTION,
    _SE_RESNET50,
    _densenet(121, "6-12-24-16", 8_062_504, 7_978_856),
    _densenet(169, "6-12-32-32", 14_307_880, 14_149_480),
    _densenet(201, "6-12-48-32", 20_242_984, 20_013_928),
    _FASHION,
)

# The smallest input of each preset built with ``small_input=True``; presets
# without that option are absent.
SMALL_INPUT_MIN_SHAPES = {
    spec.name: spec.small_input_min_shape
    for spec in BUILTIN_ARCHITECTURES
    if spec.small_input_min_shape is not None
}


# --------------------------------------------------------------- keras.applications
# Every keras.applications model is also a preset, "keras.<Name>", built by
# Keras itself (skcnn.architectures.keras_apps). Listed here so that listing and
# lookup need no Keras import; a test checks the list against the installed Keras.

# The papers, by family.
_KERAS_PAPERS = {
    "convnext": ("Liu et al., A ConvNet for the 2020s", 2022),
    "densenet": (
        "Huang, Liu, van der Maaten & Weinberger, Densely Connected Convolutional Networks",
        2017,
    ),
    "efficientnet": (
        "Tan & Le, EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks",
        2019,
    ),
    "efficientnet_v2": ("Tan & Le, EfficientNetV2: Smaller Models and Faster Training", 2021),
    "inception_resnet_v2": (
        "Szegedy, Ioffe, Vanhoucke & Alemi, Inception-v4, Inception-ResNet and the Impact "
        "of Residual Connections on Learning",
        2017,
    ),
    "inception_v3": (
        "Szegedy et al., Rethinking the Inception Architecture for Computer Vision",
        2016,
    ),
    "mobilenet": (
        "Howard et al., MobileNets: Efficient Convolutional Neural Networks for Mobile "
        "Vision Applications",
        2017,
    ),
    "mobilenet_v2": (
        "Sandler et al., MobileNetV2: Inverted Residuals and Linear Bottlenecks",
        2018,
    ),
    "mobilenet_v3": ("Howard et al., Searching for MobileNetV3", 2019),
    "nasnet": (
        "Zoph, Vasudevan, Shlens & Le, Learning Transferable Architectures for Scalable "
        "Image Recognition",
        2018,
    ),
    "resnet": ("He, Zhang, Ren & Sun, Deep Residual Learning for Image Recognition", 2016),
    "resnet_v2": ("He, Zhang, Ren & Sun, Identity Mappings in Deep Residual Networks", 2016),
    "vgg": (
        "Simonyan & Zisserman, Very Deep Convolutional Networks for Large-Scale Image Recognition",
        2015,
    ),
    "xception": ("Chollet, Xception: Deep Learning with Depthwise Separable Convolutions", 2017),
}

# What each family does, in a few words.
_KERAS_DESCRIPTIONS = {
    "convnext": "depthwise 7x7 convs, inverted bottlenecks, layer norm",
    "densenet": "dense blocks; the same network as skcnn's densenet presets",
    "efficientnet": "compound-scaled MBConv blocks with squeeze-excitation",
    "efficientnet_v2": "fused and plain MBConv blocks with squeeze-excitation",
    "inception_resnet_v2": "Inception modules with residual connections",
    "inception_v3": "factorized Inception modules, batch norm",
    "mobilenet": "depthwise separable convolutions (width: arch_kwargs alpha)",
    "mobilenet_v2": "inverted residuals, linear bottlenecks (width: arch_kwargs alpha)",
    "mobilenet_v3": "searched inverted residuals, hard-swish, squeeze-excitation",
    "nasnet": "architecture-searched normal and reduction cells",
    "resnet": "bottleneck blocks, convolutions with biases (Keras's variant)",
    "resnet_v2": "pre-activation bottleneck blocks",
    "vgg": "3x3 conv blocks; the same network as skcnn's vgg16/vgg19",
    "xception": "depthwise separable convs; the same network as skcnn's xception",
}

# How each family's ImageNet weights expect their input (its preprocess_input),
# starting from pixels in [0, 1]: "caffe" 0-255 BGR minus the ImageNet mean,
# "tf" -1 to 1, "torch" ImageNet mean and standard deviation, "raw" 0-255 (the
# network normalizes them itself).
_KERAS_PREPROCESSING = {
    "convnext": "raw",
    "densenet": "torch",
    "efficientnet": "raw",
    "efficientnet_v2": "raw",
    "inception_resnet_v2": "tf",
    "inception_v3": "tf",
    "mobilenet": "tf",
    "mobilenet_v2": "tf",
    "mobilenet_v3": "raw",
    "nasnet": "tf",
    "resnet": "caffe",
    "resnet_v2": "tf",
    "vgg": "caffe",
    "xception": "tf",
}

# name: (family, default input side, minimum input side, total and trainable
# parameters at the default input with Keras's own 1000-class classifier).
_KERAS_APPLICATIONS = {
    "ConvNeXtBase": ("convnext", 224, 32, 88_591_464, 88_591_464),
    "ConvNeXtLarge": ("convnext", 224, 32, 197_767_336, 197_767_336),
    "ConvNeXtSmall": ("convnext", 224, 32, 50_223_688, 50_223_688),
    "ConvNeXtTiny": ("convnext", 224, 32, 28_589_128, 28_589_128),
    "ConvNeXtXLarge": ("convnext", 224, 32, 350_196_968, 350_196_968),
    "DenseNet121": ("densenet", 224, 32, 8_062_504, 7_978_856),
    "DenseNet169": ("densenet", 224, 32, 14_307_880, 14_149_480),
    "DenseNet201": ("densenet", 224, 32, 20_242_984, 20_013_928),
    "EfficientNetB0": ("efficientnet", 224, 32, 5_330_571, 5_288_548),
    "EfficientNetB1": ("efficientnet", 240, 32, 7_856_239, 7_794_184),
    "EfficientNetB2": ("efficientnet", 260, 32, 9_177_569, 9_109_994),
    "EfficientNetB3": ("efficientnet", 300, 32, 12_320_535, 12_233_232),
    "EfficientNetB4": ("efficientnet", 380, 32, 19_466_823, 19_341_616),
    "EfficientNetB5": ("efficientnet", 456, 32, 30_562_527, 30_389_784),
    "EfficientNetB6": ("efficientnet", 528, 32, 43_265_143, 43_040_704),
    "EfficientNetB7": ("efficientnet", 600, 32, 66_658_687, 66_347_960),
    "EfficientNetV2B0": ("efficientnet_v2", 224, 32, 7_200_312, 7_139_704),
    "EfficientNetV2B1": ("efficientnet_v2", 240, 32, 8_212_124, 8_141_052),
    "EfficientNetV2B2": ("efficientnet_v2", 260, 32, 10_178_374, 10_096_086),
    "EfficientNetV2B3": ("efficientnet_v2", 300, 32, 14_467_622, 14_358_406),
    "EfficientNetV2L": ("efficientnet_v2", 480, 32, 119_027_848, 118_515_272),
    "EfficientNetV2M": ("efficientnet_v2", 480, 32, 54_431_388, 54_139_356),
    "EfficientNetV2S": ("efficientnet_v2", 384, 32, 21_612_360, 21_458_488),
    "InceptionResNetV2": ("inception_resnet_v2", 299, 75, 55_873_736, 55_813_192),
    "InceptionV3": ("inception_v3", 299, 75, 23_851_784, 23_817_352),
    "MobileNet": ("mobilenet", 224, 32, 4_253_864, 4_231_976),
    "MobileNetV2": ("mobilenet_v2", 224, 32, 3_538_984, 3_504_872),
    "MobileNetV3Large": ("mobilenet_v3", 224, 32, 5_507_432, 5_483_032),
    "MobileNetV3Small": ("mobilenet_v3", 224, 32, 2_554_968, 2_542_856),
    "NASNetLarge": ("nasnet", 331, 32, 88_949_818, 88_753_150),
    "NASNetMobile": ("nasnet", 224, 32, 5_326_716, 5_289_978),
    "ResNet50": ("resnet", 224, 32, 25_636_712, 25_583_592),
    "ResNet101": ("resnet", 224, 32, 44_707_176, 44_601_832),
    "ResNet152": ("resnet", 224, 32, 60_419_944, 60_268_520),
    "ResNet50V2": ("resnet_v2", 224, 32, 25_613_800, 25_568_360),
    "ResNet101V2": ("resnet_v2", 224, 32, 44_675_560, 44_577_896),
    "ResNet152V2": ("resnet_v2", 224, 32, 60_380_648, 60_236_904),
    "VGG16": ("vgg", 224, 32, 138_357_544, 138_357_544),
    "VGG19": ("vgg", 224, 32, 143_667_240, 143_667_240),
    "Xception": ("xception", 299, 71, 22_910_480, 22_855_952),
}

KERAS_APPLICATION_NAMES = tuple(_KERAS_APPLICATIONS)

# keras.applications name -> input convention of its ImageNet weights.
IMAGENET_PREPROCESSING = {
    name: _KERAS_PREPROCESSING[family] for name, (family, *_) in _KERAS_APPLICATIONS.items()
}


def _keras_spec(name, family, side, min_side, params, trainable):
    paper, year = _KERAS_PAPERS[family]
    return ArchitectureSpec(
        name=f"keras.{name}",
        builder=f"skcnn.architectures.keras_apps:{name}",
        family="keras",
        paper=paper,
        year=year,
        default_input_shape=(side, side, 3),
        min_input_shape=(min_side, min_side, 1),
        params=params,
        trainable_params=trainable,
        default_classes=1000,
        description=f"keras.applications.{name}: {_KERAS_DESCRIPTIONS[family]}",
        keras_application=name,
    )


KERAS_ARCHITECTURES = tuple(
    _keras_spec(name, *entry) for name, entry in _KERAS_APPLICATIONS.items()
)
