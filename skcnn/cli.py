"""The ``skcnn`` command line.

``skcnn lab`` reruns the R keras MNIST lab end to end; ``archs``, ``train``,
``evaluate`` and ``predict`` cover everyday use. Bad options and unavailable
data end with one paragraph on stderr that names the flags to change, and exit
status 2, never a traceback: the library's messages, which name Python
parameters (``image_size=(28, 28)``), are rewritten in flags (``--image-size 28
28``) by the table :data:`FLAGS`. Option problems are found before any data is
read or any network trained, all of them at once.

``skcnn train`` records in the model file what it trained on (the data, the
seed, the test share and the held-out images); ``skcnn evaluate`` reads that
record, so that by default it scores exactly the held-out images, and says how
many of the images it scores the model was trained on when they are not those.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time

from ._checks import positive_int
from ._labels import native

DATASETS = ("digits", "mnist", "fashion-mnist")
COLOR_MODES = ("auto", "grayscale", "rgb", "rgba")
ON_ERROR = ("raise", "skip")
# digits is split 75/25 with --seed; MNIST and Fashion-MNIST have their own test sets.
DIGITS_TEST_SIZE = 0.25
DEFAULT_TEST_SIZE = 0.2
# The key of skcnn train's record in the model file's extra metadata.
RECORD = "skcnn_train"

_CHANNELS = {"grayscale": 1, "rgb": 3, "rgba": 4}

# How the library's messages spell a setting (a Python parameter) -> the flag
# that sets it. Every message the CLI prints goes through these.
FLAGS = {
    "arch": "--arch",
    "augment": "--augment",
    "batch_size": "--batch-size",
    "checkpoint": "--checkpoint",
    "color_mode": "--color-mode",
    "epochs": "--epochs",
    "image_size": "--image-size",
    "on_error": "--on-error",
    "path": "--data",
    "random_state": "--seed",
    "test_size": "--test-size",
    "time_budget": "--time-budget",
    "trainable": "--trainable",
    "validation_split": "--validation-split",
    "weights": "--weights",
}
_NAMES = "|".join(sorted(FLAGS, key=len, reverse=True))
_NAMES_WITH_UNDERSCORE = "|".join(
    name for name in sorted(FLAGS, key=len, reverse=True) if "_" in name
)
_VALUE = (
    r"'[^']*'(?:, '[^']*')*(?:,? or '[^']*')?"  # 'a' or 'a', 'b' or 'c'
    r'|"[^"]*"'
    r"|\([^()]*\)"  # (8, 8), (h, w)
    r"|\{[^{}]*\}"  # a dict: --augment's JSON
    r"|\.\.\.|True|False|None"
    r"|-?\d+(?:\.\d+)?(?:e-?\d+)?"
)
# Applied in order, before each remaining ``name=value`` becomes ``--flag value``.
_REWRITES = (
    # sklearn's parameter validation: "The 'epochs' parameter of CNNClassifier must be ..."
    (rf"The '({_NAMES})' parameter of \w+", lambda m: FLAGS[m.group(1)]),
    (rf"\b([Pp])ass ({_NAMES})=None\b", lambda m: f"{m.group(1)}ass no {FLAGS[m.group(2)]}"),
    # "ImageFiles(..., image_size=(8, 8), color_mode=...)" -> "--image-size 8 8 and --color-mode"
    (
        r"ImageFiles\(\.\.\., ((?:[^()]|\([^()]*\))*)\)",
        lambda m: _in_flags(m.group(1)).replace(", --", " and --"),
    ),
    (r"list_architectures\(\) shows them all", lambda m: "`skcnn archs --keras` lists them all"),
    (r"list_architectures\(\)", lambda m: "`skcnn archs`"),
    (r" Or pass a builder callable or a keras\.Model\.", lambda m: ""),
    (r" or a keras\.Model as weights\b", lambda m: " as --weights"),
    # A parameter named on its own: "augment has unknown key(s)", "image_size must be".
    (rf"^({_NAMES})\b(?!=)", lambda m: FLAGS[m.group(1)]),
    (rf"(?<![\w'/.-])({_NAMES_WITH_UNDERSCORE})\b(?![=(/.-])", lambda m: FLAGS[m.group(1)]),
)
# After a flag, what the CLI cannot pass: "--time-budget must be None or a float ...".
_AFTER = ((r"(--[a-z-]+) must be None or ", r"\1 must be "),)


_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")


def _unquote(match):
    return match.group(1) if match.group(1) is not None else match.group(2)


def _flag(match):
    flag = FLAGS[match.group(1)]
    value = match.group(2)
    if value is None or value == "...":
        return flag
    if value.startswith("{"):
        return f"{flag} '{_json(value)}'"
    if value.startswith("("):
        parts = [part.strip().strip("'\"") for part in value[1:-1].split(",") if part.strip()]
        return " ".join([flag, *(p[0].upper() if p.isalpha() else p for p in parts)])
    if value == "None":  # --augment false; no other flag takes None
        return f"{flag} false" if flag == "--augment" else f"no {flag}"
    if value in ("True", "False"):
        return f"{flag} {value.lower()}"
    return f"{flag} {_QUOTED.sub(_unquote, value)}"


def _json(value):
    """A Python dict literal as JSON, as --augment takes it."""
    import ast
    import json

    try:
        return json.dumps(ast.literal_eval(value))
    except (ValueError, SyntaxError):
        return value


def _in_flags(text):
    """``text`` with the Python spellings of settings replaced by their flags."""
    for pattern, rewrite in _REWRITES:
        text = re.sub(pattern, rewrite, text)
    text = re.sub(rf"(?<![\w(.'-])({_NAMES})=({_VALUE})?", _flag, text)
    for pattern, rewrite in _AFTER:
        text = re.sub(pattern, rewrite, text)
    return text


def cli_message(text):
    """A library message as the CLI prints it: one paragraph, in flags.

    Parameters
    ----------
    text : str
        A message, e.g. a ValueError's; several lines become one.

    Returns
    -------
    str

    Examples
    --------
    >>> from skcnn.cli import cli_message
    >>> cli_message("Pass image_size=(h, w) to resize, e.g.\\nimage_size=(28, 28).")
    'Pass --image-size H W to resize, e.g. --image-size 28 28.'
    >>> cli_message("Pass color_mode='grayscale', 'rgb' or 'rgba'.")
    'Pass --color-mode grayscale, rgb or rgba.'
    """
    paragraph = " ".join(line.strip() for line in str(text).splitlines() if line.strip())
    return _in_flags(paragraph)


class CLIError(Exception):
    """A user-facing failure: printed as one paragraph, exit status 2.

    :func:`main` catches it (and the ValueError or OSError of a library call)
    and prints ``skcnn <command>: error: <message>`` on stderr instead of a
    traceback, the message's Python parameters spelled as flags.

    Examples
    --------
    A model file that does not exist is one: ``main`` writes
    ``skcnn predict: error: cannot load missing.keras: [Errno 2] No such file
    or directory: 'missing.keras'`` on stderr and returns 2.

    >>> from skcnn.cli import CLIError, main
    >>> main(["predict", "--model", "missing.keras", "images.npy"])
    2
    >>> issubclass(CLIError, Exception)
    True
    """


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
        with _warnings_in_flags(args.command):
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


class _warnings_in_flags:
    """Print warnings as ``skcnn <command>: warning: <message in flags>``."""

    def __init__(self, command):
        self.command = command

    def __enter__(self):
        import warnings

        self._saved = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):
            print(f"skcnn {self.command}: warning: {cli_message(message)}", file=sys.stderr)

        warnings.showwarning = show
        return self

    def __exit__(self, *exc):
        import warnings

        warnings.showwarning = self._saved
        return False


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


def _raise_problems(problems):
    """One CLIError listing every problem found, if any."""
    if len(problems) == 1:
        raise CLIError(problems[0])
    if problems:
        listed = "; ".join(f"({i}) {p.rstrip('.')}" for i, p in enumerate(problems, 1))
        raise CLIError(f"{len(problems)} problems: {listed}")


# ------------------------------------------------------------------ data
class _Settings(argparse.Namespace):
    """The data options in effect: dataset, data_home, data, labels,
    image_size, color_mode, on_error, test_size, seed."""


def _settings(args, **overrides):
    fields = ("dataset", "data_home", "data", "labels", "image_size", "color_mode", "on_error")
    settings = _Settings(**{name: getattr(args, name, None) for name in fields})
    settings.dataset = settings.dataset or "digits"
    settings.test_size = getattr(args, "test_size", None)
    settings.seed = getattr(args, "seed", None) or 0
    for name, value in overrides.items():
        setattr(settings, name, value)
    return settings


def _data_problems(settings):
    """What is wrong with the data options, found without reading any data."""
    problems = []
    data = settings.data
    exists = data is not None and os.path.exists(data)
    folder = exists and os.path.isdir(data)
    npy = data is not None and data.endswith(".npy")
    needs = (
        ("--labels", settings.labels, npy, "--data images.npy"),
        ("--image-size", settings.image_size, folder, "a --data folder"),
        ("--color-mode", settings.color_mode, folder, "a --data folder"),
        ("--on-error", settings.on_error, folder, "a --data folder"),
    )
    for option, value, applies, what in needs:
        if value is None or applies or (data is not None and not exists):
            continue
        if data is None:
            problems.append(f"{option} goes with {what}, which is not given")
        elif option == "--labels" and folder:
            problems.append(
                "--labels goes with an .npy file; a folder's labels are its class folders"
            )
        else:
            problems.append(f"{option} goes with {what}, not with --data {data}")
    if settings.test_size is not None:
        if data is None:
            split = "is split 75/25 by --seed" if settings.dataset == "digits" else "has its own"
            problems.append(
                f"--test-size goes with --data; --dataset {settings.dataset} {split}"
                + ("" if settings.dataset == "digits" else " test images")
            )
        elif not 0 <= settings.test_size < 1:
            problems.append(f"--test-size must lie in [0, 1), got {settings.test_size:g}")
    if data is not None and not exists:
        problems.append(f"--data {data} does not exist; {_DATA_HELP}")
    elif data is not None and not folder:
        if not data.endswith((".npz", ".npy")):
            problems.append(f"cannot read --data {data}: {_DATA_HELP}")
        elif npy and settings.labels is None:
            problems.append(f"--data {data} holds images only; pass --labels labels.npy")
    if settings.labels is not None and not os.path.isfile(settings.labels):
        problems.append(f"--labels {settings.labels} does not exist")
    return problems


_DATA_HELP = (
    "--data takes a folder of class folders (path/<class>/<image>.png), an .npz file "
    "with arrays X and y (or x_train, y_train, x_test, y_test), or an .npy file of "
    "images with --labels labels.npy"
)


class _Source:
    """The images of ``--data`` or ``--dataset``: all of them (``X``, ``y``)
    when skcnn holds out the test part, or the source's own training part
    with its ``test`` part; ``record`` says what they are."""

    def __init__(self, name, X, y, test, record):
        self.name, self.X, self.y, self.test, self.record = name, X, y, test, record


def _read_source(settings):
    """Read the data the settings name (after :func:`_data_problems`)."""
    from . import datasets
    from ._inputs.validation import is_image_files

    record = {
        "dataset": None if settings.data else settings.dataset,
        "data": None if settings.data is None else os.path.abspath(settings.data),
        "labels": None if settings.labels is None else os.path.abspath(settings.labels),
        "data_home": settings.data_home,
        "image_size": None,
        "color_mode": None,
        "on_error": settings.on_error,
    }
    if settings.data is not None:
        X, y, test = _read_data(settings)
        if is_image_files(X):
            record["image_size"] = (
                None if settings.image_size is None else list(settings.image_size)
            )
            record["color_mode"] = settings.color_mode
        name = f"--data {settings.data}"
    elif settings.dataset == "digits":
        (X, y), test = datasets.load_digits_images(), None
        name = "digits"
    else:
        (X, y), test = _load_standard(settings.dataset, settings.data_home)
        name = settings.dataset
    root = settings.data if settings.data is not None and os.path.isdir(settings.data) else None
    record["n_images"] = len(X) + (0 if test is None else len(test[0]))
    record["fingerprint"] = _fingerprint(root, (X, y), test)
    return _Source(name, X, y, test, record)


def _load_standard(dataset, data_home):
    """((X_train, y_train), (X_test, y_test)) of MNIST or Fashion-MNIST."""
    from . import datasets

    try:
        if dataset == "mnist":
            return datasets.load_mnist(data_home=data_home)
        # Fashion-MNIST's labels by name ("Ankle boot"), as the reports show them.
        train, test, names = datasets.load_fashion_mnist(
            data_home=data_home, return_class_names=True
        )
        return (train[0], names[train[1]]), (test[0], names[test[1]])
    except datasets.DatasetUnavailableError as exc:
        files = ", ".join(f"{name}.gz" for name in exc.missing)
        raise CLIError(
            f"{dataset} is not on disk and could not be downloaded; put {files} in "
            f"{exc.folder} (or point --data-home at a folder that has them)"
        ) from None


def _fingerprint(root, *parts):
    """A SHA-256 of which images, with which labels: of image files their paths
    under ``root`` (not their pixels), of arrays their bytes."""
    import hashlib

    import numpy as np

    from ._inputs.validation import is_image_files

    digest = hashlib.sha256()
    for part in parts:
        if part is None:
            continue
        images, labels = part
        if is_image_files(images):
            names = [os.path.relpath(path, root) for path in images.paths]
            digest.update("\0".join(names).encode())
        else:
            array = np.ascontiguousarray(images)
            digest.update(f"{array.shape}{array.dtype}".encode())
            digest.update(memoryview(array.reshape(-1).view(np.uint8)))
        digest.update("\0".join(map(str, np.asarray(labels).tolist())).encode())
    return digest.hexdigest()


def _read_data(settings):
    """``(X, y, test)`` from a ``--data`` path; ``test`` is None unless the .npz
    file holds its own test arrays."""
    import numpy as np

    from .datasets import load_image_folder

    path = settings.data
    if os.path.isdir(path):
        options = {"image_size": settings.image_size, "lazy": True}
        options["color_mode"] = settings.color_mode or "auto"
        if settings.on_error is not None:
            options["on_error"] = settings.on_error
        X, y = load_image_folder(path, **options)
        X.verify()
        return X, y, None
    try:
        if path.endswith(".npz"):
            with np.load(path, allow_pickle=False) as archive:
                arrays = {key: archive[key] for key in archive.files}
            return _npz_arrays(path, arrays)
        images = np.load(path, allow_pickle=False)
        labels = np.load(settings.labels, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise CLIError(f"cannot read {path}: {str(exc).splitlines()[0]}") from None
    if len(labels) != len(images):
        raise CLIError(
            f"--labels {settings.labels} holds {len(labels)} labels for the {len(images)} "
            f"images of --data {path}; pass one label per image"
        )
    return images, labels, None


def _npz_arrays(path, arrays):
    keys = set(arrays)
    for train_x, train_y in (("X", "y"), ("x", "y")):
        if {train_x, train_y} <= keys:
            return arrays[train_x], arrays[train_y], None
    if {"x_train", "y_train", "x_test", "y_test"} <= keys:
        test = (arrays["x_test"], arrays["y_test"])
        return arrays["x_train"], arrays["y_train"], test
    raise CLIError(
        f"{path} holds the arrays {sorted(keys)}; skcnn reads X and y, or x_train, y_train, "
        f"x_test and y_test"
    )


class _Split:
    """The training and test parts of a source, and what the test part is:
    ``test_indices`` into the source's images, or None for its own test set."""

    def __init__(self, source, test_size, seed, train_indices, test_indices):
        self.source, self.test_size, self.seed = source, test_size, seed
        self.train_indices, self.test_indices = train_indices, test_indices
        if source.test is not None:
            self.train, self.test = (source.X, source.y), source.test
        elif test_indices is None:
            self.train, self.test = (source.X, source.y), None
        else:
            self.train = (source.X[train_indices], source.y[train_indices])
            self.test = (source.X[test_indices], source.y[test_indices])

    def record(self):
        """What ``skcnn train`` stores: JSON-ready."""
        return {
            **self.source.record,
            "test_size": self.test_size,
            "seed": self.seed,
            "n_train": len(self.train[0]),
            "n_test": 0 if self.test is None else len(self.test[0]),
            "test_indices": None if self.test_indices is None else self.test_indices.tolist(),
        }


def _split(source, settings):
    """Hold out the test part: digits 75/25 and ``--data`` by ``--test-size``
    (default 0.2), stratified, with ``--seed``; a source with its own test set
    keeps it."""
    import numpy as np

    if source.test is not None:
        return _Split(source, None, None, None, None)
    if settings.data is None:
        test_size = DIGITS_TEST_SIZE
    else:
        test_size = DEFAULT_TEST_SIZE if settings.test_size is None else settings.test_size
    everything = np.arange(len(source.X))
    if test_size == 0:
        return _Split(source, 0.0, settings.seed, everything, None)
    from sklearn.model_selection import train_test_split

    try:
        train, test = train_test_split(
            everything, test_size=test_size, stratify=source.y, random_state=settings.seed
        )
    except ValueError as exc:
        raise CLIError(
            f"cannot hold out --test-size {test_size} of {source.name}: {exc} (pass "
            f"--test-size 0 to train on everything)"
        ) from None
    return _Split(source, float(test_size), settings.seed, train, test)


def load_split(dataset, seed=0, data_home=None):
    """Train and test arrays for a ``--dataset`` name.

    Parameters
    ----------
    dataset : {"digits", "mnist", "fashion-mnist"}
        ``digits`` is split 75/25, stratified, with ``seed``; MNIST and
        Fashion-MNIST come with their own split, Fashion-MNIST's labels as its
        class names ("T-shirt/top", ..., "Ankle boot").
    seed : int, default=0
        Seed of the digits split.
    data_home : str, default=None
        Cache folder of MNIST and Fashion-MNIST (see :mod:`skcnn.datasets`).

    Returns
    -------
    (X_train, y_train), (X_test, y_test) : tuples of ndarray

    Raises
    ------
    CLIError
        When MNIST or Fashion-MNIST is neither on disk nor downloadable.

    Examples
    --------
    >>> from skcnn.cli import load_split
    >>> (X_train, y_train), (X_test, y_test) = load_split("digits")
    >>> X_train.shape, X_test.shape
    ((1347, 8, 8, 1), (450, 8, 8, 1))
    """
    settings = _Settings(
        dataset=dataset,
        data_home=data_home,
        data=None,
        labels=None,
        image_size=None,
        color_mode=None,
        on_error=None,
        test_size=None,
        seed=seed,
    )
    part = _split(_read_source(settings), settings)
    return part.train, part.test


def load_data(args):
    """Train and test data for the ``--dataset`` / ``--data`` options.

    Parameters
    ----------
    args : argparse.Namespace
        ``dataset``, ``data_home``, ``data``, ``labels``, ``image_size``,
        ``test_size`` and ``seed`` (0 when absent); ``color_mode`` and
        ``on_error`` when present.

    Returns
    -------
    (X_train, y_train), test
        ``test`` is ``(X_test, y_test)``, or None when ``--test-size 0`` keeps
        every image of ``--data`` for training. A folder gives lazily decoded
        :class:`skcnn.datasets.ImageFiles`.

    Raises
    ------
    CLIError
        For options that do not go together or data that cannot be read, all
        the problems found before reading in one message.

    Examples
    --------
    >>> import argparse
    >>> from skcnn.cli import load_data
    >>> args = argparse.Namespace(dataset="digits", data_home=None, data=None, labels=None,
    ...                           image_size=None, test_size=None, seed=0)
    >>> (X_train, y_train), (X_test, y_test) = load_data(args)
    >>> X_train.shape
    (1347, 8, 8, 1)
    """
    settings = _settings(args)
    _raise_problems(_data_problems(settings))
    part = _split(_read_source(settings), settings)
    return part.train, part.test


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

    settings = _settings(args)
    epochs = args.epochs or (30 if settings.data is None and settings.dataset == "digits" else 5)
    problems = _data_problems(settings)
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
    _raise_problems(problems)
    part = _split(_read_source(settings), settings)
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
    settings = _settings(args)
    problems += _data_problems(settings)
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
    _raise_problems(problems)
    part = _split(_read_source(settings), settings)
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
    settings = _settings(args)
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
    _raise_problems(_data_problems(settings))
    source = _read_source(settings)
    (X, y), what, note = _scored_part(source, _split(source, settings), record)
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

    from ._inputs.image_files import IMAGE_EXTENSIONS, ImageFiles

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
    _raise_problems(problems)
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
