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
    for name in ("history.png", "confusion.png", "misclassified.png"):
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
