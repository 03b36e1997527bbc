"""The skcnn command line, run in-process as a user would type it."""

import subprocess
import sys

import numpy as np
import pytest

from skcnn.cli import main


def test_lab_on_digits_prints_the_lab(tmp_path, capsys):
    assert main(["lab", "--epochs", "2", "--out", str(tmp_path / "lab")]) == 0
    out = capsys.readouterr().out
    assert "Epoch 1/2" in out and "Epoch 2/2" in out
    assert "Test accuracy:" in out
    assert "Total params:" in out
    assert "table(actual, predicted)" in out
    assert "Confusion Matrix and Statistics" in out
    assert "Overall Statistics" in out
    assert "Classification report" in out and "macro avg" in out
    assert "Top-5 accuracy:" in out
    assert "Most confused (true, predicted, count)" in out
    for name in ("history.png", "confusion.png", "misclassified.png", "gradcam.png"):
        png = tmp_path / "lab" / name
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name


def test_archs_lists_presets(capsys):
    assert main(["archs"]) == 0
    out = capsys.readouterr().out
    assert "simple" in out and "lenet5" in out and "93322" in out
    assert "keras.EfficientNetB0" not in out
    assert main(["archs", "--keras"]) == 0
    assert "keras.EfficientNetB0" in capsys.readouterr().out


def test_train_evaluate_predict_roundtrip(tmp_path, capsys):
    model = tmp_path / "digits.keras"
    assert main(["train", "--epochs", "1", "--model", str(model)]) == 0
    assert model.exists()
    assert main(["evaluate", "--model", str(model)]) == 0
    assert "accuracy" in capsys.readouterr().out
    from sklearn.datasets import load_digits

    images = tmp_path / "five.npy"
    np.save(images, load_digits().images[:5])
    assert main(["predict", "--model", str(model), str(images)]) == 0
    lines = capsys.readouterr().out.split()
    assert len(lines) == 5 and all(line.isdigit() for line in lines)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["lab", "--arch", "lenet"], "Did you mean 'lenet5'"),
        (["train", "--model", "x.h5"], "--model must end in .keras"),
        (["evaluate", "--model", "missing.keras"], "cannot load missing.keras"),
    ],
)
def test_bad_options_give_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
    assert err[0].startswith("skcnn ")


def test_unavailable_dataset_gives_one_line(tmp_path, monkeypatch, capsys):
    import skcnn.datasets as datasets

    def offline(url, fileobj, **kwargs):
        raise OSError("network unreachable")

    monkeypatch.setattr(datasets, "_fetch_url", offline)
    assert main(["lab", "--dataset", "mnist", "--data-home", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "mnist is not on disk" in err[0]
    assert "train-images-idx3-ubyte.gz, " in err[0] and str(tmp_path / "mnist") in err[0]


def test_argparse_errors_exit_2_without_traceback():
    out = subprocess.run(
        [sys.executable, "-m", "skcnn.cli", "lab", "--dataset", "cifar"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "invalid choice: 'cifar'" in out.stderr


# ----------------------------------------------------------- your own data
@pytest.fixture(scope="module")
def digit_folder(tmp_path_factory):
    from PIL import Image
    from sklearn.datasets import load_digits

    digits = load_digits(n_class=3)
    root = tmp_path_factory.mktemp("cli_digits")
    for k, (image, label) in enumerate(zip(digits.images[:150], digits.target[:150], strict=True)):
        folder = root / f"digit{label}"
        folder.mkdir(exist_ok=True)
        Image.fromarray((image * 15).astype(np.uint8)).save(folder / f"{k:03d}.png")
    return root


def test_train_on_a_folder_then_predict_files_and_folders(digit_folder, tmp_path, capsys):
    model = tmp_path / "folder.keras"
    argv = [
        "train",
        "--data",
        str(digit_folder),
        "--epochs",
        "1",
        "--model",
        str(model),
        "--augment",
        '{"translation": 0.1}',
    ]
    assert main(argv) == 0
    assert "Test accuracy:" in capsys.readouterr().out
    assert main(["evaluate", "--model", str(model), "--data", str(digit_folder)]) == 0
    assert "accuracy" in capsys.readouterr().out
    one = sorted((digit_folder / "digit1").iterdir())[0]
    assert main(["predict", "--model", str(model), str(one), str(digit_folder / "digit2")]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 + len(list((digit_folder / "digit2").iterdir()))
    path, label = lines[0].split("\t")
    assert path == str(one) and label in {"digit0", "digit1", "digit2"}


def test_train_on_npz_and_npy_with_weights_and_trainable(tmp_path, capsys):
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    np.savez(tmp_path / "digits.npz", X=X[:300], y=y[:300])
    first = tmp_path / "first.keras"
    assert (
        main(
            [
                "train",
                "--data",
                str(tmp_path / "digits.npz"),
                "--epochs",
                "1",
                "--model",
                str(first),
            ]
        )
        == 0
    )
    np.save(tmp_path / "images.npy", X[300:500])
    np.save(tmp_path / "labels.npy", y[300:500])
    tuned = tmp_path / "tuned.keras"
    argv = [
        "train",
        "--data",
        str(tmp_path / "images.npy"),
        "--labels",
        str(tmp_path / "labels.npy"),
        "--weights",
        str(first),
        "--trainable",
        "false",
        "--test-size",
        "0",
        "--epochs",
        "1",
        "--model",
        str(tuned),
    ]
    assert main(argv) == 0
    assert f"Saved {tuned}" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["train", "--data", "nowhere", "--model", "m.keras"], "does not exist; --data takes"),
        (["train", "--labels", "y.npy", "--model", "m.keras"], "--labels goes with --data"),
    ],
)
def test_bad_data_options_give_one_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["train", "--augment", "yes", "--model", "m.keras"], "JSON dict"),
        (["train", "--trainable", "maybe", "--model", "m.keras"], "true, false or a number"),
    ],
)
def test_bad_option_values_are_argparse_errors(argv, message, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert message in capsys.readouterr().err.strip().splitlines()[-1]


def test_predict_names_what_it_accepts(tmp_path, capsys):
    model = tmp_path / "m.keras"
    assert main(["train", "--epochs", "1", "--model", str(model)]) == 0
    capsys.readouterr()
    (tmp_path / "notes.txt").write_text("hello")
    assert main(["predict", "--model", str(model), str(tmp_path / "notes.txt")]) == 2
    err = capsys.readouterr().err
    assert "skcnn predict takes image files (.bmp, .gif, .jpeg, .jpg, .png)" in err
    assert "allow_pickle" not in err


def test_npz_with_other_arrays_is_explained(tmp_path, capsys):
    np.savez(tmp_path / "odd.npz", images=np.zeros((4, 8, 8)), targets=np.arange(4))
    assert main(["train", "--data", str(tmp_path / "odd.npz"), "--model", "m.keras"]) == 2
    assert "holds the arrays ['images', 'targets']" in capsys.readouterr().err
