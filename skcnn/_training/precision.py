"""Numeric precision of a network: float32, or mixed precision where the hardware has it.

A mixed policy computes in bfloat16 or float16 and keeps the weights in float32
(Keras's ``mixed_bfloat16`` / ``mixed_float16``). The policy belongs to the
network being built: :func:`dtype_policy` sets Keras's policy only while the
layers are created (Keras keeps it per thread) and puts the previous one back,
and :func:`float32_output` makes the last layer (the softmax) compute in
float32, so probabilities keep float32 resolution.
"""

from __future__ import annotations

import contextlib
import functools

PRECISIONS = ("auto", "float32", "mixed_bfloat16", "mixed_float16")


def resolve_precision(precision):
    """The Keras dtype policy name for the ``precision`` parameter.

    ``"auto"``: ``mixed_float16`` on a CUDA GPU with tensor cores (compute
    capability 7.0 or newer), ``mixed_bfloat16`` on a CPU with native bfloat16
    arithmetic (AVX512_BF16 or AMX), ``float32`` elsewhere.
    """
    if precision != "auto":
        return precision
    if gpu_has_tensor_cores():
        return "mixed_float16"
    if cpu_has_native_bf16():
        return "mixed_bfloat16"
    return "float32"


@functools.lru_cache(maxsize=1)
def cpu_has_native_bf16():
    """Whether the CPU computes bfloat16 natively (the ``avx512_bf16`` or
    ``amx_bf16`` flag of ``/proc/cpuinfo``; False where there is no such file)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return bool(flags & {"avx512_bf16", "amx_bf16"})
    except OSError:
        pass
    return False


def gpu_has_tensor_cores():
    """Whether TensorFlow sees a GPU of compute capability 7.0 or newer."""
    import tensorflow as tf

    for gpu in tf.config.list_physical_devices("GPU"):
        capability = tf.config.experimental.get_device_details(gpu).get("compute_capability")
        if capability and tuple(capability) >= (7, 0):
            return True
    return False


@contextlib.contextmanager
def dtype_policy(name):
    """Create layers under Keras's dtype policy ``name``, then restore the previous one."""
    import keras

    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy(name)
    try:
        yield
    finally:
        keras.config.set_dtype_policy(previous)


def float32_output(model):
    """Make the layer that produces ``model``'s output compute in float32.

    The layer's weights are float32 under every mixed policy already; only its
    computation (a softmax over bfloat16 logits loses most of its digits)
    changes. Nested models are followed to their last layer.
    """
    from .network import output_layer

    layer = output_layer(model)
    if layer.dtype_policy.name != "float32":
        layer.dtype_policy = "float32"
