"""The ``skcnn`` command line.

``skcnn lab`` reruns the R keras MNIST lab end to end; ``archs``, ``train``,
``evaluate`` and ``predict`` cover everyday use. Bad options and unavailable
data end with one clear line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time

DATASETS = ("digits", "mnist", "fashion-mnist")


class CLIError(Exception):
    """A user-facing failure: printed as one line, exit status 2.

    :func:`main` catches it and prints ``skcnn <command>: error: <message>`` on
    stderr instead of a traceback.

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
        The exit status: 0 on success, 2 for a usage or data error (one line
        on stderr, no traceback), 130 when interrupted.

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
        args.run(args)
    except BrokenPipeError:
        # The reader of our output went away (``skcnn predict ... | head``): stop
        # quietly, and keep Python from complaining again while it flushes stdout.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except CLIError as exc:
        print(f"skcnn {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"skcnn {args.command}: interrupted", file=sys.stderr)
        return 130
    return 0


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
    train.add_argument("--arch", default="simple")
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
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--model", required=True, help="output path ending in .keras")
    train.set_defaults(run=_run_train)

    evaluate = sub.add_parser("evaluate", help="loss and accuracy of a saved model")
    _data_options(evaluate)
    evaluate.add_argument("--model", required=True, help="a file written by `skcnn train`")
    evaluate.add_argument(
        "--seed",
        type=int,
        default=0,
        help="the --seed the model was trained with: the same held-out "
        "images of --data (and of digits)",
    )
    evaluate.set_defaults(run=_run_evaluate)

    predict = sub.add_parser(
        "predict", help="predict labels of image files, folders of them, or a .npy array"
    )
    predict.add_argument("--model", required=True)
    predict.add_argument(
        "images",
        nargs="+",
        help="image files (.bmp .gif .jpeg .jpg .png), folders of them (searched "
        "recursively), or a .npy file of images (n, h, w[, c]) or rows (n, d)",
    )
    predict.set_defaults(run=_run_predict)
    return parser


def _data_options(parser):
    parser.add_argument(
        "--dataset",
        choices=DATASETS,
        default="digits",
        help="digits is embedded; mnist and fashion-mnist are read or downloaded",
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
        help="with a --data folder: resize every image to H x W",
    )
    parser.add_argument(
        "--test-size",
        type=float,
        default=0.2,
        help="with --data: share held out for testing, stratified (default "
        "0.2; 0 keeps everything for training)",
    )


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
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


# ------------------------------------------------------------------ data
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
    from . import datasets

    if dataset == "digits":
        from sklearn.model_selection import train_test_split

        X, y = datasets.load_digits_images()
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, test_size=0.25, stratify=y, random_state=seed
        )
        return (X_train, y_train), (X_test, y_test)
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


def load_data(args):
    """Train and test data for the ``--dataset`` / ``--data`` options.

    Parameters
    ----------
    args : argparse.Namespace
        ``dataset``, ``data_home``, ``data``, ``labels``, ``image_size``,
        ``test_size`` and ``seed`` (0 when absent).

    Returns
    -------
    (X_train, y_train), test
        ``test`` is ``(X_test, y_test)``, or None when ``--test-size 0`` keeps
        every image of ``--data`` for training. A folder gives lazily decoded
        :class:`skcnn.datasets.ImageFiles`.

    Examples
    --------
    >>> import argparse
    >>> from skcnn.cli import load_data
    >>> args = argparse.Namespace(dataset="digits", data_home=None, data=None, labels=None,
    ...                           image_size=None, test_size=0.2, seed=0)
    >>> (X_train, y_train), (X_test, y_test) = load_data(args)
    >>> X_train.shape
    (1347, 8, 8, 1)
    """
    seed = getattr(args, "seed", 0)
    if args.data is None:
        for option, value in (("--labels", args.labels), ("--image-size", args.image_size)):
            if value is not None:
                raise CLIError(f"{option} goes with --data, which is not given")
        return load_split(args.dataset, seed, args.data_home)
    X, y, test = _read_data(args.data, args.labels, args.image_size)
    if test is not None:
        return (X, y), test
    if args.test_size == 0:
        return (X, y), None
    if not 0 < args.test_size < 1:
        raise CLIError(f"--test-size must lie in [0, 1), got {args.test_size}")
    from sklearn.model_selection import train_test_split

    try:
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, test_size=args.test_size, stratify=y, random_state=seed
        )
    except ValueError as exc:
        raise CLIError(
            f"cannot hold out --test-size {args.test_size} of {args.data}: {exc} "
            f"(pass --test-size 0 to train on everything)"
        ) from None
    return (X_train, y_train), (X_test, y_test)


_DATA_HELP = (
    "--data takes a folder of class folders (path/<class>/<image>.png), an .npz file "
    "with arrays X and y (or x_train, y_train, x_test, y_test), or an .npy file of "
    "images with --labels labels.npy"
)


def _read_data(path, labels, image_size):
    """``(X, y, test)`` from a ``--data`` path; ``test`` is None unless the .npz
    file holds its own test arrays."""
    import os

    import numpy as np

    from .datasets import load_image_folder

    if os.path.isdir(path):
        if labels is not None:
            raise CLIError(
                "--labels goes with an .npy file; a folder's labels are its class folders"
            )
        try:
            X, y = load_image_folder(path, image_size=image_size, lazy=True)
            X.verify()
        except (OSError, ValueError) as exc:
            raise CLIError(str(exc).splitlines()[0]) from None
        return X, y, None
    if not os.path.exists(path):
        raise CLIError(f"--data {path} does not exist; {_DATA_HELP}")
    try:
        if path.endswith(".npz"):
            with np.load(path, allow_pickle=False) as archive:
                arrays = {key: archive[key] for key in archive.files}
            return _npz_arrays(path, arrays)
        if path.endswith(".npy"):
            if labels is None:
                raise CLIError(f"--data {path} holds images only; pass --labels labels.npy")
            return np.load(path, allow_pickle=False), np.load(labels, allow_pickle=False), None
    except (OSError, ValueError) as exc:
        raise CLIError(f"cannot read {path}: {str(exc).splitlines()[0]}") from None
    raise CLIError(f"cannot read {path}: {_DATA_HELP}")


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


def _estimator(**params):
    from . import CNNClassifier

    try:
        CNNClassifier(**params)._validate_params()
        if isinstance(params.get("arch"), str):
            from .architectures import get_architecture

            get_architecture(params["arch"])
    except (ValueError, TypeError) as exc:
        raise CLIError(str(exc).splitlines()[0]) from None
    return CNNClassifier(**params)


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

    epochs = args.epochs or (30 if args.dataset == "digits" else 5)
    (X_train, y_train), test = load_data(args)
    if test is None:
        raise CLIError("skcnn lab needs test images; pass --test-size above 0")
    X_test, y_test = test
    source = args.data or args.dataset
    print(
        f"skcnn lab: {source}, {len(X_train)} training and {len(X_test)} test images "
        f"of shape {X_train.shape[1:]}, arch={args.arch!r}"
    )
    print(
        "Settings as the R lab: optimizer rmsprop at its constant rate, batch size 64, "
        f"validation_split 0.1, {epochs} epochs, no augmentation\n"
    )
    clf = _estimator(
        arch=args.arch,
        optimizer="rmsprop",
        learning_rate=None,
        label_smoothing=0.0,
        augment=None,
        batch_size=64,
        validation_split=0.1,
        epochs=epochs,
        random_state=args.seed,
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
    if not args.model.endswith(".keras"):
        raise CLIError(f"--model must end in .keras, got {args.model!r}")
    (X_train, y_train), test = load_data(args)
    clf = _estimator(
        arch=args.arch,
        epochs=args.epochs or "auto",
        batch_size=args.batch_size or "auto",
        time_budget=args.time_budget,
        weights=args.weights,
        trainable=args.trainable,
        augment=args.augment,
        random_state=args.seed,
    )
    clf.set_params(callbacks=[epoch_printer(clf._epochs())])
    try:
        clf.fit(X_train, y_train)
    except (OSError, ValueError) as exc:
        raise CLIError(str(exc).splitlines()[0]) from None
    clf.set_params(callbacks=None)
    clf.save(args.model)
    if test is None:
        print(f"Saved {args.model}")
    else:
        print(f"Test accuracy: {clf.score(*test):.4f}; saved {args.model}")


def _load_model(path):
    from . import CNNClassifier

    try:
        return CNNClassifier.load(path)
    except (OSError, ValueError) as exc:
        raise CLIError(f"cannot load {path}: {exc}") from None


def _run_evaluate(args):
    clf = _load_model(args.model)
    (X_train, y_train), test = load_data(args)
    X_test, y_test = test if test is not None else (X_train, y_train)
    try:
        result = clf.evaluate(X_test, y_test)
    except ValueError as exc:
        raise CLIError(str(exc).splitlines()[0]) from None
    print(f"loss {result['loss']:.4f}  accuracy {result['accuracy']:.4f}")


def _run_predict(args):
    clf = _load_model(args.model)
    for source, images in _prediction_inputs(args.images, clf):
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


def _prediction_inputs(sources, clf):
    """``(source, images)`` pairs: an array per .npy file, and one ImageFiles for
    all image files and folders, sized and coloured as the model's inputs."""
    import os

    import numpy as np

    from ._image_files import IMAGE_EXTENSIONS, ImageFiles

    files = []
    for source in sources:
        if source.endswith(".npy") and os.path.isfile(source):
            try:
                yield source, np.load(source, allow_pickle=False)
            except (OSError, ValueError) as exc:
                raise CLIError(f"cannot read {source}: {str(exc).splitlines()[0]}") from None
        elif os.path.isdir(source):
            found = sorted(
                os.path.join(folder, name)
                for folder, _, names in os.walk(source)
                for name in names
                if name.lower().endswith(IMAGE_EXTENSIONS) and not name.startswith(".")
            )
            if not found:
                raise CLIError(f"{source} holds no image files; {_PREDICT_HELP}")
            files += found
        elif source.lower().endswith(IMAGE_EXTENSIONS) and os.path.isfile(source):
            files.append(source)
        else:
            problem = "does not exist" if not os.path.exists(source) else "is not readable here"
            raise CLIError(f"{source} {problem}; {_PREDICT_HELP}")
    if files:
        height, width, channels = clf.input_shape_
        mode = {1: "grayscale", 3: "rgb", 4: "rgba"}.get(channels)
        if mode is None:
            raise CLIError(
                f"the model takes images of {channels} channels, which image files do not "
                f"have; pass a .npy file"
            )
        yield "the image files", ImageFiles(files, image_size=(height, width), color_mode=mode)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
