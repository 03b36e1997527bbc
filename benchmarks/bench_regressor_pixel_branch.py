"""A per-pixel branch for CNNRegressor on the suite's regression targets (issue 23, item 2).

``regress_ink_share`` (the share of pixels above 8) is the one target the
regressor's defaults lose to gradient boosting. The target is a mean over
pixels of a step, which two 1x1 convolutions globally averaged can represent
exactly. This script fits, on each regression task of the suite, one after the
other in this process:

- ``default``: ``CNNRegressor()`` (the ``simple`` preset, ``resize="auto"``);
- ``branch``: the same ``simple`` body, resized inside the network, beside a
  per-pixel branch on the pixels *before* resizing (two 1x1 convolutions of
  ``--width`` ReLU units, global average pooling), concatenated before the
  output layer;
- ``branch_resized``: the same with the branch on the resized pixels;
- ``pixels_only``: the per-pixel branch alone (no convolutional body).

Every variant gets ``--epochs`` (the default preset's 30 unless given) and the
estimator's other defaults. Results (test R^2, training R^2, seconds) go to
``benchmarks/results/regressor_pixel_branch_<UTC stamp>.json``; the reading is
in docs/benchmarks.md (the task suite's "Where the target is missed").

Examples::

    python benchmarks/bench_regressor_pixel_branch.py
    python benchmarks/bench_regressor_pixel_branch.py --tasks regress_ink_share \\
        --variants default,pixels_only --epochs 100 --seeds 0,1
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks._measure import loadavg, machine_info  # noqa: E402
from benchmarks.tasks import suite  # noqa: E402

REGRESSION_TASKS = [name for name in suite.TUNING if name.startswith("regress_")]
# The smallest input of the simple preset's body (two pools between 3x3 convolutions).
SIMPLE_MIN = 18


def _pixel_branch(layers, x, width):
    x = layers.Conv2D(width, 1, activation="relu", name="pixel1")(x)
    x = layers.Conv2D(width, 1, activation="relu", name="pixel2")(x)
    return layers.GlobalAveragePooling2D(name="pixel_pool")(x)


def _simple_body(layers, x):
    for stage, width in enumerate((32, 64, 64), start=1):
        if stage > 1:
            x = layers.MaxPooling2D(2, name=f"pool{stage - 1}")(x)
        x = layers.Conv2D(width, 3, activation="relu", name=f"conv{stage}")(x)
    x = layers.Flatten(name="flatten")(x)
    return layers.Dense(64, activation="relu", name="dense1")(x)


def make_builder(variant, width):
    """A builder callable for ``arch=``: ``(input_shape, n_outputs, **_) -> keras.Model``.

    The estimator sets the output layer's activation (linear for a regressor).
    """

    def build(input_shape, n_outputs, **_):
        import keras
        from keras import layers

        inputs = keras.Input(shape=input_shape, name="image")
        height, width_px = input_shape[:2]
        resized = inputs
        if min(height, width_px) < SIMPLE_MIN:
            size = (max(height, SIMPLE_MIN), max(width_px, SIMPLE_MIN))
            resized = layers.Resizing(*size, name="resize_body")(inputs)
        if variant == "pixels_only":
            features = _pixel_branch(layers, inputs, width)
        else:
            source = inputs if variant == "branch" else resized
            features = layers.Concatenate(name="features")(
                [_simple_body(layers, resized), _pixel_branch(layers, source, width)]
            )
        outputs = layers.Dense(n_outputs, activation="softmax", name="predictions")(features)
        return keras.Model(inputs, outputs, name=f"simple_{variant}")

    build.__name__ = f"simple_{variant}"
    return build


VARIANTS = ("default", "branch", "branch_resized", "pixels_only")


def run(task, variant, seed, epochs, width):
    from sklearn.metrics import r2_score

    from skcnn import CNNRegressor

    if variant == "default":
        params = dict(epochs=epochs)
    else:
        params = dict(arch=make_builder(variant, width), resize=None, epochs=epochs)
    start = time.perf_counter()
    reg = CNNRegressor(random_state=seed, **params).fit(task.X_train, task.y_train)
    fit_s = time.perf_counter() - start
    return {
        "task": task.name,
        "variant": variant,
        "seed": seed,
        "epochs": epochs,
        "width": width,
        "test_r2": round(float(r2_score(task.y_test, reg.predict(task.X_test))), 4),
        "train_r2": round(float(r2_score(task.y_train, reg.predict(task.X_train))), 4),
        "fit_s": round(fit_s, 1),
        "load": loadavg(),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", default=",".join(REGRESSION_TASKS))
    parser.add_argument("--variants", default="default,branch,branch_resized")
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--width", type=int, default=16, help="units of each 1x1 convolution")
    parser.add_argument("--quick", action="store_true", help="300 training images, 2 epochs")
    args = parser.parse_args(argv)
    variants = args.variants.split(",")
    unknown = sorted(set(variants) - set(VARIANTS))
    if unknown:
        parser.error(f"--variants: unknown {unknown}; choose from {', '.join(VARIANTS)}")
    epochs = 2 if args.quick else args.epochs
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = HERE / "results" / f"regressor_pixel_branch_{stamp}.json"
    results = {
        "benchmark": "regressor_pixel_branch",
        "args": vars(args),
        "machine": machine_info(HERE.parent),
        "runs": [],
    }
    for name in args.tasks.split(","):
        task = suite.build(name, 0)
        if args.quick:
            task.X_train, task.y_train = task.X_train[:300], task.y_train[:300]
            task.X_test, task.y_test = task.X_test[:100], task.y_test[:100]
        for seed in (int(s) for s in args.seeds.split(",")):
            for variant in variants:
                row = run(task, variant, seed, epochs, args.width)
                results["runs"].append(row)
                print(json.dumps(row), flush=True)
                if not args.quick:
                    out.write_text(json.dumps(results, indent=1))
    if not args.quick:
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
