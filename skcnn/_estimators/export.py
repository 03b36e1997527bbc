"""Export a fitted estimator's inference graph: ONNX or a TensorFlow SavedModel.

The trained network (``model_``) holds layers that only matter in training: the
augmentation layers (``augment_*``, random ops ONNX has no operators for) and
the dtype policy of a mixed-precision fit. :func:`inference_model` rebuilds the
network without them, in float32, with the trained weights copied in, and adds
what ``predict`` does around the network, so that the exported graph computes
exactly what the estimator returns:

- classifiers: ``probabilities``, the rows renormalized as ``predict_proba``
  does (independent sigmoid probabilities for a multi-label model), averaged
  with the horizontally flipped images under ``tta=True``;
- the regressor: ``predictions`` in the training targets' units (the
  standardization undone), also under ``tta``;
- the feature extractor (and ``embed``): ``embeddings``.

The graph's input ``pixels`` is a float32 batch ``(n, height, width,
channels)``, channels last, holding the pixel values the estimator was given
(0-255 for uint8 images): rescaling and resizing are inside the graph.
"""

from __future__ import annotations

import os
import re
import tempfile
import warnings

import numpy as np

__all__ = ["FORMATS", "export_estimator", "inference_model"]

FORMATS = ("onnx", "tf_saved_model")
# ONNX opset of the exported files (onnxruntime >= 1.17 runs it).
OPSET = 17
_EXTRA = "pip install 'skcnn[export]'"


def export_estimator(estimator, path, *, format="onnx", kind=None):
    """Write ``estimator``'s inference graph to ``path``; return the path.

    Parameters
    ----------
    estimator : fitted skcnn estimator
    path : str or os.PathLike
        File (ONNX) or folder (SavedModel) to write.
    format : {"onnx", "tf_saved_model"}
    kind : {"probabilities", "predictions", "embeddings"}, optional
        What the graph outputs; defaults to the estimator's own output.
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(map(repr, FORMATS))}, got {format!r}.")
    path = os.fspath(path)
    if format == "onnx":
        onnx, tf2onnx = _onnx_modules()
    model, output = inference_model(estimator, kind=kind)
    if format == "tf_saved_model":
        _save_tf(model, output, path)
        return path
    try:
        _save_onnx(onnx, model, output, path, _metadata(estimator, output))
    except Exception as error:
        unsupported = _unsupported(error, estimator.model_)
        if unsupported is None:
            raise
        raise unsupported from error
    return path


def output_kind(estimator):
    """The name of what ``estimator`` predicts: ``probabilities``, ``predictions``
    or ``embeddings``."""
    if hasattr(estimator, "transform"):
        return "embeddings"
    if hasattr(estimator, "classes_"):
        return "probabilities"
    if hasattr(estimator, "_y_scale"):
        return "predictions"
    return "embeddings"


def inference_model(estimator, *, kind=None):
    """``(model, output_name)``: a float32 ``keras.Model`` computing the
    estimator's output from raw pixels, without training-only layers."""
    from .._keras import get_keras

    keras = get_keras()
    kind = output_kind(estimator) if kind is None else kind
    network = _float32_copy(keras, estimator.model_)
    if kind == "embeddings":
        from .._training.network import embedding_model

        network = embedding_model(network)
    inputs = keras.Input(shape=tuple(estimator.input_shape_), name="pixels", dtype="float32")
    # training=False in the graph's nodes: the exporters call the model with
    # training unset, which must not turn on dropout or batch statistics.
    x = network(inputs, training=False)
    if kind != "embeddings" and estimator.tta:
        flipped = _post_layer(keras, "flip")()(inputs)
        x = _post_layer(keras, "mean")()([x, network(flipped, training=False)])
    if kind == "probabilities" and not estimator._is_multilabel():
        x = _post_layer(keras, "normalize")()(x)
    if kind == "predictions":
        x = _post_layer(keras, "affine")(
            np.asarray(estimator._y_scale, dtype=np.float32).ravel(),
            np.asarray(estimator._y_mean, dtype=np.float32).ravel(),
        )(x)
    outputs = keras.layers.Identity(name=kind, dtype="float32")(x)
    model = keras.Model(inputs, outputs, name=f"{estimator.model_.name}_{kind}")
    # One call builds the traced functions keras' exporters need.
    model(np.zeros((2, *estimator.input_shape_), dtype=np.float32))
    return model, kind


def _float32_copy(keras, model):
    """``model`` rebuilt in float32 without its augmentation layers, its weights copied."""

    def clone(layer):
        if layer.name.startswith("augment_"):
            return keras.layers.Identity(name=layer.name)
        if type(layer) is keras.layers.Conv2D and layer.groups > 1:
            return _grouped_conv(keras, layer)
        config = dict(layer.get_config())
        if "dtype" in config:
            config["dtype"] = "float32"
        return type(layer).from_config(config)

    try:
        copy = keras.models.clone_model(model, clone_function=clone, recursive=True)
    except Exception as error:  # a subclassed network or a layer without get_config
        raise ValueError(
            f"The network {model.name!r} cannot be rebuilt for export ({error}). export "
            f"needs a functional or Sequential network whose layers implement get_config."
        ) from error
    source = {v.path: v for v in model.weights}
    for variable in copy.weights:
        original = source.get(variable.path)
        if original is None:
            raise ValueError(
                f"Exporting {model.name!r}: the rebuilt network's weight {variable.path!r} has "
                f"no counterpart in the trained network."
            )
        variable.assign(np.asarray(original.numpy(), dtype=variable.dtype))
    return copy


def _grouped_conv(keras, conv):
    """A copy of the grouped ``Conv2D`` ``conv`` (AlexNet's two towers) as one
    convolution per group: Keras computes grouped convolutions on a CPU in an
    XLA-compiled function, which tf2onnx cannot convert."""
    ops = keras.ops
    config = conv.get_config()

    class GroupedConv2D(keras.layers.Layer):
        def build(self, input_shape):
            kernel_shape = (*conv.kernel_size, int(input_shape[-1]) // conv.groups, conv.filters)
            self.kernel = self.add_weight(shape=kernel_shape, name="kernel")
            self.bias = (
                self.add_weight(shape=(conv.filters,), name="bias") if conv.use_bias else None
            )

        def call(self, x):
            parts = zip(
                ops.split(x, conv.groups, axis=-1),
                ops.split(self.kernel, conv.groups, axis=-1),
                strict=True,
            )
            y = ops.concatenate(
                [
                    ops.conv(
                        part,
                        kernel,
                        strides=config["strides"],
                        padding=config["padding"],
                        dilation_rate=config["dilation_rate"],
                        data_format="channels_last",
                    )
                    for part, kernel in parts
                ],
                axis=-1,
            )
            if self.bias is not None:
                y = y + self.bias
            return conv.activation(y)

    if conv.data_format != "channels_last":
        raise ValueError(f"export: the grouped convolution {conv.name!r} is not channels-last.")
    return GroupedConv2D(name=conv.name, dtype="float32")


def _post_layer(keras, what):
    """What ``predict`` does around the network, as a small Keras layer."""
    ops = keras.ops

    class Flip(keras.layers.Layer):
        def call(self, x):
            return ops.flip(x, axis=2)

    class Mean(keras.layers.Layer):
        def call(self, inputs):
            return (inputs[0] + inputs[1]) / 2.0

    class Normalize(keras.layers.Layer):
        def call(self, x):
            return x / ops.sum(x, axis=1, keepdims=True)

    class Affine(keras.layers.Layer):
        def __init__(self, scale, shift, **kwargs):
            super().__init__(**kwargs)
            self.scale, self.shift = scale, shift

        def call(self, x):
            return x * ops.convert_to_tensor(self.scale) + ops.convert_to_tensor(self.shift)

    classes = {"flip": Flip, "mean": Mean, "normalize": Normalize, "affine": Affine}
    cls = classes[what]

    def make(*args):
        return cls(*args, name=f"tta_{what}" if what in ("flip", "mean") else what)

    return make


def _tf_function(model, output):
    import tensorflow as tf

    spec = tf.TensorSpec((None, *model.input_shape[1:]), tf.float32, name="pixels")

    @tf.function(input_signature=[spec])
    def serve(pixels):
        return {output: model(pixels, training=False)}

    return serve


def _save_tf(model, output, path):
    import tensorflow as tf

    module = tf.Module()
    module.model = model
    module.serve = _tf_function(model, output)
    tf.saved_model.save(module, path, signatures={"serving_default": module.serve})


def _save_onnx(onnx, model, output, path, metadata):
    with tempfile.TemporaryDirectory() as folder:
        raw = os.path.join(folder, "model.onnx")
        with warnings.catch_warnings():
            # Keras's numpy-2 patch of tf2onnx probes np.object.
            warnings.simplefilter("ignore", FutureWarning)
            model.export(raw, format="onnx", verbose=False, opset_version=OPSET)
        proto = onnx.load(raw)
    graph = proto.graph
    # Keras names the graph's output after a tensor; expose it as ``output``.
    (out,) = graph.output
    if out.name != output:
        graph.node.append(onnx.helper.make_node("Identity", [out.name], [output]))
        out.name = output
    for value in (*graph.input, *graph.output):
        value.type.tensor_type.shape.dim[0].dim_param = "n"  # the batch, any size
    del proto.metadata_props[:]
    for key, value in metadata.items():
        entry = proto.metadata_props.add()
        entry.key, entry.value = key, value
    proto.producer_name = "skcnn"
    onnx.checker.check_model(proto)
    onnx.save(proto, path)


def _metadata(estimator, output):
    import json

    height, width, channels = (int(s) for s in estimator.input_shape_)
    meta = {
        "skcnn_estimator": type(estimator).__name__,
        "input": "pixels",
        "input_layout": "NHWC",
        "input_shape": json.dumps([height, width, channels]),
        "input_dtype": "float32",
        "rescale_inside": json.dumps(estimator.rescale_),
        "output": output,
        "tta": json.dumps(bool(estimator.tta)),
    }
    if output == "probabilities":
        meta["classes"] = json.dumps([_plain(c) for c in estimator.classes_])
        meta["multilabel"] = json.dumps(bool(estimator._is_multilabel()))
    return meta


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def _onnx_modules():
    try:
        import onnx
        import tf2onnx
    except ImportError as error:
        raise ImportError(
            f"export(format='onnx') needs the packages tf2onnx and onnx ({error}). Install "
            f"them with: {_EXTRA}"
        ) from error
    _check_keras_onnx()
    return onnx, tf2onnx


# Keras exports ONNX from 3.8 on, and takes ``opset_version`` from 3.12.
_KERAS_ONNX = (3, 12)


def _check_keras_onnx(version=None):
    """Raise an ImportError naming the upgrade if this Keras cannot export ONNX."""
    if version is None:
        from .._keras import get_keras

        version = get_keras().__version__
    release = tuple(int(part) for part in re.findall(r"\d+", version)[:2])
    if release < _KERAS_ONNX:
        wanted = ".".join(map(str, _KERAS_ONNX))
        raise ImportError(
            f"export(format='onnx') needs Keras >= {wanted} (its ONNX exporter with "
            f"opset_version); this is Keras {version}. Upgrade with: {_EXTRA} (which asks "
            f"for keras>={wanted}), or export format='tf_saved_model', which works on any "
            f"Keras 3."
        )


def _unsupported(error, model):
    """A ValueError naming the layer whose op ONNX cannot express, from the
    checker's message (which names the node, a path through the layers)."""
    message = str(error)
    match = re.search(r"No Op registered for (\w+).*?Name: (\S+)", message, re.S)
    if match is None:
        return None
    op, node = match.groups()
    parts = set(node.split("/"))
    names = [layer.name for layer in _all_layers(model)]
    layer = next((n for n in reversed(names) if n in parts or f"{n}_1" in parts), node)
    return ValueError(
        f"The layer {layer!r} of {model.name!r} uses the TensorFlow op {op}, which ONNX has "
        f"no operator for, so the network cannot be exported to ONNX. Export "
        f"format='tf_saved_model' instead, or replace that layer."
    )


def _all_layers(model):
    for layer in getattr(model, "layers", ()):
        yield layer
        yield from _all_layers(layer)
