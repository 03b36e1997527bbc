"""What reticulate makes of an R data.frame: ``as.list(df)`` arrives as a dict of
columns, scalars for one row. predict and fit take them as the DataFrame they
stand for, feature names checked."""

import os
import shutil
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pandas as pd
import pytest

from skcnn import CNNClassifier
from skcnn._inputs.validation import check_images, mapping_as_frame


@pytest.fixture(scope="module")
def frame_model(small_digits):
    X, y = small_digits
    frame = pd.DataFrame(X, columns=[f"px{i}" for i in range(64)])
    clf = CNNClassifier(epochs=1, precision="float32", random_state=0).fit(frame, y)
    return clf, frame


def test_dict_of_scalars_is_one_row():
    batch = check_images({"a": 1.0, "b": 2.0, "c": 3.0, "d": 4.0})
    assert batch.images.shape == (1, 2, 2, 1)
    assert batch.feature_names.tolist() == ["a", "b", "c", "d"]
    np.testing.assert_array_equal(batch.images.ravel(), [1, 2, 3, 4])


def test_dict_of_columns_is_rows():
    frame = mapping_as_frame({"a": [1.0, 5.0], "b": [2.0, 6.0]})
    assert frame.columns.tolist() == ["a", "b"]
    np.testing.assert_array_equal(frame.to_numpy(), [[1, 2], [5, 6]])


def test_bad_dicts_say_what_to_pass():
    with pytest.raises(ValueError, match="single values .*'a'.* beside columns"):
        mapping_as_frame({"a": 1.0, "b": [2.0, 3.0]})
    with pytest.raises(ValueError, match=r"different lengths \[1, 2\]"):
        mapping_as_frame({"a": [1.0], "b": [2.0, 3.0]})


def test_predict_on_one_row_dict_equals_frame(frame_model):
    clf, frame = frame_model
    row = {name: float(value) for name, value in frame.iloc[0].items()}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "X does not have valid feature names"
        proba = clf.predict_proba(row)
    np.testing.assert_array_equal(proba, clf.predict_proba(frame.iloc[:1]))
    assert clf.predict(row)[0] == clf.predict(frame.iloc[:1])[0]
    columns = {name: frame[name].tolist()[:3] for name in frame.columns}
    np.testing.assert_array_equal(clf.predict(columns), clf.predict(frame.iloc[:3]))


def test_feature_names_are_checked(frame_model):
    clf, frame = frame_model
    row = {f"q{i}": 0.0 for i in range(64)}
    with pytest.raises(ValueError, match="feature names"):
        clf.predict(row)


def test_from_r_one_row_data_frame(frame_model, tmp_path):
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript is not on PATH")
    clf, frame = frame_model
    clf.save(tmp_path / "m.keras")
    frame.iloc[:2].to_csv(tmp_path / "rows.csv", index=False)
    script = textwrap.dedent(
        f"""
        suppressWarnings(library(reticulate))
        skcnn <- import("skcnn")
        clf <- skcnn$CNNClassifier$load("{tmp_path / "m.keras"}")
        df <- read.csv("{tmp_path / "rows.csv"}")
        one <- df[1, ]
        failed <- tryCatch({{ r_to_py(one); "converted" }}, error = function(e) conditionMessage(e))
        cat("direct:", failed, "\\n")
        cat("as.list:", unlist(clf$predict(as.list(one))$tolist()), "\\n")
        cat("two rows:", unlist(clf$predict(as.list(df))$tolist()), "\\n")
        """
    )
    env = {**os.environ, "RETICULATE_PYTHON": sys.executable, "TZ": "UTC"}
    check = subprocess.run(
        [rscript, "-e", "library(reticulate)"], capture_output=True, env=env, timeout=120
    )
    if check.returncode != 0:
        pytest.skip("R has no reticulate package")
    done = subprocess.run(
        [rscript, "-e", script], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = {line.split(":")[0]: line for line in done.stdout.splitlines() if ":" in line}
    expected = clf.predict(frame.iloc[:2]).tolist()
    assert lines["as.list"].split()[-1] == str(expected[0])
    assert lines["two rows"].split()[-2:] == [str(v) for v in expected]
    # reticulate's own conversion of a one-row data.frame is what fails.
    if "converted" not in lines["direct"]:
        assert "orient='index'" in lines["direct"]
