"""Custom Keras layers the canon needs, written with ``keras.ops`` only.

Every layer is registered for serialization under the package ``"skcnn"``, so a
model that uses them saves to and loads from a ``.keras`` file on any Keras
backend. All layers expect channels-last input ``(batch, height, width, channels)``.
"""

import keras
from keras import ops

__all__ = ["DepthwiseMaxPooling2D", "LocalResponseNormalization", "SqueezeExcite"]


@keras.saving.register_keras_serializable(package="skcnn")
class LocalResponseNormalization(keras.layers.Layer):
    """Local response normalization across channels (Krizhevsky et al., 2012).

    Each activation is divided by a power of the summed squares of its
    neighbours along the channel axis::

        b[..., c] = a[..., c] / (bias + alpha * sum(a[..., j] ** 2)) ** beta,
        j = max(0, c - depth_radius) .. min(C - 1, c + depth_radius)

    This is the convention of the AlexNet paper and of
    ``tf.nn.local_response_normalization`` with the same four arguments:
    ``alpha`` multiplies the plain sum over the ``n = 2 * depth_radius + 1``
    channels. Caffe (and PyTorch's ``LocalResponseNorm``) divide alpha by ``n``
    instead; pass ``alpha=caffe_alpha / n`` to reproduce them.

    Parameters
    ----------
    depth_radius : int, default=2
        Half-width of the channel window; the paper's ``n = 5``.
    bias : float, default=2.0
        The paper's ``k``.
    alpha : float, default=1e-4
        Scale of the sum of squares.
    beta : float, default=0.75
        Exponent.
    **kwargs
        Passed to ``keras.layers.Layer`` (``name``, ``dtype``, ...).

    Examples
    --------
    >>> import numpy as np
    >>> from skcnn.layers import LocalResponseNormalization
    >>> x = np.ones((1, 1, 1, 3), dtype="float32")
    >>> y = LocalResponseNormalization(depth_radius=1, bias=1.0, alpha=1.0, beta=1.0)(x)
    >>> [round(float(v), 4) for v in np.asarray(y).ravel()]
    [0.3333, 0.25, 0.3333]
    """

    def __init__(self, depth_radius=2, bias=2.0, alpha=1e-4, beta=0.75, **kwargs):
        super().__init__(**kwargs)
        if int(depth_radius) != depth_radius or depth_radius < 0:
            raise ValueError(f"depth_radius must be a non-negative int, got {depth_radius!r}.")
        self.depth_radius = int(depth_radius)
        self.bias = float(bias)
        self.alpha = float(alpha)
        self.beta = float(beta)

    def call(self, inputs):
        radius = self.depth_radius
        squares = ops.square(inputs)
        channels = squares.shape[-1]
        padded = ops.pad(squares, [[0, 0]] * (len(squares.shape) - 1) + [[radius, radius]])
        window = padded[..., 0:channels]
        for offset in range(1, 2 * radius + 1):
            window = window + padded[..., offset : offset + channels]
        return inputs / ops.power(self.bias + self.alpha * window, self.beta)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            depth_radius=self.depth_radius, bias=self.bias, alpha=self.alpha, beta=self.beta
        )
        return config


@keras.saving.register_keras_serializable(package="skcnn")
class DepthwiseMaxPooling2D(keras.layers.Layer):
    """Max pooling along the channel axis: the maximum of each group of
    ``pool_size`` consecutive channels (Géron's ``DepthMaxPool``).

    Output has ``channels // pool_size`` channels and the input's height and
    width. Pooling over depth lets a network learn, for example, several
    rotated versions of one feature and keep whichever responds.

    Parameters
    ----------
    pool_size : int
        Number of consecutive channels reduced to one. The input's channel
        count must be divisible by it.
    **kwargs
        Passed to ``keras.layers.Layer``.

    Raises
    ------
    ValueError
        When the layer is built on an input whose channel count is not a
        multiple of ``pool_size``.

    Examples
    --------
    >>> import numpy as np
    >>> from skcnn.layers import DepthwiseMaxPooling2D
    >>> x = np.arange(6, dtype="float32").reshape(1, 1, 1, 6)
    >>> np.asarray(DepthwiseMaxPooling2D(3)(x)).ravel().tolist()
    [2.0, 5.0]
    """

    def __init__(self, pool_size, **kwargs):
        super().__init__(**kwargs)
        if int(pool_size) != pool_size or pool_size < 1:
            raise ValueError(f"pool_size must be a positive int, got {pool_size!r}.")
        self.pool_size = int(pool_size)

    def build(self, input_shape):
        channels = input_shape[-1]
        if channels is None or channels % self.pool_size:
            raise ValueError(
                f"DepthwiseMaxPooling2D(pool_size={self.pool_size}) needs a channel count "
                f"divisible by {self.pool_size}, got input shape {tuple(input_shape)}."
            )

    def call(self, inputs):
        shape = ops.shape(inputs)
        groups = inputs.shape[-1] // self.pool_size
        grouped = ops.reshape(inputs, (*shape[:-1], groups, self.pool_size))
        return ops.max(grouped, axis=-1)

    def compute_output_shape(self, input_shape):
        channels = input_shape[-1]
        return (*input_shape[:-1], None if channels is None else channels // self.pool_size)

    def get_config(self):
        config = super().get_config()
        config.update(pool_size=self.pool_size)
        return config


@keras.saving.register_keras_serializable(package="skcnn")
class SqueezeExcite(keras.layers.Layer):
    """Squeeze-and-excitation (Hu et al., 2018): rescale each channel by a
    weight computed from the whole feature map.

    Global average pooling squeezes the map to one value per channel, a dense
    layer of ``channels // ratio`` ReLU units and a dense layer of ``channels``
    sigmoid units excite, and the input is multiplied channel-wise by the
    result. Adds ``2 * C * (C // ratio) + C // ratio + C`` parameters.

    Parameters
    ----------
    ratio : int, default=16
        Reduction ratio ``r`` of the bottleneck (at least one unit is kept).
    **kwargs
        Passed to ``keras.layers.Layer``.

    Attributes
    ----------
    squeeze : keras.layers.Dense
        The ``C // ratio`` ReLU layer.
    excite : keras.layers.Dense
        The ``C`` sigmoid layer.

    Examples
    --------
    With 32 channels and ``ratio=16`` the bottleneck has 2 units, so the layer
    adds ``2 * 32 * 2 + 2 + 32 = 162`` parameters; each channel is scaled by a
    sigmoid weight in (0, 1), so an input of ones comes out strictly between 0
    and 1, shape unchanged.

    >>> import numpy as np
    >>> from skcnn.layers import SqueezeExcite
    >>> x = np.ones((2, 4, 4, 32), dtype="float32")
    >>> layer = SqueezeExcite(ratio=16)
    >>> y = np.asarray(layer(x))
    >>> y.shape, layer.squeeze.units, layer.count_params()
    ((2, 4, 4, 32), 2, 162)
    >>> bool(np.all((y > 0) & (y < 1)))
    True
    """

    def __init__(self, ratio=16, **kwargs):
        super().__init__(**kwargs)
        if int(ratio) != ratio or ratio < 1:
            raise ValueError(f"ratio must be a positive int, got {ratio!r}.")
        self.ratio = int(ratio)

    def build(self, input_shape):
        channels = input_shape[-1]
        if channels is None:
            raise ValueError("SqueezeExcite needs a known channel count.")
        # The sublayers compute under this layer's policy, not the global one in
        # force when the layer happens to be built (a load, a copy).
        policy = self.dtype_policy
        self.squeeze = keras.layers.Dense(
            max(1, channels // self.ratio), activation="relu", name="squeeze", dtype=policy
        )
        self.excite = keras.layers.Dense(
            channels, activation="sigmoid", name="excite", dtype=policy
        )
        self.squeeze.build((input_shape[0], channels))
        self.excite.build((input_shape[0], self.squeeze.units))

    def call(self, inputs):
        spatial_axes = tuple(range(1, len(inputs.shape) - 1))
        pooled = ops.mean(inputs, axis=spatial_axes)
        weights = self.excite(self.squeeze(pooled))
        broadcast = (-1, *(1 for _ in spatial_axes), inputs.shape[-1])
        return inputs * ops.reshape(weights, broadcast)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update(ratio=self.ratio)
        return config
