"""Seconds an epoch's start costs skcnn's pipeline for arrays, with and without autotuning.

Keras makes a new iterator over the training dataset at every epoch, and the
old one is destroyed first. With autotuning on, that destruction waits for the
autotuner's thread, which sleeps between its rounds for a period that doubles
up to a minute over a long epoch: ``resnet20`` on all of Fashion-MNIST lost
38-51 s at each epoch's start (``time_budget_plan_.epoch_start_seconds``,
the budget stage of ``recipes_20261207T155312Z.json``). skcnn's pipeline
(:func:`skcnn._inputs.streaming.array_batches`) now turns autotuning off.

This benchmark needs no network: it iterates the pipeline of ``--images``
Fashion-MNIST-sized images (zeros), waiting ``--step`` seconds per batch as a
training step would, and times each new iterator (the old one's destruction
included), as shipped and with autotuning switched back on, in one process
each, the two interleaved::

    python benchmarks/bench_epoch_start.py --epochs 4 --step 0.1

Results go to ``benchmarks/results/epoch_start_<UTC stamp>.json``.
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

from _measure import loadavg, machine_info  # noqa: E402

_WORKER = """
import json, sys, time
import numpy as np
import tensorflow as tf
from skcnn._inputs.streaming import EpochOrder, array_batches

autotune, n, batch_size, step, epochs = json.loads(sys.argv[1])
images = np.zeros((n, 28, 28, 1), np.uint8)
labels = np.zeros(n, np.int64)
dataset = array_batches(images, labels, None, batch_size=batch_size, order=EpochOrder(n, 0))
if autotune:
    options = tf.data.Options()
    options.autotune.enabled = True
    dataset = dataset.with_options(options)
starts, passes = [], []
iterator = None
for epoch in range(epochs):
    begin = time.perf_counter()
    iterator = iter(dataset)  # destroys the previous epoch's iterator
    started = time.perf_counter()
    for _ in iterator:
        time.sleep(step)
    starts.append(started - begin)
    passes.append(time.perf_counter() - started)
print(json.dumps({"new_iterator_seconds": starts, "epoch_seconds": passes}))
"""


def run(autotune, args):
    spec = [autotune, args.images, args.batch_size, args.step, args.epochs]
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_WORKER), json.dumps(spec)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
        timeout=args.epochs * (args.images / args.batch_size * args.step + 120) + 300,
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=60000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--step", type=float, default=0.1, help="seconds per batch")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    rows = []
    for repeat in range(args.repeats):
        for autotune in (False, True):  # interleaved, one process each
            load = loadavg()
            result = run(autotune, args)
            result.update(autotune=autotune, repeat=repeat, load_before=load)
            rows.append(result)
            starts = ", ".join(f"{s:.2f}" for s in result["new_iterator_seconds"])
            print(
                f"autotune={'on ' if autotune else 'off'} (repeat {repeat}): new iterator s per "
                f"epoch [{starts}], epochs of {max(result['epoch_seconds']):.1f} s at most",
                flush=True,
            )
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = HERE / "results" / f"epoch_start_{stamp}.json"
    path.write_text(
        json.dumps({"machine": machine_info(ROOT), "args": vars(args), "runs": rows}, indent=1)
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
