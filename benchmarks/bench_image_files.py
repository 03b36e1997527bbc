"""Training from image files against in-memory arrays (issue 16, item 7).

Run by hand, never in CI. Writes Fashion-MNIST's first 20,000 training images as
PNG files in class folders (once, under ``--folder``), then fits
``CNNClassifier(arch="simple")`` in a fresh interpreter per contender, one at a
time:

``files``   ``load_image_folder(folder, lazy=True)``: the images are decoded batch
            by batch while training;
``arrays``  the same images decoded into one uint8 array before the fit.

each on the first 2,000 and on all 20,000 images. Reported: peak RSS of the
process (VmHWM) and the steady training throughput (the second epoch), and the
two ratios the issue sets targets for: peak RSS of the 20,000-file fit over the
2,000-file fit (target <= 1.2) and files over arrays throughput at 20,000
images (target >= 0.7).

Examples::

    python benchmarks/bench_image_files.py
    python benchmarks/bench_image_files.py --repeats 3 --folder /tmp/fashion-png
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from _measure import loadavg, machine_info, median  # noqa: E402

SIZES = (2000, 20000)

_WORKER = """
import json, sys, time
import numpy as np
from skcnn import CNNClassifier
from skcnn.datasets import load_image_folder
from skcnn._keras import get_keras

folder, mode, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
files, y = load_image_folder(folder, lazy=True)
order = np.random.RandomState(0).permutation(len(files))[:n]
X, y = files[order], y[order]
if mode == "arrays":
    X = np.asarray(X)
keras = get_keras()
seconds = []

class Timer(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()
    def on_epoch_end(self, epoch, logs=None):
        seconds.append(time.perf_counter() - self.start)

clf = CNNClassifier(arch="simple", epochs=2, batch_size=64, validation_split=0.0,
                    n_threads=2, random_state=0, callbacks=[Timer()]).fit(X, y)
with open("/proc/self/status") as fh:
    peak = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM"))
print(json.dumps({"peak_rss_mb": peak / 1024, "img_per_s": n / seconds[-1],
                  "epoch_seconds": seconds}))
"""


def write_files(folder, n):
    """Fashion-MNIST's first ``n`` training images as PNG files, once."""
    from PIL import Image

    from skcnn.datasets import load_fashion_mnist

    marker = folder / f".complete-{n}"
    if marker.exists():
        return
    (X, y), _ = load_fashion_mnist(download=False)
    for k in range(n):
        target = folder / f"class{y[k]}"
        target.mkdir(parents=True, exist_ok=True)
        Image.fromarray(X[k].reshape(28, 28)).save(target / f"{k:05d}.png")
    marker.touch()


def run(folder, mode, n):
    load = loadavg()
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_WORKER), str(folder), mode, str(n)],
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["load_before"] = load
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default="/tmp/skcnn-fashion-png")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    folder = Path(args.folder)
    write_files(folder, max(SIZES))
    runs = {(mode, n): [] for n in SIZES for mode in ("files", "arrays")}
    for _ in range(args.repeats):
        for key in runs:  # interleaved
            runs[key].append(run(folder, *key))
            print(key, runs[key][-1], flush=True)
    summary = {
        f"{mode}_{n}": {
            "peak_rss_mb": median([r["peak_rss_mb"] for r in runs[(mode, n)]]),
            "img_per_s": median([r["img_per_s"] for r in runs[(mode, n)]]),
        }
        for mode, n in runs
    }
    big, small = max(SIZES), min(SIZES)
    ratios = {
        "rss_files_20000_over_2000": summary[f"files_{big}"]["peak_rss_mb"]
        / summary[f"files_{small}"]["peak_rss_mb"],
        "throughput_files_over_arrays_20000": summary[f"files_{big}"]["img_per_s"]
        / summary[f"arrays_{big}"]["img_per_s"],
        "rss_arrays_20000_over_2000": summary[f"arrays_{big}"]["peak_rss_mb"]
        / summary[f"arrays_{small}"]["peak_rss_mb"],
    }
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = HERE / "results" / f"image_files_{stamp}.json"
    path.write_text(
        json.dumps(
            {
                "machine": machine_info(ROOT),
                "runs": {f"{m}_{n}": v for (m, n), v in runs.items()},
                "summary": summary,
                "ratios": ratios,
            },
            indent=1,
        )
    )
    for name, value in summary.items():
        print(
            f"{name:14s} peak RSS {value['peak_rss_mb']:7.0f} MB  {value['img_per_s']:7.0f} img/s"
        )
    for name, value in ratios.items():
        print(f"{name}: {value:.2f}")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
