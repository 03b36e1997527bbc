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
    lab.add_argument("--epochs", type=_positive_int, default=None,
                     help="training epochs (default: 30 on digits, 5 otherwise, as the lab)")
    lab.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    lab.add_argument("--out", default="skcnn-lab", help="folder for the figures")
    lab.set_defaults(run=_run_lab)

    archs = sub.add_parser("archs", help="list the architecture presets")
    archs.add_argument("--keras", action="store_true",
                       help="also list the keras.applications models (arch='keras.<Name>')")
    archs.set_defaults(run=_run_archs)

    train = sub.add_parser("train", help="fit a model and save it to a .keras file")
    _data_options(train)
    train.add_argument("--arch", default="simple")
    train.add_argument("--epochs", type=_positive_int, default=20)
    train.add_argument("--batch-size", type=_positive_int, default=None,
                       help="default: the estimator's 'auto'")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--model", required=True, help="output path ending in .keras")
    train.set_defaults(run=_run_train)

    evaluate = sub.add_parser("evaluate", help="loss and accuracy of a saved model")
    _data_options(evaluate)
    evaluate.add_argument("--model", required=True, help="a file written by `skcnn train`")
    evaluate.set_defaults(run=_run_evaluate)

    predict = sub.add_parser("predict", help="predict labels of images in a .npy file")
    predict.add_argument("--model", required=True)
    predict.add_argument("images", help=".npy file of images (n, h, w[, c]) or rows (n, d)")
    predict.set_defaults(run=_run_predict)
    return parser


def _data_options(parser):
    parser.add_argument("--dataset", choices=DATASETS, default="digits",
                        help="digits is embedded; mnist and fashion-mnist are read or downloaded")
    parser.add_argument("--data-home", default=None, help="dataset cache folder")


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
        Fashion-MNIST come with their own split.
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
    loader = datasets.load_mnist if dataset == "mnist" else datasets.load_fashion_mnist
    try:
        return loader(data_home=data_home)
    except datasets.DatasetUnavailableError as exc:
        files = ", ".join(f"{name}.gz" for name in exc.missing)
        raise CLIError(
            f"{dataset} is not on disk and could not be downloaded; put {files} in "
            f"{exc.folder} (or point --data-home at a folder that has them)"
        ) from None


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
            print(f"Epoch {epoch + 1}/{total}  " + "  ".join(parts) + f"  ({seconds:.1f}s)",
                  flush=True)

    return EpochLine()


# ------------------------------------------------------------------ commands
def _run_lab(args):
    import numpy as np

    epochs = args.epochs or (30 if args.dataset == "digits" else 5)
    (X_train, y_train), (X_test, y_test) = load_split(args.dataset, args.seed, args.data_home)
    print(f"skcnn lab: {args.dataset}, {len(X_train)} training and {len(X_test)} test images "
          f"of shape {X_train.shape[1:]}, arch={args.arch!r}")
    print("Settings as the R lab: optimizer rmsprop, batch size 64, validation_split 0.1, "
          f"{epochs} epochs\n")
    clf = _estimator(arch=args.arch, optimizer="rmsprop", batch_size=64,
                     validation_split=0.1, epochs=epochs, random_state=args.seed)
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
    report, and history.png, confusion.png, misclassified.png in ``out``."""
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

    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CLIError(f"cannot create --out folder {folder}: {exc.strerror}") from None
    figures = {
        "history.png": plotting.plot_history(clf),
        "confusion.png": plotting.plot_confusion_matrix(y_test, y_pred, labels=clf.classes_),
        "misclassified.png": plotting.plot_misclassified(clf, X_test, y_test, y_pred=y_pred),
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
    (X_train, y_train), (X_test, y_test) = load_split(args.dataset, args.seed, args.data_home)
    clf = _estimator(arch=args.arch, epochs=args.epochs,
                     batch_size=args.batch_size or "auto", random_state=args.seed)
    clf.set_params(callbacks=[epoch_printer(args.epochs)])
    clf.fit(X_train, y_train)
    clf.set_params(callbacks=None)
    clf.save(args.model)
    print(f"Test accuracy: {clf.score(X_test, y_test):.4f}; saved {args.model}")


def _load_model(path):
    from . import CNNClassifier

    try:
        return CNNClassifier.load(path)
    except (OSError, ValueError) as exc:
        raise CLIError(f"cannot load {path}: {exc}") from None


def _run_evaluate(args):
    clf = _load_model(args.model)
    _, (X_test, y_test) = load_split(args.dataset, 0, args.data_home)
    try:
        result = clf.evaluate(X_test, y_test)
    except ValueError as exc:
        raise CLIError(str(exc).splitlines()[0]) from None
    print(f"loss {result['loss']:.4f}  accuracy {result['accuracy']:.4f}")


def _run_predict(args):
    import numpy as np

    clf = _load_model(args.model)
    try:
        images = np.load(args.images, allow_pickle=False)
        labels = clf.predict(images)
    except (OSError, ValueError) as exc:
        raise CLIError(f"cannot predict {args.images}: {str(exc).splitlines()[0]}") from None
    for label in labels:
        print(label)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
