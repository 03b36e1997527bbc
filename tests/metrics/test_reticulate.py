"""skcnn from R through reticulate: examples/r_reticulate_report.R, run by Rscript.

The script trains a small CNN from R, predicts from R, and prints caret's
``confusionMatrix`` and skcnn's ``confusion_matrix_report`` of the same
predictions; this test compares the two prints line for line. CI has no R:
without Rscript, reticulate or caret the test is skipped, saying which is missing.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "r_reticulate_report.R"
TIMEOUT = 120
_BLOCK = re.compile(r"^==== (?P<title>.+): (?P<source>caret::confusionMatrix|skcnn\.\S+) ====$")


def _r_env():
    # R's Sys.timezone() asks timedatectl when TZ is unset, and warns where
    # there is no systemd (containers); the script's output has no times in it.
    return {**os.environ, "RETICULATE_PYTHON": sys.executable, "TZ": os.environ.get("TZ", "UTC")}


def _require_r_packages():
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript is not on PATH (install R, e.g. Debian's r-base-core)")
    for package in ("reticulate", "caret"):
        check = subprocess.run(
            [rscript, "-e", f"library({package})"],
            capture_output=True,
            text=True,
            env=_r_env(),
            timeout=TIMEOUT,
        )
        if check.returncode != 0:
            pytest.skip(f"R has no {package} package (Debian: r-cran-{package})")
    return rscript


def report_blocks(stdout):
    """{(title, source): [lines]} of the reports the script printed."""
    blocks = {}
    current = None
    for line in stdout.splitlines():
        match = _BLOCK.match(line)
        if match:
            current = blocks.setdefault((match["title"], match["source"]), [])
        elif line.startswith("===="):
            current = None
        elif current is not None:
            current.append(line)
    return blocks


@pytest.fixture(scope="module")
def script_output():
    rscript = _require_r_packages()
    result = subprocess.run(
        [rscript, str(SCRIPT)],
        capture_output=True,
        text=True,
        env=_r_env(),
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_report_blocks_are_parsed():
    text = "\n".join(
        ["==== a: caret::confusionMatrix ====", "x", "y",
         "==== a: skcnn.metrics.confusion_matrix_report ====", "x",
         "==== a: same lines: FALSE ====", "ignored"]
    )  # fmt: skip
    assert report_blocks(text) == {
        ("a", "caret::confusionMatrix"): ["x", "y"],
        ("a", "skcnn.metrics.confusion_matrix_report"): ["x"],
    }


@pytest.mark.parametrize("title", ["ten digits", "eight or not"])
def test_skcnn_report_prints_as_caret(script_output, title):
    blocks = report_blocks(script_output)
    caret = blocks[(title, "caret::confusionMatrix")]
    skcnn = blocks[(title, "skcnn.metrics.confusion_matrix_report")]
    assert caret[0] == "Confusion Matrix and Statistics"
    assert len(caret) > 20
    assert skcnn == caret
    assert f"==== {title}: same lines: TRUE ====" in script_output


def test_reports_keep_r_level_order(script_output):
    blocks = report_blocks(script_output)
    ten = blocks[("ten digits", "caret::confusionMatrix")]
    header = next(line for line in ten if line.startswith("Prediction"))
    assert header.split()[1:] == [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"
    ]  # fmt: skip
    two = blocks[("eight or not", "skcnn.metrics.confusion_matrix_report")]
    positive = next(line for line in two if "'Positive' Class" in line)
    assert positive.split(":")[1].strip() == "eight"


def test_numbers_and_conversions_from_r(script_output):
    assert script_output.count("overall statistics equal: TRUE") == 2
    # predict on one row, predict_proba as an R matrix, history_ as a data.frame
    assert re.search(r"^First test digit: \w+ predicted as \w+ $", script_output, re.M)
    assert re.search(r"^ +eight +five +four .* zero$", script_output, re.M)
    assert re.search(r"^5 +[0-9.]+ +[0-9.]+$", script_output, re.M)  # accuracy, loss
