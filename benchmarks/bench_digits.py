"""Training defaults for small images: skcnn against SVC on sklearn's digits (issue 14).

Run by hand, never in CI. Every contender is scored on the same splits of
``load_digits(return_X_y=True)`` (1,797 flat 8x8 images, values 0..16):

``plain``    ``cross_val_score(est, X, y, cv=5)``: StratifiedKFold(5), no shuffle.
``shuf1``    StratifiedKFold(5, shuffle=True, random_state=1); ``shuf2`` the same
             with random_state=2.
``writer``   the split by writer: the first 1,000 images train, the other 797 test.

Each scheme is run with the estimator as a user types it (``random_state=None``,
"unseeded") and with ``random_state=0`` ("seeded"). A contender is a preset
(``simple``, ``lenet5``) with a training recipe (``RECIPES``), or an SVC.

Timing on a shared machine: each contender and seeding runs in its own
interpreter, one after the other (never two trainings at once); a seeded fit
computes with one intra-op thread (skcnn's rule for reproducible results), an
unseeded one with every core, so the fit times a user sees are the unseeded
ones. Around its folds the worker fits a fixed reference (``REFERENCE``: the
current default ``CNNClassifier`` on 1,000 images, with the process's seeding)
before the first and after the last fold, so each
fold's fit time is reported raw, as a ratio to the mean of the two reference
fits of the same process, and with the 1-minute load average before it.

Examples::

    # coarse search: plain folds, seeded only
    python benchmarks/bench_digits.py --schemes plain --seeding seeded \\
        --contenders simple:default,simple:oc30_aug
    # confirmation on every scheme, both seedings, SVC baselines beside
    python benchmarks/bench_digits.py --contenders svc,svc_g001,simple:oc30_aug
    # print the table of an earlier run
    python benchmarks/bench_digits.py --render benchmarks/results/digits_<stamp>.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from _measure import loadavg, machine_info  # noqa: E402

SCHEMES = ("plain", "shuf1", "shuf2", "writer")
SEEDINGS = ("unseeded", "seeded")
SEED = 0

# Augmentation for digits: never flipped. Fractions of the (resized) image size.
AUG_SMALL = {"translation": 0.1, "rotation": 0.05, "zoom": 0.1}
AUG_TINY = {"translation": 0.05, "rotation": 0.03, "zoom": 0.05}
AUG_TR = {"translation": 0.1}
AUG_BIG = {"translation": 0.15, "rotation": 0.08, "zoom": 0.15}

# Training recipes: CNNClassifier keyword arguments (``arch`` is the preset).
# A learning rate given as {"one_cycle": {...}} or {"cosine": {...}} becomes a
# skcnn.schedules instance in the worker.
RECIPES = {
    "default": {},
    "oc30": {"learning_rate": "one_cycle", "epochs": 30, "validation_split": 0.0},
    "oc30_aug": {
        "learning_rate": "one_cycle",
        "epochs": 30,
        "validation_split": 0.0,
        "augment": AUG_SMALL,
    },
    "oc30_aug_ls": {
        "learning_rate": "one_cycle",
        "epochs": 30,
        "validation_split": 0.0,
        "augment": AUG_SMALL,
        "label_smoothing": 0.1,
    },
    "oc30_augtiny_ls": {
        "learning_rate": "one_cycle",
        "epochs": 30,
        "validation_split": 0.0,
        "augment": AUG_TINY,
        "label_smoothing": 0.1,
    },
    "oc30_augtr_ls": {
        "learning_rate": "one_cycle",
        "epochs": 30,
        "validation_split": 0.0,
        "augment": AUG_TR,
        "label_smoothing": 0.1,
    },
    "oc30p3_aug_ls": {
        "learning_rate": {"one_cycle": {"peak": 0.003}},
        "epochs": 30,
        "validation_split": 0.0,
        "augment": AUG_SMALL,
        "label_smoothing": 0.1,
    },
    "cos30p3_aug_ls": {
        "learning_rate": {"cosine": {"peak": 0.003, "warmup": 0.05}},
        "epochs": 30,
        "validation_split": 0.0,
        "augment": AUG_SMALL,
        "label_smoothing": 0.1,
    },
    "oc30p3_aug_ls_adamw": {
        "optimizer": "adamw",
        "learning_rate": {"one_cycle": {"peak": 0.003}},
        "epochs": 30,
        "validation_split": 0.0,
        "augment": AUG_SMALL,
        "label_smoothing": 0.1,
    },
    "oc30p3_aug_ls_b32": {
        "learning_rate": {"one_cycle": {"peak": 0.003}},
        "epochs": 30,
        "batch_size": 32,
        "validation_split": 0.0,
        "augment": AUG_SMALL,
        "label_smoothing": 0.1,
    },
    "oc50p3_aug_ls": {
        "learning_rate": {"one_cycle": {"peak": 0.003}},
        "epochs": 50,
        "validation_split": 0.0,
        "augment": AUG_SMALL,
        "label_smoothing": 0.1,
    },
    "oc30p3_aug_ls_bf16": {
        "learning_rate": {"one_cycle": {"peak": 0.003}},
        "epochs": 30,
        "validation_split": 0.0,
        "augment": AUG_SMALL,
        "label_smoothing": 0.1,
        "precision": "mixed_bfloat16",
    },
    "oc30p10_aug_ls": {
        "learning_rate": {"one_cycle": {"peak": 0.01}},
        "epochs": 30,
        "validation_split": 0.0,
        "augment": AUG_SMALL,
        "label_smoothing": 0.1,
    },
    "oc60p3_aug_ls": {
        "learning_rate": {"one_cycle": {"peak": 0.003}},
        "epochs": 60,
        "validation_split": 0.0,
        "augment": AUG_SMALL,
        "label_smoothing": 0.1,
    },
    "oc60p3_aug_ls_b32": {
        "learning_rate": {"one_cycle": {"peak": 0.003}},
        "epochs": 60,
        "batch_size": 32,
        "validation_split": 0.0,
        "augment": AUG_SMALL,
        "label_smoothing": 0.1,
    },
    "oc80p3_aug_ls_b32": {
        "learning_rate": {"one_cycle": {"peak": 0.003}},
        "epochs": 80,
        "batch_size": 32,
        "validation_split": 0.0,
        "augment": AUG_SMALL,
        "label_smoothing": 0.1,
    },
    "oc30p3_augbig_ls": {
        "learning_rate": {"one_cycle": {"peak": 0.003}},
        "epochs": 30,
        "validation_split": 0.0,
        "augment": AUG_BIG,
        "label_smoothing": 0.1,
    },
    "oc50p3_augbig_ls": {
        "learning_rate": {"one_cycle": {"peak": 0.003}},
        "epochs": 50,
        "validation_split": 0.0,
        "augment": AUG_BIG,
        "label_smoothing": 0.1,
    },
    "default_bf16": {"precision": "mixed_bfloat16"},
    "oc30_aug_ls_bf16": {
        "learning_rate": "one_cycle",
        "epochs": 30,
        "validation_split": 0.0,
        "augment": AUG_SMALL,
        "label_smoothing": 0.1,
        "precision": "mixed_bfloat16",
    },
    "oc60p3_aug_ls_b32_bf16": {
        "learning_rate": {"one_cycle": {"peak": 0.003}},
        "epochs": 60,
        "batch_size": 32,
        "validation_split": 0.0,
        "augment": AUG_SMALL,
        "label_smoothing": 0.1,
        "precision": "mixed_bfloat16",
    },
    "es_aug_ls": {
        "learning_rate": {"cosine": {"peak": 0.003, "warmup": 0.05}},
        "epochs": 60,
        "early_stopping": True,
        "patience": 8,
        "augment": AUG_SMALL,
        "label_smoothing": 0.1,
    },
}
SVCS = {"svc": {}, "svc_g001": {"gamma": 0.001}}
REFERENCE = {"arch": "simple", "random_state": SEED}
REFERENCE_IMAGES = 1000


def log(*args):
    print(*args, flush=True)


def contender_spec(name):
    """``(kind, kwargs)`` of a contender name: ``svc``, ``svc_g001`` or ``preset:recipe``."""
    if name in SVCS:
        return "svc", dict(SVCS[name])
    preset, sep, recipe = name.partition(":")
    if not sep or recipe not in RECIPES:
        raise SystemExit(
            f"Unknown contender {name!r}: give 'svc', 'svc_g001' or 'preset:recipe' with a "
            f"recipe among {sorted(RECIPES)}."
        )
    return "cnn", {"arch": preset, **RECIPES[recipe]}


# =================================================================== worker
def _splits(scheme, X, y):
    from sklearn.model_selection import StratifiedKFold

    if scheme == "plain":
        return list(StratifiedKFold(5).split(X, y))
    if scheme in ("shuf1", "shuf2"):
        return list(StratifiedKFold(5, shuffle=True, random_state=int(scheme[-1])).split(X, y))
    if scheme == "writer":
        import numpy as np

        return [(np.arange(1000), np.arange(1000, len(X)))]
    raise SystemExit(f"Unknown scheme {scheme!r}; choose among {SCHEMES}.")


def _cnn_kwargs(kwargs):
    from skcnn.schedules import CosineSchedule, OneCycleSchedule

    out = dict(kwargs)
    rate = out.get("learning_rate")
    if isinstance(rate, dict):
        ((kind, options),) = rate.items()
        out["learning_rate"] = {"one_cycle": OneCycleSchedule, "cosine": CosineSchedule}[kind](
            **options
        )
    return out


def _make(kind, kwargs, seeded):
    if kind == "svc":
        from sklearn.svm import SVC

        return SVC(**kwargs)
    from skcnn import CNNClassifier

    return CNNClassifier(**_cnn_kwargs(kwargs), random_state=SEED if seeded else None)


def _cpu_seconds():
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed_fit(est, X, y):
    load = loadavg()[0]
    cpu0 = _cpu_seconds()
    t0 = time.perf_counter()
    est.fit(X, y)
    return time.perf_counter() - t0, _cpu_seconds() - cpu0, load


def _reference_fit(X, y, seeded):
    from skcnn import CNNClassifier

    reference = dict(REFERENCE, random_state=SEED if seeded else None)
    fit_s, cpu_s, load = _timed_fit(
        CNNClassifier(**reference), X[:REFERENCE_IMAGES], y[:REFERENCE_IMAGES]
    )
    return {"fit_s": round(fit_s, 3), "cpu_s": round(cpu_s, 3), "load1": load}


def worker(params):
    """All folds of every requested scheme for one contender and one seeding.

    One process per seeding: a fit computes with its process's allotment of
    cores (pass ``n_threads=1`` where results must not depend on the core
    count), and TensorFlow fixes its thread pools at the first fit of a process.
    The reference fit shares the seeding.
    """
    from sklearn.datasets import load_digits

    kind, kwargs = contender_spec(params["contender"])
    if kind == "cnn":
        from skcnn._keras import get_keras

        get_keras()  # TensorFlow's import stays outside every timer
    X, y = load_digits(return_X_y=True)
    seeded = params["seeding"] == "seeded"
    refs = [_reference_fit(X, y, seeded)] if kind == "cnn" else []
    runs = []
    for scheme in params["schemes"]:
        for seeding in [params["seeding"]]:
            folds = []
            for train, test in _splits(scheme, X, y):
                est = _make(kind, kwargs, seeding == "seeded")
                fit_s, cpu_s, load = _timed_fit(est, X[train], y[train])
                folds.append(
                    {
                        "accuracy": float(est.score(X[test], y[test])),
                        "fit_s": round(fit_s, 3),
                        "cpu_s": round(cpu_s, 3),
                        "load1": load,
                        "epochs_run": int(est.n_iter_) if kind == "cnn" else None,
                    }
                )
            runs.append({"scheme": scheme, "seeding": seeding, "folds": folds})
            log(f"  {params['contender']} {scheme} {seeding}: {_summary(folds)}")
    if kind == "cnn":
        refs.append(_reference_fit(X, y, seeded))
    threads = None
    if kind == "cnn":
        import tensorflow as tf

        threads = tf.config.threading.get_intra_op_parallelism_threads()
    print("RESULT " + json.dumps({"refs": refs, "runs": runs, "intra_op_threads": threads}))


def worker_alternate(params):
    """Fit the contenders round-robin on plain fold 1's training images, in one
    process: the fairest timing of two precisions (or recipes) on a busy machine."""
    from sklearn.datasets import load_digits

    from skcnn._keras import get_keras

    get_keras()
    X, y = load_digits(return_X_y=True)
    train, _ = _splits("plain", X, y)[0]
    names = params["alternate"]
    fits = {name: [] for name in names}
    for round_ in range(params["repeats"]):
        order = names[round_ % len(names) :] + names[: round_ % len(names)]
        for name in order:
            kind, kwargs = contender_spec(name)
            # unseeded, as a user types it: every core (a seeded fit takes one)
            fit_s, cpu_s, load = _timed_fit(_make(kind, kwargs, False), X[train], y[train])
            fits[name].append({"fit_s": round(fit_s, 3), "cpu_s": round(cpu_s, 3), "load1": load})
            log(f"  {name} round {round_ + 1}: {fit_s:.1f} s wall, {cpu_s:.1f} s cpu")
    print("RESULT " + json.dumps({"alternate": fits}), flush=True)


def render_alternate(fits):
    first = next(iter(fits))
    base = statistics.median(f["fit_s"] for f in fits[first])
    lines = [
        f"| contender | fits | fit s median | cpu s median | fit / {first} | load1 |",
        "|---|---|---|---|---|---|",
    ]
    for name, runs in fits.items():
        med = statistics.median(f["fit_s"] for f in runs)
        lines.append(
            f"| {name} | {len(runs)} | {med:.1f} | "
            f"{statistics.median(f['cpu_s'] for f in runs):.1f} | {med / base:.2f} | "
            f"{statistics.mean(f['load1'] for f in runs):.1f} |"
        )
    return "\n".join(lines)


def _summary(folds):
    accs = [f["accuracy"] for f in folds]
    return f"mean {statistics.mean(accs):.4f} min {min(accs):.4f}"


# =================================================================== driver
def run_worker(params, timeout):
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", json.dumps(params)]
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", PYTHONUNBUFFERED="1")
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, env=env, cwd=REPO, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout} s"}
    for line in proc.stdout.splitlines():
        if line.startswith("  "):
            log(line)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("RESULT "):
            result = json.loads(line[len("RESULT ") :])
            result["process_wall_s"] = round(time.perf_counter() - start, 1)
            return result
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-15:]
    return {"error": f"exit {proc.returncode}: " + " | ".join(tail)}


def _ref_seconds(result, seeding):
    refs = result.get("refs") or []
    if isinstance(refs, dict):  # one reference per seeding (one process each)
        refs = refs.get(seeding) or []
    return statistics.mean(r["fit_s"] for r in refs) if refs else None


def table_rows(results):
    """One row per contender x scheme x seeding."""
    rows = []
    for name, result in results.items():
        if "error" in result:
            rows.append({"contender": name, "error": result["error"]})
            continue
        for run in result["runs"]:
            ref = _ref_seconds(result, run["seeding"])
            folds = run["folds"]
            accs = [f["accuracy"] for f in folds]
            fits = [f["fit_s"] for f in folds]
            rows.append(
                {
                    "contender": name,
                    "scheme": run["scheme"],
                    "seeding": run["seeding"],
                    "mean": statistics.mean(accs),
                    "min": min(accs),
                    "fit_s_median": statistics.median(fits),
                    "fit_s_max": max(fits),
                    "cpu_s_median": statistics.median(f["cpu_s"] for f in folds),
                    "ratio_to_ref": statistics.median(fits) / ref if ref else None,
                    "load1_mean": statistics.mean(f["load1"] for f in folds),
                    "ref_fit_s": ref,
                }
            )
    return rows


def render(doc):
    if "alternate" in doc:
        return render_alternate(doc["alternate"].get("alternate", {}))
    lines = [
        "| contender | scheme | seeding | mean acc | min fold | fit s (median / max) "
        "| cpu s | fit / ref | load1 | ref s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in table_rows(doc["results"]):
        if "error" in r:
            lines.append(f"| {r['contender']} | error: {r['error'][:80]} |")
            continue
        ratio = "" if r["ratio_to_ref"] is None else f"{r['ratio_to_ref']:.2f}"
        ref = "" if r["ref_fit_s"] is None else f"{r['ref_fit_s']:.1f}"
        lines.append(
            f"| {r['contender']} | {r['scheme']} | {r['seeding']} | {r['mean']:.4f} "
            f"| {r['min']:.4f} | {r['fit_s_median']:.1f} / {r['fit_s_max']:.1f} "
            f"| {r['cpu_s_median']:.1f} | {ratio} | {r['load1_mean']:.1f} | {ref} |"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", metavar="JSON", help=argparse.SUPPRESS)
    parser.add_argument(
        "--contenders",
        default="svc,svc_g001,simple:default,lenet5:default",
        help=f"comma-separated: svc, svc_g001, preset:recipe (recipes: {', '.join(RECIPES)})",
    )
    parser.add_argument(
        "--schemes",
        default="plain,shuf1,writer",
        help=f"comma-separated among {', '.join(SCHEMES)}",
    )
    parser.add_argument(
        "--seeding", default="unseeded,seeded", help=f"comma-separated among {', '.join(SEEDINGS)}"
    )
    parser.add_argument("--name", default=None, help="results file stem (digits_<UTC stamp>)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per contender")
    parser.add_argument("--render", metavar="JSON", help="print the table of an earlier run")
    parser.add_argument(
        "--alternate",
        type=int,
        default=0,
        metavar="N",
        help="timing only: N rounds of the contenders fitted in turn in one process",
    )
    args = parser.parse_args(argv)
    if args.worker:
        params = json.loads(args.worker)
        (worker_alternate if "alternate" in params else worker)(params)
        return
    if args.render:
        with open(args.render) as fh:
            print(render(json.load(fh)))
        return
    contenders = [c for c in args.contenders.split(",") if c]
    schemes = [s for s in args.schemes.split(",") if s]
    seedings = [s for s in args.seeding.split(",") if s]
    for name in contenders:
        contender_spec(name)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = os.path.join(HERE, "results", f"{args.name or 'digits_' + stamp}.json")
    doc = {
        "started": stamp,
        "machine": machine_info(REPO),
        "reference": {**REFERENCE, "n_images": REFERENCE_IMAGES},
        "specs": {c: contender_spec(c)[1] for c in contenders},
        "schemes": schemes,
        "seedings": seedings,
        "load_before": loadavg(),
        "results": {},
    }
    if args.alternate:
        doc["alternate"] = run_worker(
            {"alternate": contenders, "repeats": args.alternate}, args.timeout
        )
        doc["load_after"] = loadavg()
        with open(path, "w") as fh:
            json.dump(doc, fh, indent=1)
        print(render(doc))
        log(f"wrote {path}")
        return
    for name in contenders:
        log(f"{name} (load {loadavg()})")
        doc["results"][name] = merged = {"runs": [], "refs": {}, "process_wall_s": {}}
        for seeding in seedings:
            params = {"contender": name, "schemes": schemes, "seeding": seeding}
            result = run_worker(params, args.timeout)
            if "error" in result:
                doc["results"][name] = result
                break
            merged["runs"] += result["runs"]
            merged["refs"][seeding] = result["refs"]
            merged["process_wall_s"][seeding] = result["process_wall_s"]
            merged.setdefault("intra_op_threads", {})[seeding] = result["intra_op_threads"]
        doc["load_after"] = loadavg()
        with open(path, "w") as fh:  # written after each contender: a partial run survives
            json.dump(doc, fh, indent=1)
    print(render(doc))
    log(f"wrote {path}")


if __name__ == "__main__":
    main()
