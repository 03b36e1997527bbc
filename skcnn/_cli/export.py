"""``skcnn export``: a saved estimator's inference graph as ONNX or a SavedModel.

The model file may hold any skcnn estimator (the class its metadata names is
the one loaded); :meth:`skcnn.CNNClassifier.export` writes the graph.
"""

from __future__ import annotations

from .messages import CLIError

__all__ = ["ESTIMATORS", "export_file", "load_estimator_file"]

# The estimator classes a model file may name, by class name.
ESTIMATORS = ("CNNClassifier", "CNNRegressor", "CNNFeatureExtractor")


def load_estimator_file(path):
    """The fitted estimator saved in ``path``, of the class its metadata names."""
    from .._estimators.persistence import read_metadata

    try:
        name = read_metadata(path).get("class", "CNNClassifier")
    except (OSError, ValueError) as exc:
        raise CLIError(f"cannot load {path}: {exc}") from None
    if name not in ESTIMATORS:
        raise CLIError(
            f"cannot load {path}: it holds a {name}, not one of {', '.join(ESTIMATORS)}."
        )
    import skcnn

    try:
        return getattr(skcnn, name).load(path)
    except (OSError, ValueError) as exc:
        raise CLIError(f"cannot load {path}: {exc}") from None


def export_file(model_path, output, format):
    """Export the estimator saved in ``model_path`` to ``output``; return a
    one-line description of what was written."""
    estimator = load_estimator_file(model_path)
    try:
        estimator.export(output, format=format)
    except ImportError as exc:
        raise CLIError(str(exc)) from None
    from .._estimators.export import output_kind

    kind = output_kind(estimator)
    shape = "x".join(str(int(s)) for s in estimator.input_shape_)
    return (
        f"Exported {type(estimator).__name__} to {output} ({format}): input 'pixels' "
        f"float32 (n, {shape.replace('x', ', ')}) raw pixel values, output '{kind}'"
    )
