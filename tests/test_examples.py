"""Every script in examples/ runs as printed."""

import ast
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

EXAMPLES_DIR = Path(__file__).parent.parent / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("*.py"))
# The docs build (``make docs``, run by CI after the tests) runs every plot_*.py
# through sphinx-gallery and fails on any error in them, so the tests run only the
# scripts the gallery renders without running; running both doubled CI's five
# minutes of examples.
GALLERY_RUNS = [p for p in EXAMPLES if p.name.startswith("plot_")]
NOT_RUN_BY_GALLERY = [p for p in EXAMPLES if p not in GALLERY_RUNS]
# A script gets this long; the slowest takes about 45 s on two CPU cores.
TIMEOUT = 300


def run_script(args, cwd, env):
    """Run ``python *args`` in its own process group; fail on timeout, and fail
    if the script leaves processes behind (a Dask cluster's workers)."""
    process = subprocess.Popen(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"{args[-1]} ran longer than {TIMEOUT}s")
    leftover = _group_alive(process.pid, wait=10.0)
    if leftover:
        os.killpg(process.pid, signal.SIGKILL)
    assert not leftover, f"{args[-1]} left processes running after it exited"
    return process.returncode, stdout, stderr


def _group_alive(pgid, wait):
    deadline = time.monotonic() + wait
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        if time.monotonic() > deadline:
            return True
        time.sleep(0.2)


def example_env(**extra):
    env = {**os.environ, "MPLBACKEND": "Agg", **extra}
    env.pop("SKCNN_DASK_ADDRESS", None)  # the Dask example starts its own cluster
    return env


@pytest.mark.slow
@pytest.mark.parametrize("script", NOT_RUN_BY_GALLERY, ids=[p.name for p in NOT_RUN_BY_GALLERY])
def test_example_runs(script, tmp_path):
    returncode, stdout, stderr = run_script([str(script)], tmp_path, example_env())
    assert returncode == 0, stderr[-3000:]
    assert "Traceback" not in stderr
    assert stdout.strip(), "an example prints its results"


def test_examples_have_a_title():
    for script in EXAMPLES:
        text = script.read_text()
        assert text.startswith('"""\n'), script.name
        title, underline = text.splitlines()[1:3]
        assert underline == "=" * len(title), script.name


def test_examples_make_figures_without_pyplot():
    # The docs' gallery scraper shows Figure objects; pyplot would leave them
    # open, and its windows have no place in scripts run by tests.
    for script in EXAMPLES:
        assert "pyplot" not in script.read_text(), script.name


def test_the_gallery_runs_the_plot_examples_and_fails_on_their_errors():
    # What lets test_example_runs leave the plot_ scripts to the docs build. Read
    # from the file: importing docs/conf.py stages the gallery's sources.
    tree = ast.parse((EXAMPLES_DIR.parent / "docs" / "conf.py").read_text())
    (config,) = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and getattr(node.targets[0], "id", None) == "sphinx_gallery_conf"
    ]
    gallery = {
        key.value: ast.literal_eval(value)
        for key, value in zip(config.keys, config.values, strict=True)
        if key.value in ("filename_pattern", "abort_on_example_error")
    }
    assert gallery["filename_pattern"] == r"/plot_"
    assert gallery["abort_on_example_error"] is True
    assert GALLERY_RUNS and NOT_RUN_BY_GALLERY


def test_only_plot_examples_are_run_by_the_gallery():
    # sphinx-gallery runs plot_*.py; a script that starts a cluster must not be one.
    for script in EXAMPLES:
        if "LocalCluster" in script.read_text():
            assert not script.name.startswith("plot_"), script.name


def test_fashion_mnist_example_without_the_data(tmp_path):
    # CI has neither the Debian package nor a cache: the example says why and
    # exits 0 before training anything.
    script = EXAMPLES_DIR / "plot_fashion_mnist_augmentation.py"
    runner = (
        "import runpy, sys\n"
        "import skcnn.datasets\n"
        "skcnn.datasets._FASHION_MNIST_SYSTEM_DIRS = ()\n"
        "runpy.run_path(sys.argv[1], run_name='__main__')\n"
        "assert 'tensorflow' not in sys.modules, 'trained without data'\n"
    )
    env = example_env(SKCNN_DATA=str(tmp_path / "empty"))
    returncode, stdout, stderr = run_script(["-c", runner, str(script)], tmp_path, env)
    assert returncode == 0, stderr[-3000:]
    assert "Fashion-MNIST is not available" in stdout
    assert "fashion-mnist: 4 of the 4 files are missing" in stdout
