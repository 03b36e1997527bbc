"""What each thread mode of a seeded fit costs (issue 23, item 6).

Run by hand, never in CI. TensorFlow fixes its thread pools once per process, so
every fit runs in a fresh interpreter; the modes are interleaved (one fit of each
per round, the order rotated every round) so that a busy machine slows them alike.
Modes, all with ``random_state=0`` unless named otherwise:

- ``seeded, n_threads=None``: the default, the process's allotment (every core here);
- ``seeded, n_threads=1``: the n_jobs-independent mode;
- ``seeded, n_threads=k``: each ``k`` of ``--threads`` (2 on a two-core machine);
- ``unseeded``: ``random_state=None``, TensorFlow's own pools.

Each child reports the fit's wall and processor seconds (TensorFlow's import
excluded, the first fit's tracing included), its intra-op threads and a hash of
the weights, so that the table also shows which modes give the same network.
Writes ``benchmarks/results/seeded_threads_<UTC stamp>.json``.

Examples::

    python benchmarks/bench_seeded_threads.py --arch lenet5 --epochs 5 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _measure import loadavg, machine_info, median  # noqa: E402

CHILD = """
    import hashlib, json, sys, time
    import numpy as np
    import tensorflow as tf
    from sklearn.datasets import load_digits
    from skcnn import CNNClassifier
    spec = json.loads(sys.argv[1])
    X, y = load_digits(return_X_y=True)
    clf = CNNClassifier(**spec)
    wall, cpu = time.perf_counter(), time.process_time()
    clf.fit(X, y)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    weights = b"".join(np.ascontiguousarray(w).tobytes() for w in clf.model_.get_weights())
    print(json.dumps({
        "wall_s": wall,
        "cpu_s": cpu,
        "intra": tf.config.threading.get_intra_op_parallelism_threads(),
        "weights": hashlib.sha256(weights).hexdigest()[:16],
    }))
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arch", default="lenet5")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", default="2", help="explicit n_threads besides 1")
    args = parser.parse_args(argv)
    base = {"arch": args.arch, "epochs": args.epochs}
    modes = {
        "seeded, n_threads=None": {**base, "random_state": 0},
        "seeded, n_threads=1": {**base, "random_state": 0, "n_threads": 1},
    }
    for k in [int(t) for t in args.threads.split(",") if t]:
        modes[f"seeded, n_threads={k}"] = {**base, "random_state": 0, "n_threads": k}
    modes["unseeded"] = dict(base)
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    env["PYTHONPATH"] = os.pathsep.join([str(HERE.parent), env.get("PYTHONPATH", "")])
    started = datetime.now(timezone.utc)
    runs = {name: [] for name in modes}
    loads = [loadavg()]
    names = list(modes)
    for r in range(args.rounds):
        k = r % len(names)
        for name in names[k:] + names[:k]:
            out = subprocess.run(
                [sys.executable, "-c", textwrap.dedent(CHILD), json.dumps(modes[name])],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            )
            runs[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(f"round {r + 1} {name}: {runs[name][-1]}", flush=True)
        loads.append(loadavg())
    reference = median([run["wall_s"] for run in runs["seeded, n_threads=None"]])
    summary = {}
    for name, values in runs.items():
        wall = median([run["wall_s"] for run in values])
        summary[name] = {
            "median_wall_s": wall,
            "x_default": wall / reference,
            "median_cpu_s": median([run["cpu_s"] for run in values]),
            "intra_op_threads": sorted({run["intra"] for run in values}),
            "weights": sorted({run["weights"] for run in values}),
        }
        print(
            f"{name:24s} {wall:6.2f} s ({wall / reference:.2f}x default)  cpu "
            f"{summary[name]['median_cpu_s']:6.2f} s  threads {summary[name]['intra_op_threads']}"
            f"  weights {summary[name]['weights']}"
        )
    result = {
        "benchmark": "seeded_threads",
        "started_utc": started.isoformat(),
        "args": vars(args),
        "machine": machine_info(str(HERE.parent)),
        "loadavg_rounds": loads,
        "runs": runs,
        "summary": summary,
    }
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    path = HERE / "results" / f"seeded_threads_{stamp}.json"
    path.write_text(json.dumps(result, indent=1))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
