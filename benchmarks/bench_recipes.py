"""Accuracy per minute on Fashion-MNIST: precision, time budgets, recipes (issue 14, item 6).

Run by hand, never in CI. Every contender trains in its own interpreter, one at a
time, on the real Fashion-MNIST files (Debian's ``dataset-fashion-mnist`` or
skcnn's cache: ``load_fashion_mnist(download=False)``).

Stages (``--stages``, comma-separated):

``precision``  float32 against mixed_bfloat16 for ``simple``, ``fashion`` and
               ``resnet20``: the same seeded fit (``--precision-images`` training
               images, ``--precision-epochs`` epochs, ``n_threads`` fixed) in two
               processes, interleaved ``--repeats`` times; steady-state training
               throughput (epochs after the first, which includes tracing) and test
               accuracy on the 10,000 test images; ratios bf16 / float32.
``budget``     ``CNNClassifier(arch="resnet20", time_budget=300)`` on all 60,000
               images: fit wall time and test accuracy (target >= 0.93).
``budgets``    how much of ``time_budget`` a fit spends (issue 23): for each of
               ``--budgets`` (default 30,60) and each of ``--budget-archs``
               (default ``simple,resnet20``), one fit on all 60,000 images with
               ``epochs=1000``: wall time, ``time_budget_used_``, the planned
               seconds and steps of ``time_budget_plan_``, epochs (the last one
               partial), test accuracy. Target: 95-110 % of the budget used.
``recipe``     the documented recipe (``RECIPE`` below) within 30 minutes (target
               >= 0.94).
``fashion``    ``CNNClassifier(arch="fashion")`` with its defaults: time and test
               accuracy (the lecture's figure is >= 0.92).

Examples::

    python benchmarks/bench_recipes.py --stages precision --repeats 2
    python benchmarks/bench_recipes.py --stages budget,recipe
    python benchmarks/bench_recipes.py --stages budgets --budgets 30,60
    python benchmarks/bench_recipes.py --render benchmarks/results/recipes_<stamp>.json
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

# The recipe that reaches >= 0.94 within 30 minutes on 2 CPU cores: a CIFAR ResNet
# twice as wide as the paper's, one-cycle schedule, label smoothing, flips and small
# translations while training, mirror averaging at test time, bfloat16.
RECIPE = {
    "arch": "resnet20",
    "filters": 32,
    "precision": "auto",
    "learning_rate": "one_cycle",
    "label_smoothing": 0.1,
    "augment": {"flip": "horizontal", "translation": 0.08},
    "tta": True,
    "batch_size": 128,
    "epochs": 60,
    "time_budget": 1740,
    "validation_split": 0.0,
}
BUDGET = {"arch": "resnet20", "time_budget": 300}
FASHION_DEFAULTS = {"arch": "fashion"}

_WORKER = """
import json, sys, time
import numpy as np
from skcnn import CNNClassifier
from skcnn.datasets import load_fashion_mnist

params, n_train = json.loads(sys.argv[1]), int(sys.argv[2])
(X, y), (X_test, y_test) = load_fashion_mnist(download=False)
X, y = X[:n_train], y[:n_train]
from skcnn._keras import get_keras
keras = get_keras()
epoch_seconds = []

class Timer(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()
    def on_epoch_end(self, epoch, logs=None):
        epoch_seconds.append(time.perf_counter() - self.start)

clf = CNNClassifier(**params, callbacks=[Timer()])
start = time.perf_counter()
clf.fit(X, y)
fit_seconds = time.perf_counter() - start
train_images = len(X) * (1 - clf.validation_split)
steady = epoch_seconds[1:] or epoch_seconds
plan = clf.time_budget_plan_
budget = None if plan is None else {
    "budget": plan.budget,
    "used_seconds": clf.time_budget_used_,
    "planned_seconds": plan.seconds,
    "steps": plan.steps,
    "steps_run": plan.steps_run,
    "steps_per_epoch": plan.steps_per_epoch,
    "step_seconds": plan.step_seconds,
    "epoch_end_seconds": plan.epoch_end_seconds,
    "epoch_start_seconds": plan.epoch_start_seconds,
    "plans": plan.plans,
}
print(json.dumps({
    "time_budget": budget,
    "fit_seconds": fit_seconds,
    "epochs": int(clf.n_iter_),
    "epoch_seconds": epoch_seconds,
    "steady_img_per_s": train_images / (sum(steady) / len(steady)),
    "precision": clf.precision_,
    "test_accuracy": float(clf.score(X_test, y_test)),
}))
"""


def run_worker(params, n_train, timeout):
    load = loadavg()
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_WORKER), json.dumps(params), str(n_train)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["load_before"] = load
    return result


def stage_precision(args):
    rows = []
    for arch in args.archs.split(","):
        runs = {"float32": [], "mixed_bfloat16": []}
        for _ in range(args.repeats):
            for precision in runs:  # interleaved, one process each
                params = {
                    "arch": arch,
                    "precision": precision,
                    "epochs": args.precision_epochs,
                    "batch_size": 128,
                    "random_state": 0,
                    "n_threads": args.threads,
                }
                runs[precision].append(run_worker(params, args.precision_images, 3600))
                print(arch, precision, runs[precision][-1], flush=True)
        f32 = median([r["steady_img_per_s"] for r in runs["float32"]])
        bf16 = median([r["steady_img_per_s"] for r in runs["mixed_bfloat16"]])
        rows.append(
            {
                "arch": arch,
                "float32_img_per_s": f32,
                "bf16_img_per_s": bf16,
                "speedup": bf16 / f32,
                "float32_accuracy": median([r["test_accuracy"] for r in runs["float32"]]),
                "bf16_accuracy": median([r["test_accuracy"] for r in runs["mixed_bfloat16"]]),
                "runs": runs,
            }
        )
    return rows


def stage_budgets(args):
    rows = []
    for arch in args.budget_archs.split(","):
        for budget in (float(b) for b in args.budgets.split(",")):
            params = {"arch": arch, "time_budget": budget, "epochs": 1000, "random_state": 0}
            result = run_worker(params, 60000, budget * 3 + 600)
            result["params"] = params
            print(arch, budget, result["time_budget"], flush=True)
            rows.append(result)
    return rows


def stage_single(params, n_train, timeout):
    result = run_worker(params, n_train, timeout)
    result["params"] = params
    print(result, flush=True)
    return result


STAGES = {
    "precision": stage_precision,
    "budget": lambda args: stage_single(BUDGET, 60000, 1200),
    "budgets": stage_budgets,
    "recipe": lambda args: stage_single({**RECIPE, **json.loads(args.recipe)}, 60000, 3000),
    "fashion": lambda args: stage_single(FASHION_DEFAULTS, 60000, 3 * 3600),
}


def render(results):
    lines = []
    if "precision" in results:
        lines += [
            "| preset | float32 img/s | bf16 img/s | bf16 / float32 | float32 acc | bf16 acc |",
            "|---|---|---|---|---|---|",
        ]
        for r in results["precision"]:
            lines.append(
                f"| {r['arch']} | {r['float32_img_per_s']:.0f} | {r['bf16_img_per_s']:.0f} | "
                f"{r['speedup']:.2f}x | {r['float32_accuracy']:.4f} | {r['bf16_accuracy']:.4f} |"
            )
    if "budgets" in results:
        lines += [
            "| arch | budget s | fit s | used s | used / budget | planned s | steps planned "
            "| steps run | epochs | steps/epoch | plans | test acc | load before |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for r in results["budgets"]:
            b = r["time_budget"]
            lines.append(
                f"| {r['params']['arch']} | {b['budget']:.0f} | {r['fit_seconds']:.1f} "
                f"| {b['used_seconds']:.1f} | {b['used_seconds'] / b['budget']:.1%} "
                f"| {b['planned_seconds']:.1f} | {b['steps']} | {b['steps_run']} | {r['epochs']} "
                f"| {b['steps_per_epoch']} | {b['plans']} | {r['test_accuracy']:.4f} "
                f"| {r['load_before'][0]:.2f} |"
            )
    for name in ("budget", "recipe", "fashion"):
        if name in results:
            r = results[name]
            lines.append(
                f"- {name}: test accuracy {r['test_accuracy']:.4f}, fit {r['fit_seconds']:.0f} s, "
                f"{r['epochs']} epochs, {r['precision']}, load before {r['load_before'][0]:.2f}"
            )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stages", default="precision,budget")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--precision-images", type=int, default=12000)
    parser.add_argument("--precision-epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--archs", default="simple,fashion,resnet20", help="precision stage")
    parser.add_argument("--budgets", default="30,60", help="budgets stage: seconds")
    parser.add_argument("--budget-archs", default="simple,resnet20", help="budgets stage")
    parser.add_argument(
        "--recipe", default="{}", help='JSON merged into RECIPE, e.g. \'{"filters": 16}\''
    )
    parser.add_argument("--render", default=None, help="print the tables of a results JSON")
    args = parser.parse_args()
    if args.render:
        print(render(json.loads(Path(args.render).read_text())["results"]))
        return
    results = {}
    for stage in args.stages.split(","):
        results[stage] = STAGES[stage](args)
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    path = HERE / "results" / f"recipes_{stamp}.json"
    path.write_text(
        json.dumps(
            {"machine": machine_info(ROOT), "args": vars(args), "results": results}, indent=1
        )
    )
    print(render(results))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
