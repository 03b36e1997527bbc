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


def test_lab_on_a_folder_writes_every_figure(digit_folder, tmp_path, capsys):
    out = tmp_path / "lab"
    argv = ["lab", "--data", str(digit_folder), "--epochs", "1", "--out", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "Confusion Matrix and Statistics" in printed and "Figures:" in printed
    for name in ("history.png", "confusion.png", "misclassified.png", "gradcam.png"):
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name


# ------------------------------------------- evaluate scores what train held out
@pytest.fixture(scope="module")
def folder_model(digit_folder, tmp_path_factory):
    """A model trained by ``skcnn train`` on the digit folder, 20% held out."""
    model = tmp_path_factory.mktemp("folder_model") / "m.keras"
    argv = ["train", "--data", str(digit_folder), "--epochs", "1", "--model", str(model)]
    assert main(argv) == 0
    return model


def _evaluated(capsys, *argv):
    assert main(["evaluate", *argv]) == 0
    captured = capsys.readouterr()
    line = captured.out.strip().splitlines()[-1]
    return line, captured.err.strip()


def test_train_records_its_split_in_the_model_file(folder_model, digit_folder):
    from skcnn._estimators.persistence import read_metadata

    record = read_metadata(str(folder_model))["extra"]["skcnn_train"]
    assert record["data"] == str(digit_folder) and record["dataset"] is None
    assert (record["test_size"], record["seed"], record["n_images"]) == (0.2, 0, 150)
    assert record["n_train"] + record["n_test"] == 150 and record["n_test"] == 30
    assert sorted(record["test_indices"]) == sorted(set(record["test_indices"]))
    assert len(record["test_indices"]) == 30


def test_evaluate_scores_exactly_the_held_out_images(folder_model, digit_folder, capsys):
    from skcnn import CNNClassifier
    from skcnn._estimators.persistence import read_metadata
    from skcnn.datasets import load_image_folder

    held_out = read_metadata(str(folder_model))["extra"]["skcnn_train"]["test_indices"]
    X, y = load_image_folder(digit_folder, lazy=True)
    expected = CNNClassifier.load(folder_model).evaluate(X[held_out], y[held_out])
    # With the same data, and with no data options at all: the recorded source.
    for argv in (["--data", str(digit_folder)], []):
        line, err = _evaluated(capsys, "--model", str(folder_model), *argv)
        assert line == (
            f"loss {expected['loss']:.4f}  accuracy {expected['accuracy']:.4f}  on 30 images: "
            f"those of --data {digit_folder} that skcnn train held out (--test-size 0.2 --seed 0)"
        )
        assert err == ""


def test_evaluate_with_another_split_says_how_many_it_trained_on(
    folder_model, digit_folder, capsys
):
    from sklearn.model_selection import train_test_split

    from skcnn._estimators.persistence import read_metadata
    from skcnn.datasets import load_image_folder

    held_out = set(read_metadata(str(folder_model))["extra"]["skcnn_train"]["test_indices"])
    _, y = load_image_folder(digit_folder, lazy=True)
    _, other = train_test_split(np.arange(150), test_size=0.2, stratify=y, random_state=5)
    seen = sum(i not in held_out for i in other)
    assert seen > 0
    line, err = _evaluated(capsys, "--model", str(folder_model), "--seed", "5")
    assert line.endswith(
        f"on 30 images: the held-out part of --data {digit_folder} by --test-size 0.2 --seed 5"
    )
    assert err.startswith(
        "skcnn evaluate: warning: the model was trained with --test-size 0.2 "
        f"--seed 0: {seen} of the 30 images scored are among its 120 training"
    )
    line, err = _evaluated(capsys, "--model", str(folder_model), "--test-size", "0")
    assert "on 150 images: all of --data" in line
    assert "120 of the 150 images scored are among its 120 training images" in err


def test_evaluate_on_other_data_says_it_cannot_tell(folder_model, digit_folder, tmp_path, capsys):
    import shutil

    other = tmp_path / "other"
    shutil.copytree(digit_folder, other)
    for path in sorted((other / "digit0").iterdir())[:5]:
        path.unlink()
    line, err = _evaluated(capsys, "--model", str(folder_model), "--data", str(other))
    assert "on 29 images: the held-out part of --data" in line
    assert f"the model was trained on --data {digit_folder}, not on --data {other}" in err
    assert "cannot tell" in err


def test_evaluate_a_model_not_saved_by_train_warns(digit_folder, tmp_path, capsys):
    from skcnn import CNNClassifier
    from skcnn.datasets import load_image_folder

    X, y = load_image_folder(digit_folder, lazy=True)
    model = tmp_path / "plain.keras"
    CNNClassifier(filters=4, epochs=1, random_state=0).fit(X, y).save(model)
    line, err = _evaluated(capsys, "--model", str(model), "--data", str(digit_folder))
    assert "on 30 images: the held-out part of --data" in line
    assert "does not say what the model was trained on" in err


def test_evaluate_digits_with_another_seed_warns(tmp_path, capsys):
    model = tmp_path / "digits.keras"
    assert main(["train", "--epochs", "1", "--model", str(model)]) == 0
    assert "on the 450 held-out images" in capsys.readouterr().out
    line, err = _evaluated(capsys, "--model", str(model))
    assert line.endswith("on 450 images: those of digits that skcnn train held out (--seed 0)")
    assert err == ""
    line, err = _evaluated(capsys, "--model", str(model), "--dataset", "digits", "--seed", "5")
    assert line.endswith("on 450 images: the held-out part of digits by --seed 5")
    assert "of the 450 images scored are among its 1347 training images" in err
    assert "leave out --seed to score" in err


# ------------------------------------------------------ across processes
def _skcnn_command():
    import os
    import shutil

    found = shutil.which("skcnn", path=os.path.dirname(sys.executable))
    return [found] if found else [sys.executable, "-m", "skcnn.cli"]


def test_train_then_evaluate_and_predict_in_new_processes(tmp_path):
    """A model trained with the defaults (the 'auto' learning-rate schedule
    included) loads in a fresh process."""
    model = tmp_path / "m.keras"
    skcnn = _skcnn_command()

    def run(*argv):
        done = subprocess.run([*skcnn, *argv], capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done.stdout

    assert "saved" in run("train", "--epochs", "1", "--model", str(model))
    out = run("evaluate", "--model", str(model))
    assert "on 450 images: those of digits that skcnn train held out" in out
    from sklearn.datasets import load_digits

    np.save(tmp_path / "three.npy", load_digits().images[:3])
    lines = run("predict", "--model", str(model), str(tmp_path / "three.npy")).split()
    assert len(lines) == 3 and all(line.isdigit() for line in lines)


def test_evaluate_scores_the_own_test_set_of_an_npz(tmp_path, capsys):
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    data = tmp_path / "split.npz"
    np.savez(data, x_train=X[:200], y_train=y[:200], x_test=X[200:260], y_test=y[200:260])
    model = tmp_path / "npz.keras"
    assert main(["train", "--data", str(data), "--epochs", "1", "--model", str(model)]) == 0
    assert "on the 60 held-out images" in capsys.readouterr().out
    line, err = _evaluated(capsys, "--model", str(model), "--seed", "3")
    assert line.endswith(
        f"on 60 images: the test set of --data {data}, which the model was not trained on"
    )
    assert err == ""


def test_train_with_a_checkpoint_continues_after_an_interruption(tmp_path, capsys, monkeypatch):
    import keras

    import skcnn.cli

    printer = skcnn.cli.epoch_printer

    class Interrupt(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            if epoch == 1:
                raise KeyboardInterrupt

    model, folder = tmp_path / "m.keras", tmp_path / "ckpt"
    argv = ["train", "--epochs", "3", "--checkpoint", str(folder), "--model", str(model)]
    monkeypatch.setattr(skcnn.cli, "epoch_printer", lambda total: Interrupt())
    assert main(argv) == 130  # 'skcnn train: interrupted', as after Ctrl-C
    assert not model.exists() and (folder / "skcnn-checkpoint.json").exists()
    monkeypatch.setattr(skcnn.cli, "epoch_printer", printer)
    capsys.readouterr()
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Epoch 1/3" not in out and "Epoch 2/3" in out and "Epoch 3/3" in out
    from skcnn import CNNClassifier

    loaded = CNNClassifier.load(model)
    assert loaded.n_iter_ == 3 and len(loaded.history_) == 3
    assert loaded.checkpoint is None and not folder.exists()
