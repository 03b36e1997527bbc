"""The built-in presets: one entry per name, each with its builder's module path.

Minimum input sizes are stated here once (not in the builders) so that
``resize="auto"`` and :func:`skcnn.list_architectures` need no Keras import.
"""

from ._registry import ArchitectureSpec

BUILTIN_ARCHITECTURES = (
    ArchitectureSpec(
        name="simple",
        builder="skcnn.architectures.simple:build_simple",
        family="simple",
        paper="R keras MNIST lab (Allaire & Chollet, Deep Learning with R)",
        year=2018,
        default_input_shape=(28, 28, 1),
        # 3x3 valid convs and two 2x2 pools: 18 -> 16 -> 8 -> 6 -> 3 -> 1.
        min_input_shape=(18, 18, 1),
        params=93_322,
        default_classes=10,
        description="conv32-pool-conv64-pool-conv64-dense64-softmax, ReLU",
    ),
    ArchitectureSpec(
        name="lenet5",
        builder="skcnn.architectures.lenet:build_lenet5",
        family="lenet",
        paper="LeCun et al., Gradient-Based Learning Applied to Document Recognition",
        year=1998,
        default_input_shape=(32, 32, 1),
        # 5x5 valid convs and two 2x2 pools: 32 -> 28 -> 14 -> 10 -> 5 -> 1 (C5).
        min_input_shape=(32, 32, 1),
        params=61_706,
        default_classes=10,
        description="C1 6@5x5, S2 avg-pool, C3 16@5x5, S4, C5 120, F6 84, tanh",
    ),
    ArchitectureSpec(
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
        default_classes=1000,
        description="5 ReLU convs (96@11x11/4 ... 256@3x3, 3 in 2 groups), LRN, fc 4096x2, dropout",
    ),
    ArchitectureSpec(
        name="vgg11",
        builder="skcnn.architectures.vgg:build_vgg11",
        family="vgg",
        paper=(
            "Simonyan & Zisserman, "
            "Very Deep Convolutional Networks for Large-Scale Image Recognition"
        ),
        year=2015,
        default_input_shape=(224, 224, 3),
        # five valid 2x2 max-pools: 32 -> 1 (any size with small_input=True).
        min_input_shape=(32, 32, 1),
        params=132_863_336,
        default_classes=1000,
        description="8 3x3 convs in 5 blocks (64-512), 2x2 max-pools, fc 4096x2, dropout 0.5",
    ),
    ArchitectureSpec(
        name="vgg13",
        builder="skcnn.architectures.vgg:build_vgg13",
        family="vgg",
        paper=(
            "Simonyan & Zisserman, "
            "Very Deep Convolutional Networks for Large-Scale Image Recognition"
        ),
        year=2015,
        default_input_shape=(224, 224, 3),
        # five valid 2x2 max-pools: 32 -> 1 (any size with small_input=True).
        min_input_shape=(32, 32, 1),
        params=133_047_848,
        default_classes=1000,
        description="10 3x3 convs in 5 blocks (64-512), 2x2 max-pools, fc 4096x2, dropout 0.5",
    ),
    ArchitectureSpec(
        name="vgg16",
        builder="skcnn.architectures.vgg:build_vgg16",
        family="vgg",
        paper=(
            "Simonyan & Zisserman, "
            "Very Deep Convolutional Networks for Large-Scale Image Recognition"
        ),
        year=2015,
        default_input_shape=(224, 224, 3),
        # five valid 2x2 max-pools: 32 -> 1 (any size with small_input=True).
        min_input_shape=(32, 32, 1),
        params=138_357_544,
        default_classes=1000,
        description="13 3x3 convs in 5 blocks (64-512), 2x2 max-pools, fc 4096x2, dropout 0.5",
    ),
    ArchitectureSpec(
        name="vgg19",
        builder="skcnn.architectures.vgg:build_vgg19",
        family="vgg",
        paper=(
            "Simonyan & Zisserman, "
            "Very Deep Convolutional Networks for Large-Scale Image Recognition"
        ),
        year=2015,
        default_input_shape=(224, 224, 3),
        # five valid 2x2 max-pools: 32 -> 1 (any size with small_input=True).
        min_input_shape=(32, 32, 1),
        params=143_667_240,
        default_classes=1000,
        description="16 3x3 convs in 5 blocks (64-512), 2x2 max-pools, fc 4096x2, dropout 0.5",
    ),
    ArchitectureSpec(
        name="resnet18",
        builder="skcnn.architectures.resnet:build_resnet18",
        family="resnet",
        paper="He, Zhang, Ren & Sun, Deep Residual Learning for Image Recognition",
        year=2016,
        default_input_shape=(224, 224, 3),
        # every downsampling is padded, so any size keeps all dims >= 1.
        min_input_shape=(1, 1, 1),
        params=11_699_112,
        default_classes=1000,
        description="basic blocks 2-2-2-2, batch norm, global avg-pool; 11.69M trainable",
    ),
    ArchitectureSpec(
        name="resnet34",
        builder="skcnn.architectures.resnet:build_resnet34",
        family="resnet",
        paper="He, Zhang, Ren & Sun, Deep Residual Learning for Image Recognition",
        year=2016,
        default_input_shape=(224, 224, 3),
        # every downsampling is padded, so any size keeps all dims >= 1.
        min_input_shape=(1, 1, 1),
        params=21_814_696,
        default_classes=1000,
        description="basic blocks 3-4-6-3, batch norm, global avg-pool; 21.80M trainable",
    ),
    ArchitectureSpec(
        name="resnet50",
        builder="skcnn.architectures.resnet:build_resnet50",
        family="resnet",
        paper="He, Zhang, Ren & Sun, Deep Residual Learning for Image Recognition",
        year=2016,
        default_input_shape=(224, 224, 3),
        # every downsampling is padded, so any size keeps all dims >= 1.
        min_input_shape=(1, 1, 1),
        params=25_610_152,
        default_classes=1000,
        description="bottleneck blocks 3-4-6-3, batch norm, global avg-pool; 25.56M trainable",
    ),
    ArchitectureSpec(
        name="resnet101",
        builder="skcnn.architectures.resnet:build_resnet101",
        family="resnet",
        paper="He, Zhang, Ren & Sun, Deep Residual Learning for Image Recognition",
        year=2016,
        default_input_shape=(224, 224, 3),
        # every downsampling is padded, so any size keeps all dims >= 1.
        min_input_shape=(1, 1, 1),
        params=44_654_504,
        default_classes=1000,
        description="bottleneck blocks 3-4-23-3, batch norm, global avg-pool; 44.55M trainable",
    ),
    ArchitectureSpec(
        name="resnet152",
        builder="skcnn.architectures.resnet:build_resnet152",
        family="resnet",
        paper="He, Zhang, Ren & Sun, Deep Residual Learning for Image Recognition",
        year=2016,
        default_input_shape=(224, 224, 3),
        # every downsampling is padded, so any size keeps all dims >= 1.
        min_input_shape=(1, 1, 1),
        params=60_344_232,
        default_classes=1000,
        description="bottleneck blocks 3-8-36-3, batch norm, global avg-pool; 60.19M trainable",
    ),
    ArchitectureSpec(
        name="googlenet",
        builder="skcnn.architectures.inception:build_googlenet",
        family="inception",
        paper="Szegedy et al., Going Deeper with Convolutions",
        year=2015,
        default_input_shape=(224, 224, 3),
        # all poolings are padded and the top is global average pooling.
        min_input_shape=(1, 1, 1),
        params=6_998_552,
        default_classes=1000,
        description="Inception v1: 9 modules with 1x1 reductions, LRN, dropout 0.4, no aux heads",
    ),
    ArchitectureSpec(
        name="xception",
        builder="skcnn.architectures.xception:build_xception",
        family="xception",
        paper="Chollet, Xception: Deep Learning with Depthwise Separable Convolutions",
        year=2017,
        default_input_shape=(299, 299, 3),
        # block1's two valid 3x3 convs: 7 -> 3 -> 1, then padded downsampling.
        min_input_shape=(7, 7, 1),
        params=22_910_480,
        default_classes=1000,
        description="separable convs, residual entry/middle/exit flows; keras.applications weights",
    ),
    ArchitectureSpec(
        name="se_resnet50",
        builder="skcnn.architectures.senet:build_se_resnet50",
        family="senet",
        paper="Hu, Shen & Sun, Squeeze-and-Excitation Networks",
        year=2018,
        default_input_shape=(224, 224, 3),
        # as ResNet-50: every downsampling is padded.
        min_input_shape=(1, 1, 1),
        params=28_141_144,
        default_classes=1000,
        description="ResNet-50 with squeeze-excitation (ratio 16) in every block; 28.09M trainable",
    ),
    ArchitectureSpec(
        name="densenet121",
        builder="skcnn.architectures.densenet:build_densenet121",
        family="densenet",
        paper=("Huang, Liu, van der Maaten & Weinberger, Densely Connected Convolutional Networks"),
        year=2017,
        default_input_shape=(224, 224, 3),
        # stride-4 stem (ceil) then three valid 2x2 avg-pools: 29 -> 8 -> 4 -> 2 -> 1.
        min_input_shape=(29, 29, 1),
        params=8_062_504,
        default_classes=1000,
        description="DenseNet-BC, growth 32, dense blocks 6-12-24-16; 7.98M trainable",
    ),
    ArchitectureSpec(
        name="densenet169",
        builder="skcnn.architectures.densenet:build_densenet169",
        family="densenet",
        paper=("Huang, Liu, van der Maaten & Weinberger, Densely Connected Convolutional Networks"),
        year=2017,
        default_input_shape=(224, 224, 3),
        # stride-4 stem (ceil) then three valid 2x2 avg-pools: 29 -> 8 -> 4 -> 2 -> 1.
        min_input_shape=(29, 29, 1),
        params=14_307_880,
        default_classes=1000,
        description="DenseNet-BC, growth 32, dense blocks 6-12-32-32; 14.15M trainable",
    ),
    ArchitectureSpec(
        name="densenet201",
        builder="skcnn.architectures.densenet:build_densenet201",
        family="densenet",
        paper=("Huang, Liu, van der Maaten & Weinberger, Densely Connected Convolutional Networks"),
        year=2017,
        default_input_shape=(224, 224, 3),
        # stride-4 stem (ceil) then three valid 2x2 avg-pools: 29 -> 8 -> 4 -> 2 -> 1.
        min_input_shape=(29, 29, 1),
        params=20_242_984,
        default_classes=1000,
        description="DenseNet-BC, growth 32, dense blocks 6-12-48-32; 20.01M trainable",
    ),
    ArchitectureSpec(
        name="fashion",
        builder="skcnn.architectures.fashion:build_fashion",
        family="fashion",
        paper="Géron, Hands-On Machine Learning with Scikit-Learn, Keras & TensorFlow, ch. 14",
        year=2019,
        default_input_shape=(28, 28, 1),
        # "same" convs and three valid 2x2 max-pools: 8 -> 1.
        min_input_shape=(8, 8, 1),
        params=1_413_834,
        default_classes=10,
        description="conv64@7x7-pool-2x conv128-pool-2x conv256-pool-dense128-dense64, dropout 0.5",
    ),
)

# The smallest input of each preset built with ``small_input=True`` (a CIFAR-style
# stem or padded pooling, see each builder's docstring); presets without that
# option are absent.
SMALL_INPUT_MIN_SHAPES = {
    "alexnet": (7, 7, 1),  # 3x3/1 conv1, no pool1: 7 -> 3 -> 1.
    **{f"vgg{d}": (1, 1, 1) for d in (11, 13, 16, 19)},  # "same"-padded pools.
    **{f"resnet{d}": (1, 1, 1) for d in (18, 34, 50, 101, 152)},
    "googlenet": (1, 1, 1),
    "xception": (1, 1, 1),
    "se_resnet50": (1, 1, 1),
    **{f"densenet{d}": (8, 8, 1) for d in (121, 169, 201)},  # 8 -> 4 -> 2 -> 1.
}
