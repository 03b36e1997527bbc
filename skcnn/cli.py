"""The ``skcnn`` command line.

``skcnn lab`` reruns the R keras MNIST lab end to end; ``archs``, ``train``,
``evaluate`` and ``predict`` cover everyday use, and ``export`` writes a saved
model's inference graph (ONNX or a SavedModel) for serving. Bad options and unavailable
data end with one paragraph on stderr that names the flags to change, and exit
status 2, never a traceback: the library's messages, which name Python
parameters (``image_size=(28, 28)``), are rewritten in flags (``--image-size 28
28``) by the table :data:`FLAGS`. Option problems are found before any data is
read or any network trained, all of them at once.

``skcnn train`` records in the model file what it trained on (the data, the
seed, the test share and the held-out images); ``skcnn evaluate`` reads that
record, so that by default it scores exactly the held-out images, and says how
many of the images it scores the model was trained on when they are not those.

This module is the command itself (the parser, ``main`` and the commands); the
rewrite of messages into flags and the reading and splitting of the data live
in :mod:`skcnn._cli`, whose names that users import from here (:data:`FLAGS`,
:func:`cli_message`, :class:`CLIError`, :func:`load_data`, :func:`load_split`,
``DIGITS_TEST_SIZE``, ``DEFAULT_TEST_SIZE``) it hands on (``name as name``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from ._checks import positive_int
from ._cli.data import DEFAULT_TEST_SIZE as DEFAULT_TEST_SIZE
from ._cli.data import DIGITS_TEST_SIZE as DIGITS_TEST_SIZE
from ._cli.data import data_problems, data_settings, read_source, split_source
from ._cli.data import load_data as load_data
from ._cli.data import load_split as load_split
from ._cli.messages import FLAGS as FLAGS
from ._cli.messages import CLIError, cli_message, raise_problems, warnings_in_flags
from ._labels import native

DATASETS = ("digits", "mnist", "fashion-mnist")
COLOR_MODES = ("auto", "grayscale", "rgb", "rgba")
ON_ERROR = ("raise", "skip")
EXPORT_FORMATS = ("onnx", "tf_saved_model")
# The key of skcnn train's record in the model file's extra metadata.
RECORD = "skcnn_train"

_CHANNELS = {"grayscale": 1, "rgb": 3, "rgba": 4}


def main(argv=None):
    """Run the ``skcnn`` command.

    Parameters
    ----------
    argv : list of str, default=None
        The arguments after ``skcnn``; None reads ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit status: 0 on success, 2 for a usage or data error (one
        paragraph on stderr naming the flags, no traceback), 130 when
        interrupted.

    Examples
    --------
    ``skcnn archs`` lists the presets (no Keras import):

    >>> from skcnn.cli import main
    >>> main(["archs"])  # doctest: +ELLIPSIS, +NORMALIZE_WHITESPACE
             family  year default_input_shape min_input_shape     params
    name
    simple   simple  2018         (28, 28, 1)     (18, 18, 1)      93322
    lenet5    lenet  1998         (32, 32, 1)     (32, 32, 1)      61706
    ...
    0

    A bad option ends with status 2 before anything is trained:

    >>> main(["train", "--model", "model.h5"])
    2
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        with warnings_in_flags(args.command):
            args.run(args)
    except BrokenPipeError:
        # The reader of our output went away (``skcnn predict ... | head``): stop
        # quietly, and keep Python from complaining again while it flushes stdout.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (CLIError, ValueError, OSError) as exc:
        # CLIError: ours; ValueError and OSError: a library call's, whose message
        # names the problem and its fix, in Python parameters.
        print(f"skcnn {args.command}: error: {cli_message(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"skcnn {args.command}: interrupted", file=sys.stderr)
        return 130
    return 0


# ------------------------------------------------------------------ options
def _parser():
    parser = argparse.ArgumentParser(
        prog="skcnn", description="Convolutional networks as scikit-learn estimators."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    lab = sub.add_parser("lab", help="rerun the R keras MNIST lab end to end")
    _data_options(lab)
    lab.add_argument("--arch", default="simple", help="architecture preset (default: simple)")
    lab.add_argument(
        "--epochs",
        type=_positive_int,
        default=None,
        help="training epochs (default: 30 on digits, 5 otherwise, as the lab)",
    )
    lab.add_argument(
        "--validation-split",
        type=float,
        default=0.1,
        help="share of the training images that validates each epoch (default: 0.1, as the lab)",
    )
    lab.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    lab.add_argument("--out", default="skcnn-lab", help="folder for the figures")
    lab.set_defaults(run=_run_lab)

    archs = sub.add_parser("archs", help="list the architecture presets")
    archs.add_argument(
        "--keras",
        action="store_true",
        help="also list the keras.applications models (arch='keras.<Name>')",
    )
    archs.set_defaults(run=_run_archs)

    train = sub.add_parser("train", help="fit a model and save it to a .keras file")
    _data_options(train)
    train.add_argument("--arch", default="simple", help="architecture preset (`skcnn archs`)")
    train.add_argument(
        "--epochs", type=_positive_int, default=None, help="default: the estimator's 'auto'"
    )
    train.add_argument(
        "--batch-size", type=_positive_int, default=None, help="default: the estimator's 'auto'"
    )
    train.add_argument(
        "--time-budget",
        type=float,
        default=None,
        help="seconds the fit may take (epochs become the most it trains)",
    )
    train.add_argument(
        "--checkpoint",
        metavar="FOLDER",
        default=None,
        help="save the training state there after every epoch; the same command "
        "run again after a kill continues from the last finished epoch",
    )
    train.add_argument(
        "--validation-split",
        type=float,
        default=0.0,
        help="share of the training images that validates each epoch (default: 0)",
    )
    train.add_argument(
        "--weights", default=None, help="'imagenet', or a .keras / .weights.h5 file to start from"
    )
    train.add_argument(
        "--trainable",
        type=_trainable,
        default=True,
        help="with --weights: true (default), false (freeze the base) or an "
        "int (the top n layers of the base train too)",
    )
    train.add_argument(
        "--augment",
        type=_augment,
        default="auto",
        help="'auto' (default: shifts, rotations, zooms for small images), 'false', "
        "'true' (flips, 10%% translations, contrast) or a JSON dict, e.g. "
        '\'{"translation": 0.1, "rotation": 0.05}\'',
    )
    train.add_argument(
        "--seed", type=int, default=0, help="seed of the split and of the training (default: 0)"
    )
    train.add_argument("--model", required=True, help="output path ending in .keras")
    train.set_defaults(run=_run_train)

    evaluate = sub.add_parser(
        "evaluate",
        help="loss and accuracy of a saved model, by default on the images `skcnn train` held out",
    )
    _data_options(evaluate, recorded=True)
    evaluate.add_argument("--model", required=True, help="a file written by `skcnn train`")
    evaluate.add_argument(
        "--seed",
        type=int,
        default=None,
        help="seed of the split (default: the --seed the model was trained with, else 0)",
    )
    evaluate.set_defaults(run=_run_evaluate)

    predict = sub.add_parser(
        "predict", help="predict labels of image files, folders of them, or a .npy array"
    )
    predict.add_argument("--model", required=True, help="a file written by `skcnn train`")
    predict.add_argument(
        "--color-mode",
        choices=COLOR_MODES,
        default=None,
        help="how image files are read: grayscale, rgb, rgba, or auto (as they are); "
        "default: as the model's input channels",
    )
    predict.add_argument(
        "images",
        nargs="+",
        help="image files (.bmp .gif .jpeg .jpg .png), folders of them (searched "
        "recursively), or a .npy file of images (n, h, w[, c]) or rows (n, d)",
    )
    predict.set_defaults(run=_run_predict)

    export = sub.add_parser(
        "export",
        help="write a saved model's inference graph as ONNX or a TensorFlow SavedModel",
    )
    export.add_argument("--model", required=True, help="a file written by `skcnn train` or save")
    export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default="onnx",
        help="onnx (needs pip install 'skcnn[export]') or tf_saved_model; default: onnx",
    )
    export.add_argument("output", help="the .onnx file or SavedModel folder to write")
    export.set_defaults(run=_run_export)
    return parser


def _data_options(parser, *, recorded=False):
    """The options that choose and read the data; with ``recorded`` (evaluate)
    they default to what the model file records, so they default to None here."""
    recorded_note = "default: as the model was trained (`skcnn train` records it), else "
    parser.add_argument(
        "--dataset",
        choices=DATASETS,
        default=None if recorded else "digits",
        help=(recorded_note if recorded else "default: ")
        + "digits; digits is embedded, mnist and fashion-mnist are read or downloaded",
    )
    parser.add_argument("--data-home", default=None, help="dataset cache folder")
    parser.add_argument(
        "--data",
        default=None,
        help="your own images instead of --dataset: a folder of class folders "
        "(path/<class>/<image>.png), an .npz with X and y (or x_train, "
        "y_train, x_test, y_test), or an .npy of images with --labels",
    )
    parser.add_argument("--labels", default=None, help="with --data images.npy: labels .npy")
    parser.add_argument(
        "--image-size",
        type=_positive_int,
        nargs=2,
        metavar=("H", "W"),
        default=None,
        help="with a --data folder: resize every image to H x W"
        + (" (default: the model's input size)" if recorded else ""),
    )
    parser.add_argument(
        "--color-mode",
        choices=COLOR_MODES,
        default=None,
        help="with a --data folder: read every image as grayscale (1 channel), rgb (3) "
        "or rgba (4), or auto: as the files are, which must agree"
        + (" (default: as the model's input channels)" if recorded else " (default: auto)"),
    )
    if _folder_reader_skips():
        parser.add_argument(
            "--on-error",
            choices=ON_ERROR,
            default=None,
            help="with a --data folder: stop at an unreadable image file (raise, the "
            "default) or leave it out with a warning (skip)",
        )
    parser.add_argument(
        "--test-size",
        type=float,
        default=None,
        help="with --data: share held out for testing, stratified ("
        + ("default: as the model was trained, else " if recorded else "default ")
        + "0.2; 0 keeps everything for training)",
    )


def _folder_reader_skips():
    """Whether :func:`skcnn.datasets.load_image_folder` takes ``on_error``."""
    import inspect

    from .datasets import load_image_folder

    return "on_error" in inspect.signature(load_image_folder).parameters


def _trainable(text):
    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    try:
        return _positive_int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be true, false or a number of layers, got {text!r}"
        ) from None


def _augment(text):
    import json

    lowered = text.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered == "auto":
        return "auto"
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError(
            f"must be auto, true, false or a JSON dict such as '{{\"translation\": 0.1}}', "
            f"got {text!r}"
        )
    return value


def _positive_int(text):
    value = int(text)  # not an int: argparse says "invalid value", _trainable needs the ValueError
    try:
        return positive_int(value, "value")
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}") from None


# ------------------------------------------------------------------ estimator
def _estimator(problems, **params):
    """A CNNClassifier with ``params``; their problems (in flags) are appended
    to ``problems``, all of them, not only the first."""
    from .estimator import CNNClassifier

    for name, value in params.items():
        try:
            CNNClassifier(**{name: value})._validate_params()
        except (ValueError, TypeError) as exc:
            problems.append(cli_message(exc))
    if isinstance(params.get("arch"), str):
        from .architectures import get_architecture

        try:
            get_architecture(params["arch"])
        except ValueError as exc:
            problems.append(cli_message(exc))
    return CNNClassifier(**params)


def _weights_problems(weights):
    if weights is None or weights == "imagenet" or os.path.isfile(weights):
        return []
    return [f"--weights {weights} is neither 'imagenet' nor an existing .keras or .weights.h5 file"]


def epoch_printer(total):
    """A Keras callback printing one progress line per epoch.

    Parameters
    ----------
    total : int
        The number of epochs, shown as ``Epoch i/total``.

    Returns
    -------
    keras.callbacks.Callback
        Prints the epoch's metrics (sorted by name, learning rate left out) and
        its duration.

    Examples
    --------
    >>> from skcnn.cli import epoch_printer
    >>> callback = epoch_printer(3)
    >>> callback.on_epoch_begin(0)
    >>> callback.on_epoch_end(0, {"loss": 0.5, "accuracy": 0.9, "learning_rate": 0.001})
    ... # doctest: +ELLIPSIS
    Epoch 1/3  accuracy 0.9000  loss 0.5000  (...s)
    """
    from ._keras import get_keras

    keras = get_keras()

    class EpochLine(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self._start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            parts = [f"{k} {logs[k]:.4f}" for k in sorted(logs) if k != "learning_rate"]
            seconds = time.perf_counter() - self._start
            print(
                f"Epoch {epoch + 1}/{total}  " + "  ".join(parts) + f"  ({seconds:.1f}s)",
                flush=True,
            )

    return EpochLine()


# ------------------------------------------------------------------ commands
def _run_lab(args):
    import numpy as np

    settings = data_settings(args)
    epochs = args.epochs or (30 if settings.data is None and settings.dataset == "digits" else 5)
    problems = data_problems(settings)
    clf = _estimator(
        problems,
        arch=args.arch,
        optimizer="rmsprop",
        learning_rate=None,
        label_smoothing=0.0,
        augment=None,
        batch_size=64,
        validation_split=args.validation_split,
        epochs=epochs,
        random_state=args.seed,
    )
    problems += _out_problems(args.out)
    raise_problems(problems)
    part = split_source(read_source(settings), settings)
    if part.test is None:
        raise CLIError("skcnn lab needs test images; pass --test-size above 0")
    (X_train, y_train), (X_test, y_test) = part.train, part.test
    print(
        f"skcnn lab: {part.source.name}, {len(X_train)} training and {len(X_test)} test "
        f"images of shape {X_train.shape[1:]}, --arch {args.arch}"
    )
    print(
        "Settings as the R lab: optimizer rmsprop at its constant rate, batch size 64, "
        f"validation split {args.validation_split}, {epochs} epochs, no augmentation\n"
    )
    clf.set_params(callbacks=[epoch_printer(epochs)])
    started = time.perf_counter()
    clf.fit(X_train, y_train)
    print(f"\nTrained in {time.perf_counter() - started:.1f}s\n")
    print(clf.summary().to_string(index=False))
    print(f"Total params: {clf.summary().attrs['total_params']:,}\n")
    print("Training history")
    print(clf.history_.round(4).to_string(), "\n")
    result = clf.evaluate(X_test, y_test)
    print(f"Test loss: {result['loss']:.4f}   Test accuracy: {result['accuracy']:.4f}")
    y_pred = clf.predict(X_test)
    print(f"Misclassified: {int(np.sum(y_pred != y_test))} of {len(y_test)}")
    _lab_report(clf, X_test, y_test, y_pred, args.out)


def _out_problems(out):
    """Whether the --out folder exists or can be made, checked before training."""
    folder = os.path.abspath(out)
    if os.path.exists(folder):
        return [] if os.path.isdir(folder) else [f"--out {out} is a file, not a folder"]
    parent = folder
    while not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if not os.path.isdir(parent) or not os.access(parent, os.W_OK | os.X_OK):
        return [f"cannot create --out folder {out}: {parent} is not a writable folder"]
    return []


def _lab_report(clf, X_test, y_test, y_pred, out):
    """The lab's tables and figures: R's table, caret's print, the classification
    report, the most-confused pairs, and history.png, confusion.png,
    misclassified.png and gradcam.png in ``out``."""
    from pathlib import Path

    from . import metrics, plotting

    print("\ntable(actual, predicted)")
    print(metrics.table(y_test, y_pred))
    print()
    print(metrics.confusion_matrix_report(y_test, y_pred, labels=clf.classes_))
    print("\nClassification report")
    print(metrics.classification_report(y_test, y_pred).round(4).to_string())
    proba = clf.predict_proba(X_test)
    if len(clf.classes_) > 5:
        top5 = metrics.top_k_accuracy(y_test, proba, k=5, labels=clf.classes_)
        print(f"Top-5 accuracy: {top5:.4f}")
    print("\nMost confused (true, predicted, count)")
    print(metrics.most_confused(y_test, y_pred).head(10).to_string(index=False))

    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CLIError(f"cannot create --out folder {folder}: {exc.strerror}") from None
    figures = {
        "history.png": plotting.plot_history(clf),
        "confusion.png": plotting.plot_confusion_matrix(y_test, y_pred, labels=clf.classes_),
        "misclassified.png": plotting.plot_misclassified(clf, X_test, y_test, y_pred=y_pred),
        "gradcam.png": plotting.plot_gradcam(clf, X_test[:16], y_test[:16]),
    }
    for name, figure in figures.items():
        figure.savefig(folder / name, dpi=100, bbox_inches="tight")
    print(f"\nFigures: {', '.join(str(folder / name) for name in figures)}")


def _run_archs(args):
    from .architectures import list_architectures

    table = list_architectures()
    if not args.keras:
        table = table[~table.index.str.startswith("keras.")]
    columns = ["family", "year", "default_input_shape", "min_input_shape", "params"]
    print(table[columns].to_string())


def _run_train(args):
    problems = []
    if not args.model.endswith(".keras"):
        problems.append(f"--model must end in .keras, got {args.model!r}")
    elif not os.path.isdir(os.path.dirname(os.path.abspath(args.model))):
        folder = os.path.dirname(args.model)
        problems.append(f"--model {args.model}: the folder {folder} does not exist")
    settings = data_settings(args)
    problems += data_problems(settings)
    problems += _weights_problems(args.weights)
    clf = _estimator(
        problems,
        arch=args.arch,
        epochs=args.epochs or "auto",
        batch_size=args.batch_size or "auto",
        time_budget=args.time_budget,
        checkpoint=args.checkpoint,
        validation_split=args.validation_split,
        weights=args.weights,
        trainable=args.trainable,
        augment=args.augment,
        random_state=args.seed,
    )
    raise_problems(problems)
    part = split_source(read_source(settings), settings)
    clf.set_params(callbacks=[epoch_printer(clf._epochs())])
    clf.fit(*part.train)
    clf.set_params(callbacks=None, checkpoint=None)  # the saved model does not checkpoint
    from ._estimators.persistence import save_estimator

    save_estimator(clf, args.model, extra={RECORD: part.record()})
    if part.test is None:
        print(f"Saved {args.model}; trained on {len(part.train[0])} images, none held out")
    else:
        print(
            f"Test accuracy: {clf.score(*part.test):.4f} on the {len(part.test[0])} held-out "
            f"images; saved {args.model}"
        )


def _run_export(args):
    from ._cli.export import export_file

    print(export_file(args.model, args.output, args.format))


def _load_model(path):
    from .estimator import CNNClassifier

    try:
        return CNNClassifier.load(path)
    except (OSError, ValueError) as exc:
        raise CLIError(f"cannot load {path}: {exc}") from None


def _train_record(path):
    """What ``skcnn train`` recorded in the model file, or None."""
    from ._estimators.persistence import read_metadata

    try:
        return read_metadata(path).get("extra", {}).get(RECORD)
    except ValueError:
        return None


def _evaluate_settings(args, record, clf):
    """The data options of ``skcnn evaluate``: those given, else those the
    model was trained with, else the defaults; image files are read at the
    model's input size and channels unless told otherwise."""
    settings = data_settings(args)
    same = record is not None and (
        (args.data is None and args.dataset is None)
        or (args.data is None and args.dataset == record["dataset"])
        or (args.data is not None and os.path.abspath(args.data) == record["data"])
    )
    if same:
        settings.dataset = record["dataset"] or "digits"
        settings.data = record["data"]
        for name in ("labels", "data_home", "image_size", "color_mode", "on_error"):
            if getattr(settings, name) is None:
                setattr(settings, name, record.get(name))
        if settings.test_size is None and settings.data is not None:
            settings.test_size = record["test_size"]
        if args.data is None and settings.data is not None and not os.path.exists(settings.data):
            raise CLIError(
                f"the model was trained on --data {settings.data}, which is not there any "
                f"more; pass --data with the images to score"
            )
    if args.seed is None:
        settings.seed = record["seed"] if record is not None and record["seed"] is not None else 0
    if settings.data is not None and os.path.isdir(settings.data):
        height, width, channels = clf.input_shape_
        if settings.image_size is None:
            settings.image_size = (height, width)
        if settings.color_mode is None:
            settings.color_mode = {1: "grayscale", 3: "rgb", 4: "rgba"}.get(channels, "auto")
    return settings


def _run_evaluate(args):
    clf = _load_model(args.model)
    record = _train_record(args.model)
    settings = _evaluate_settings(args, record, clf)
    raise_problems(data_problems(settings))
    source = read_source(settings)
    (X, y), what, note = _scored_part(source, split_source(source, settings), record)
    _check_known_labels(clf, y, source)
    result = clf.evaluate(X, y)
    print(
        f"loss {result['loss']:.4f}  accuracy {result['accuracy']:.4f}  on {len(y)} images: {what}"
    )
    if note:
        print(f"skcnn evaluate: warning: {note}", file=sys.stderr)


def _check_known_labels(clf, y, source):
    import numpy as np

    known = {native(c) for c in clf.classes_}
    unknown = sorted({native(v) for v in np.asarray(y).tolist()} - known, key=str)
    if unknown:
        shown = ", ".join(map(repr, unknown[:10])) + (", ..." if len(unknown) > 10 else "")
        raise CLIError(
            f"{source.name} holds images labelled {shown}, which the model does not know "
            f"(its classes are {[native(c) for c in clf.classes_]}); score it on images "
            f"of its classes"
        )


def _split_text(source, test_size, seed):
    """The options of a split, as a user types them."""
    if source.record["data"] is None:  # digits: 75/25 by --seed
        return f"--seed {seed}"
    return f"--test-size {test_size:g} --seed {seed}"


def _scored_part(source, part, record):
    """The images ``skcnn evaluate`` scores, what they are, and a warning when
    they are not images the model was never trained on (None when they are)."""
    import numpy as np

    split = _split_text(source, part.test_size, part.seed) if part.seed is not None else ""
    if part.test is None:
        scored, what = part.train, f"all of {source.name} (--test-size 0)"
    elif part.test_indices is None:
        scored, what = part.test, f"the test set of {source.name}"
    else:
        scored, what = part.test, f"the held-out part of {source.name} by {split}"
    if record is None:
        return (
            scored,
            what,
            (
                "the model file does not say what the model was trained on (it was not saved "
                "by skcnn train): cannot tell whether these images are among its training images"
            ),
        )
    if record["fingerprint"] != source.record["fingerprint"]:
        was = f"--data {record['data']}" if record["data"] else f"--dataset {record['dataset']}"
        if (record["data"], record["dataset"]) == (source.record["data"], source.record["dataset"]):
            return (
                scored,
                what,
                (
                    f"{source.name} has changed since the model was trained on it "
                    f"({record['n_images']} images then, {source.record['n_images']} now): cannot "
                    f"tell which of the {len(scored[1])} images scored it was trained on"
                ),
            )
        return (
            scored,
            what,
            (
                f"the model was trained on {was}, not on {source.name}: cannot tell whether any "
                f"of the {len(scored[1])} images scored are among its training images"
            ),
        )
    if part.test is not None and part.test_indices is None:
        return scored, f"{what}, which the model was not trained on", None
    held_out = record["test_indices"]
    if held_out is not None and (record["test_size"], record["seed"]) == (
        part.test_size,
        part.seed,
    ):
        # Exactly the images skcnn train held out, as it recorded them.
        index = np.asarray(held_out, dtype=np.int64)
        scored = (source.X[index], source.y[index])
        return scored, f"those of {source.name} that skcnn train held out ({split})", None
    indices = part.train_indices if part.test is None else part.test_indices
    if held_out is None:
        return (
            scored,
            what,
            (
                f"the model was trained on all {record['n_train']} images of {source.name} "
                f"(--test-size 0): the {len(indices)} images scored are training images, so the "
                f"score overrates it; there are no held-out images to score"
            ),
        )
    trained = np.ones(source.record["n_images"], dtype=bool)
    trained[np.asarray(held_out, dtype=np.int64)] = False
    seen = int(trained[indices].sum())
    recorded = _split_text(source, record["test_size"], record["seed"])
    options = "--seed" if source.record["data"] is None else "--seed and --test-size"
    return (
        scored,
        what,
        (
            f"the model was trained with {recorded}: {seen} of the {len(indices)} images scored "
            f"are among its {record['n_train']} training images, so the score overrates it; "
            f"leave out {options} to score the images it held out"
        ),
    )


def _run_predict(args):
    clf = _load_model(args.model)
    for source, images in _prediction_inputs(args.images, clf, args.color_mode):
        try:
            labels = clf.predict(images)
        except (OSError, ValueError) as exc:
            raise CLIError(f"cannot predict {source}: {str(exc).splitlines()[0]}") from None
        paths = getattr(images, "paths", None)
        if paths is None:
            for label in labels:
                print(label)
        else:
            for path, label in zip(paths, labels, strict=True):
                print(f"{path}\t{label}")


_PREDICT_HELP = (
    "skcnn predict takes image files (.bmp, .gif, .jpeg, .jpg, .png), folders of them, "
    "or .npy files of images"
)


def _prediction_inputs(sources, clf, color_mode=None):
    """``(source, images)`` pairs: an array per .npy file, and one ImageFiles for
    all image files and folders, sized and coloured as the model's inputs."""
    import numpy as np

    from ._inputs.image_files import ImageFiles
    from ._inputs.image_reading import IMAGE_EXTENSIONS

    files, problems = [], []
    for source in sources:
        if source.endswith(".npy") and os.path.isfile(source):
            continue
        if os.path.isdir(source):
            found = sorted(
                os.path.join(folder, name)
                for folder, _, names in os.walk(source)
                for name in names
                if name.lower().endswith(IMAGE_EXTENSIONS) and not name.startswith(".")
            )
            if not found:
                problems.append(f"{source} holds no image files; {_PREDICT_HELP}")
            files += found
        elif source.lower().endswith(IMAGE_EXTENSIONS) and os.path.isfile(source):
            files.append(source)
        else:
            problem = "does not exist" if not os.path.exists(source) else "is not readable here"
            problems.append(f"{source} {problem}; {_PREDICT_HELP}")
    height, width, channels = clf.input_shape_
    model_mode = {1: "grayscale", 3: "rgb", 4: "rgba"}.get(channels)
    if files and color_mode not in (None, "auto") and _CHANNELS[color_mode] != channels:
        problems.append(
            f"--color-mode {color_mode} reads {_CHANNELS[color_mode]} channel(s), but the "
            f"model takes {channels}"
            + (f": pass --color-mode {model_mode} or leave it out" if model_mode else "")
        )
    elif files and model_mode is None:
        problems.append(
            f"the model takes images of {channels} channels, which image files do not have; "
            f"pass a .npy file"
        )
    raise_problems(problems)
    for source in sources:
        if source.endswith(".npy") and os.path.isfile(source):
            try:
                yield source, np.load(source, allow_pickle=False)
            except (OSError, ValueError) as exc:
                raise CLIError(f"cannot read {source}: {str(exc).splitlines()[0]}") from None
    if files:
        images = ImageFiles(files, image_size=(height, width), color_mode=color_mode or model_mode)
        if images.shape[-1] != channels:
            raise CLIError(
                f"{images.paths[0]} is read with {images.shape[-1]} channel(s) under "
                f"--color-mode auto, but the model takes {channels}: pass --color-mode "
                f"{model_mode} (or leave out --color-mode)"
            )
        yield "the image files", images


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
