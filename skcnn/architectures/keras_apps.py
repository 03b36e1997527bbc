"""keras.applications models as presets (``arch="keras.EfficientNetB0"``), their
ImageNet weights from the local Keras cache, and the input conventions those
weights were trained with.

``keras.<Name>`` builds ``keras.applications.<Name>`` unchanged: with
``weights=None`` the whole network with its own classifier for ``n_classes``;
with ``weights="imagenet"`` the estimator takes the network without its
classifier from :func:`imagenet_base` and adds a new head.
"""

import contextlib
import os
import threading

import keras
from keras import ops

from ._catalog import IMAGENET_PREPROCESSING, KERAS_APPLICATION_NAMES

# Estimator hyper-parameters that have no meaning for a fixed Keras network.
_WIDTH_PARAMS = ("filters", "kernel_size", "dense_units", "dropout", "small_input")


def build_application(name, input_shape, n_classes, **kwargs):
    """``keras.applications.<name>`` with random weights and a softmax over
    ``n_classes``; ``kwargs`` go to Keras (``alpha=0.5`` for MobileNet)."""
    _reject_width_params(name, kwargs)
    application = getattr(keras.applications, name)
    return application(
        include_top=True,
        weights=None,
        input_shape=tuple(input_shape),
        classes=n_classes,
        **kwargs,
    )


def _reject_width_params(name, kwargs):
    given = [k for k in _WIDTH_PARAMS if k in kwargs]
    if given:
        raise ValueError(
            f"arch='keras.{name}' is keras.applications.{name} as Keras defines it, so "
            f"{', '.join(given)} do(es) not apply. Pass Keras's own options in arch_kwargs "
            f"(e.g. {{'alpha': 0.5}} for MobileNet), or use one of skcnn's presets, whose "
            f"widths `filters` scales."
        )


def __getattr__(attr):
    # "skcnn.architectures.keras_apps:EfficientNetB0" is the registry's builder
    # reference of "keras.EfficientNetB0".
    if attr in KERAS_APPLICATION_NAMES:

        def build(input_shape, n_classes, **kwargs):
            return build_application(attr, input_shape, n_classes, **kwargs)

        build.__name__ = build.__qualname__ = f"build_{attr}"
        build.__doc__ = (
            f"keras.applications.{attr} with random weights and ``n_classes`` outputs; "
            "keyword arguments go to Keras."
        )
        return build
    raise AttributeError(f"module {__name__!r} has no attribute {attr!r}")


# ------------------------------------------------------------------ ImageNet weights
def keras_models_dir():
    """The folder Keras caches its application weights in: ``$KERAS_HOME/models``,
    or ``~/.keras/models`` (``/tmp/.keras/models`` when the home folder is
    read-only), read at each call."""
    home = os.environ.get("KERAS_HOME")
    if not home:
        user = os.path.expanduser("~")
        base = user if os.access(user, os.W_OK) else "/tmp"
        home = os.path.join(base, ".keras")
    return os.path.join(os.path.expanduser(home), "models")


class _CachedFiles:
    """Stands in for Keras's ``get_file`` while an application loads its
    ImageNet weights: the file comes from the cache folder skcnn reads
    (:func:`keras_models_dir`, which follows ``KERAS_HOME`` at each call), and a
    missing one is downloaded there through Keras's own ``get_file`` (which
    checks its hash). Offline, the error names the file, the folder and the URL."""

    def __init__(self, arch, download):
        self.arch = arch
        self.download = download
        self.requested = []

    def __call__(self, fname=None, origin=None, *args, **kwargs):
        fname = fname or os.path.basename(origin)
        folder = keras_models_dir()
        path = os.path.join(folder, fname)
        self.requested.append(fname)
        if os.path.isfile(path):
            return path
        kwargs.update(cache_dir=os.path.dirname(folder), cache_subdir=os.path.basename(folder))
        try:
            return self.download(fname, origin, *args, **kwargs)
        except Exception as exc:  # Keras raises a bare Exception for a failed fetch
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise FileNotFoundError(
                f"weights='imagenet' for arch={self.arch!r} needs Keras's ImageNet weight "
                f"file {fname!r} in {folder}; it is not there, and downloading it from "
                f"{origin} failed ({reason}). Download it by hand into that folder, or set "
                f"the KERAS_HOME environment variable to the folder that holds "
                f"'models/{fname}'."
            ) from exc


_LOCK = threading.Lock()


@contextlib.contextmanager
def _weights_from_cache(arch):
    # keras.applications fetch their files with keras.src.utils.file_utils.get_file,
    # whose cache folder Keras fixes when it is imported; it is swapped for the
    # lookup in skcnn's cache folder (then a download there) for the duration of
    # one application build.
    from keras.src.utils import file_utils

    with _LOCK:
        original = file_utils.get_file
        file_utils.get_file = _CachedFiles(arch, original)
        try:
            yield file_utils.get_file
        finally:
            file_utils.get_file = original


def imagenet_base(name, input_shape=None, *, arch, **kwargs):
    """``keras.applications.<name>`` without its classifier, with Keras's ImageNet
    weights read from :func:`keras_models_dir`.

    Keras itself builds the network and loads the file (the ImageNet variant
    of a network can differ from its random one: EfficientNet adds a rescaling),
    skcnn only supplies the file from the cache and checks no hash.

    Parameters
    ----------
    name : str
        A ``keras.applications`` name, "ResNet50".
    input_shape : tuple of int, optional
        (height, width, 3); ``None`` leaves height and width open.
    arch : str
        The estimator's ``arch``, for error messages.
    **kwargs
        Further keyword arguments for the Keras function.
    """
    _reject_width_params(name, kwargs)
    application = getattr(keras.applications, name)
    with _weights_from_cache(arch):
        try:
            return application(
                include_top=False,
                weights="imagenet",
                input_shape=None if input_shape is None else tuple(input_shape),
                **kwargs,
            )
        except (TypeError, ValueError) as exc:
            options = f" with arch_kwargs={kwargs}" if kwargs else ""
            raise type(exc)(
                f"keras.applications.{name}(weights='imagenet'){options} for inputs of "
                f"shape {input_shape} failed: {exc}"
            ) from exc


# Input conventions of the ImageNet weights, from pixels in [0, 1]:
# "caffe": 0-255 BGR minus the ImageNet mean (VGG, ResNet); "tf": -1 to 1
# (Inception, Xception, MobileNet v1/v2, NASNet, ResNet v2); "torch": ImageNet
# mean and standard deviation (DenseNet); "raw": 0-255 pixels, the network
# normalizes them itself (EfficientNet, ConvNeXt, MobileNetV3).
_CAFFE_MEAN_BGR = (103.939, 116.779, 123.68)
_TORCH_MEAN = (0.485, 0.456, 0.406)
_TORCH_STD = (0.229, 0.224, 0.225)


@keras.saving.register_keras_serializable(package="skcnn")
class ImageNetPreprocessing(keras.layers.Layer):
    """``keras.applications.<family>.preprocess_input`` as a layer, for RGB pixels
    in [0, 1] (what ``rescale="auto"`` produces).

    Parameters
    ----------
    mode : {"caffe", "tf", "torch", "raw"}
        The convention of the weights (see the module's ``IMAGENET_PREPROCESSING``).
    """

    MODES = ("caffe", "tf", "torch", "raw")

    def __init__(self, mode, **kwargs):
        super().__init__(**kwargs)
        if mode not in self.MODES:
            raise ValueError(f"mode must be one of {self.MODES}, got {mode!r}.")
        self.mode = mode

    def call(self, inputs):
        x = ops.cast(inputs, self.compute_dtype)
        if self.mode == "caffe":
            x = ops.flip(x * 255.0, axis=-1)
            return x - ops.convert_to_tensor(_CAFFE_MEAN_BGR, dtype=x.dtype)
        if self.mode == "tf":
            return x * 2.0 - 1.0
        if self.mode == "torch":
            mean = ops.convert_to_tensor(_TORCH_MEAN, dtype=x.dtype)
            std = ops.convert_to_tensor(_TORCH_STD, dtype=x.dtype)
            return (x - mean) / std
        return x * 255.0

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "mode": self.mode}


def imagenet_preprocessing(name):
    """The :class:`ImageNetPreprocessing` layer for application ``name``."""
    return ImageNetPreprocessing(IMAGENET_PREPROCESSING[name], name="imagenet_preprocess")
