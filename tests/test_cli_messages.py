"""The CLI's messages speak CLI: every error names the flag to change, never the
Python parameter behind it, in one paragraph on stderr with exit status 2; the
problems of the options are all reported at once, before any data is read or
any network trained."""

import re

import numpy as np
import pytest
from PIL import Image

from skcnn.cli import FLAGS, cli_message, main

# Python spellings the CLI must never print.
PYTHON_SPELLINGS = re.compile(rf"\b(?:{'|'.join(FLAGS)})=|list_architectures\(\)|Traceback")


def write_folder(root, *, sizes=((8, 8),), modes=("L",), per_class=6):
    """A folder of two class folders of small PNGs, cycling through sizes and modes."""
    for name in ("a", "b"):
        (root / name).mkdir(parents=True)
        for i in range(per_class):
            size, mode = sizes[i % len(sizes)], modes[i % len(modes)]
            Image.new(mode, size[::-1], 60 + 20 * i).save(root / name / f"{i}.png")
    return root


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("messages")
    return {
        "good": write_folder(root / "good"),
        "sizes": write_folder(root / "sizes", sizes=((8, 8), (10, 12))),
        "modes": write_folder(root / "modes", modes=("L", "RGB")),
    }


@pytest.fixture(scope="module")
def gray_model(folders, tmp_path_factory):
    model = tmp_path_factory.mktemp("messages_model") / "gray.keras"
    argv = ["train", "--data", str(folders["good"]), "--epochs", "1", "--test-size", "0"]
    assert main([*argv, "--model", str(model)]) == 0
    return model


def error_of(argv, capsys):
    """The paragraph ``skcnn`` printed on stderr, after checking status 2 and
    that nothing trained."""
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "Epoch 1/" not in captured.out, "trained before reporting the problem"
    lines = [line for line in captured.err.strip().splitlines() if ": error: " in line]
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"skcnn {argv[0]}: error: ")
    assert not PYTHON_SPELLINGS.search(lines[0]), lines[0]
    return lines[0]


@pytest.mark.parametrize(
    "argv, flags",
    [
        # Deep inside the library: files that differ in size, in channels.
        (
            ["train", "--data", "{sizes}", "--model", "m.keras"],
            ["--image-size 8 8", "--on-error skip"],
        ),
        (["lab", "--data", "{sizes}"], ["--image-size"]),
        (
            ["train", "--data", "{modes}", "--model", "m.keras"],
            ["--color-mode grayscale, rgb or rgba", "--on-error skip"],
        ),
        # The estimator's parameters.
        (
            ["train", "--arch", "LeNet5", "--model", "m.keras"],
            ["--arch LeNet5", "`skcnn archs --keras`"],
        ),
        (["lab", "--arch", "lenet"], ["--arch lenet", "Did you mean 'lenet5'"]),
        (["train", "--time-budget", "-3", "--model", "m.keras"], ["--time-budget must be"]),
        (
            ["train", "--validation-split", "1.5", "--model", "m.keras"],
            ["--validation-split must be"],
        ),
        (
            ["train", "--data", "{good}", "--validation-split", "0.95", "--model", "m.keras"],
            ["--validation-split 0.95", "--validation-split 0"],
        ),
        (
            ["train", "--data", "{good}", "--augment", '{"bogus": 1}', "--model", "m.keras"],
            ["--augment has unknown key(s)", '--augment \'{"translation": 0.1'],
        ),
        (
            ["train", "--data", "{good}", "--weights", "imagenet", "--model", "m.keras"],
            ["--weights imagenet", "--arch simple"],
        ),
        (
            ["train", "--weights", "nowhere.keras", "--model", "m.keras"],
            ["--weights nowhere.keras"],
        ),
        # The data options.
        (["train", "--data", "nowhere", "--model", "m.keras"], ["--data nowhere does not exist"]),
        (
            ["train", "--color-mode", "rgb", "--model", "m.keras"],
            ["--color-mode goes with a --data folder"],
        ),
        (
            ["evaluate", "--model", "{model}", "--image-size", "8", "8", "--dataset", "digits"],
            ["--image-size goes with a --data folder"],
        ),
        (["train", "--test-size", "0.3", "--model", "m.keras"], ["--test-size goes with --data"]),
        (
            ["train", "--data", "{good}", "--test-size", "1.5", "--model", "m.keras"],
            ["--test-size must lie in [0, 1)"],
        ),
        (
            ["train", "--data", "{good}", "--test-size", "0.9", "--model", "m.keras"],
            ["--test-size 0.9", "--test-size 0"],
        ),
        (
            ["train", "--data", "{good}", "--labels", "y.npy", "--model", "m.keras"],
            ["--labels goes with an .npy file"],
        ),
        (["lab", "--data", "{good}", "--out", "{good}/a/0.png"], ["--out"]),
        (["train", "--model", "no-such-folder/m.keras"], ["--model no-such-folder/m.keras"]),
        # A saved model and its images.
        (
            ["predict", "--model", "{model}", "--color-mode", "rgb", "{good}"],
            ["--color-mode rgb", "--color-mode grayscale"],
        ),
        (
            ["predict", "--model", "{model}", "--color-mode", "auto", "{modes}"],
            ["--color-mode grayscale"],
        ),
        (
            ["evaluate", "--model", "{model}", "--dataset", "digits"],
            ["digits holds images labelled 0, 1", "its classes are ['a', 'b']"],
        ),
    ],
)
def test_errors_name_the_flags(argv, flags, folders, gray_model, capsys):
    paths = {**{k: str(v) for k, v in folders.items()}, "model": str(gray_model)}
    for name, path in paths.items():
        argv = [arg.replace(f"{{{name}}}", path) for arg in argv]
    message = error_of(argv, capsys)
    for flag in flags:
        assert flag in message


def test_every_option_problem_is_reported_at_once(capsys):
    argv = [
        "train",
        "--arch", "lenet",
        "--time-budget", "-1",
        "--weights", "nowhere.keras",
        "--image-size", "8", "8",
        "--model", "m.h5",
    ]  # fmt: skip
    message = error_of(argv, capsys)
    assert "5 problems: (1) --model must end in .keras" in message
    for flag in ("--weights nowhere.keras", "--time-budget", "--arch lenet", "--image-size"):
        assert flag in message


def test_help_lists_the_new_flags(capsys):
    for command in ("train", "evaluate", "predict", "lab"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = capsys.readouterr().out
        assert "--color-mode {auto,grayscale,rgb,rgba}" in text, command
    for command in ("train", "lab"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "--validation-split" in capsys.readouterr().out


def test_on_error_is_offered_when_load_image_folder_takes_it(capsys):
    import inspect

    from skcnn.datasets import load_image_folder

    with pytest.raises(SystemExit):
        main(["train", "--help"])
    offered = "--on-error {raise,skip}" in capsys.readouterr().out
    assert offered == ("on_error" in inspect.signature(load_image_folder).parameters)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Pass image_size=(h, w) to resize, e.g. image_size=(28, 28).",
         "Pass --image-size H W to resize, e.g. --image-size 28 28."),
        ("Pass color_mode='grayscale', 'rgb' or 'rgba'.",
         "Pass --color-mode grayscale, rgb or rgba."),
        ("Unknown architecture arch='x'. Valid: a (list_architectures() shows them all). Or "
         "pass a builder callable or a keras.Model.",
         "Unknown architecture --arch x. Valid: a (`skcnn archs --keras` lists them all)."),
        ("epochs='auto' with time_budget=300 and validation_split=0.",
         "--epochs auto with --time-budget 300 and --validation-split 0."),
        ("Pass ImageFiles(..., image_size=(8, 8), color_mode=...) to match.",
         "Pass --image-size 8 8 and --color-mode to match."),
        ("on_error='skip' leaves it out", "--on-error skip leaves it out"),
        ("random_state=3 and trainable=False", "--seed 3 and --trainable false"),
        ("Pass weights=None to train from scratch", "Pass no --weights to train from scratch"),
        ("The 'batch_size' parameter of CNNClassifier must be None or an int",
         "--batch-size must be an int"),
        ("two\nlines", "two lines"),
        # Names that are no settings of the CLI are left as they are.
        ("arch_kwargs={'depth': 2} and class_names=['a']",
         "arch_kwargs={'depth': 2} and class_names=['a']"),
    ],
)  # fmt: skip
def test_cli_message_rewrites_python_spellings(text, expected):
    assert cli_message(text) == expected


def test_warnings_are_printed_in_flags(tmp_path, capsys):
    """A warning on the way (flat rows that are no square image) is one line, in flags."""
    np.savez(tmp_path / "rows.npz", X=np.random.RandomState(0).rand(20, 10), y=np.arange(20) % 2)
    argv = ["train", "--data", str(tmp_path / "rows.npz"), "--epochs", "1", "--test-size", "0"]
    assert main([*argv, "--model", str(tmp_path / "m.keras")]) == 0
    err = capsys.readouterr().err
    warning = [line for line in err.splitlines() if "warning:" in line]
    assert warning and warning[0].startswith("skcnn train: warning: X has 10 features per row")


def test_on_error_passes_through_to_load_image_folder(folders, monkeypatch, capsys):
    """With a load_image_folder that takes on_error, --on-error is offered and
    passed on (skcnn.datasets' own is checked by the test above)."""
    import argparse

    import skcnn.datasets
    from skcnn.cli import load_data

    original = skcnn.datasets.load_image_folder
    seen = []

    def load_image_folder(path, image_size=None, color_mode="auto", class_names=None,
                          lazy=False, on_error="raise"):  # fmt: skip
        seen.append(on_error)
        return original(path, image_size, color_mode, class_names, lazy)

    monkeypatch.setattr(skcnn.datasets, "load_image_folder", load_image_folder)
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    assert "--on-error {raise,skip}" in capsys.readouterr().out
    message = error_of(["train", "--on-error", "skip", "--model", "m.keras"], capsys)
    assert "--on-error goes with a --data folder, which is not given" in message
    options = dict.fromkeys(("data_home", "labels", "image_size", "color_mode", "test_size"))
    args = argparse.Namespace(
        dataset="digits", seed=0, data=str(folders["good"]), on_error="skip", **options
    )
    (X_train, _), (X_test, _) = load_data(args)
    assert seen == ["skip"] and len(X_train) + len(X_test) == 12
