"""Do skcnn's saliency maps point at the evidence? (issue 23, item 3)

Run by hand, never in CI. For each preset, a short fit on each localization task
of :mod:`tasks.localization` (a bright square on noise), then the share of
held-out images with the object whose map peaks on it
(:func:`tasks.localization.peak_on_object`) for:

- ``gradcam``: ``gradcam(clf, X)``, the default call (default layer, Grad-CAM);
- ``hirescam``: ``gradcam(clf, X, method="hirescam")`` at the same layer;
- ``occlusion``: ``occlusion(clf, X, patch=3, stride=2)`` (``--occlusion-patch``,
  ``--occlusion-stride``);
- with ``--layers``, Grad-CAM and HiResCAM at every convolution layer too (the
  measurement behind the default layer rule: ``--layers`` records each layer's map
  size and score in the JSON).

Tasks: ``presence24``/``presence32`` (is the square there? scored on the
images that have it) and ``position24`` (left or right half? scored on all).
Every preset is fitted with its defaults except ``augment=None`` (a shifted
square changes the class of the position task; kept off for all tasks alike),
small widths (``--filters``) where the preset takes them, and ``--epochs``
epochs on ``--n-train`` images. Presets whose minimum input is larger than the
images are upsampled in the graph (``resize="auto"``); the table says so.

Examples::

    python benchmarks/bench_localization.py                      # the default presets
    python benchmarks/bench_localization.py --presets simple,lenet5 --layers
    python benchmarks/bench_localization.py --render benchmarks/results/localization_<stamp>.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from tasks import localization  # noqa: E402

# One preset per family, plus the Keras applications small enough for two cores.
DEFAULT_PRESETS = (
    "simple",
    "lenet5",
    "fashion",
    "alexnet",
    "vgg11",
    "resnet18",
    "resnet20",
    "googlenet",
    "xception",
    "se_resnet50",
    "densenet121",
    "keras.MobileNetV2",
)
# Width overrides per preset, to keep a fit to seconds on two cores.
PARAMS = {
    "simple": {},
    "lenet5": {},
    "fashion": {"filters": 16, "dense_units": 32, "dropout": 0.0},
    "alexnet": {"filters": 8, "dense_units": 32, "dropout": 0.0},
    "keras.MobileNetV2": {"arch_kwargs": {"alpha": 0.35}},
}
WIDE = {"filters": 8, "dense_units": 32}
TASKS = {
    "presence24": (localization.presence, 24),
    "presence32": (localization.presence, 32),
    "position24": (localization.position, 24),
}
PATCH = 5


def preset_params(name):
    from skcnn import list_architectures

    if name in PARAMS:
        return dict(PARAMS[name])
    if name.startswith("keras."):
        return {}
    params = dict(WIDE)
    if name.startswith(("resnet", "googlenet", "xception", "se_", "densenet")):
        params.pop("dense_units")
    list_architectures()  # the name must exist
    return params


def conv_layers(clf):
    """(path, (h, w)) of the last convolution layer of each map size, from the
    estimator's summary: the layers the default rule can pick, one per size."""
    frame = clf.summary()
    rows = frame[frame["type"].str.contains("Conv2D")]
    last = {}
    for r in rows.itertuples():
        last[tuple(r.output_shape[1:3])] = r.layer
    return sorted(((path, hw) for hw, path in last.items()), key=lambda e: -e[1][0])


def run_one(preset, task_name, *, n_train, n_test, epochs, layers, seed, patch, stride):
    import numpy as np

    from skcnn import CNNClassifier
    from skcnn.inspection import gradcam, gradcam_layer, occlusion

    build, size = TASKS[task_name]
    X, y, _ = build(n_train, size, PATCH, seed=seed)
    X_test, y_test, boxes = build(n_test, size, PATCH, seed=seed + 1)
    params = preset_params(preset)
    clf = CNNClassifier(arch=preset, augment=None, epochs=epochs, random_state=seed, **params)
    start = time.perf_counter()
    clf.fit(X, y)
    fit_s = time.perf_counter() - start
    accuracy = float(clf.score(X_test, y_test))
    has = ~np.all(boxes == np.array(localization.NO_BOX), axis=1)
    shown, shown_boxes = X_test[has], boxes[has]
    path = gradcam_layer(clf)
    shapes = dict(conv_layers(clf)) if layers else {}
    layer_output = clf.summary().set_index("layer")["output_shape"]
    start = time.perf_counter()
    maps = gradcam(clf, shown)
    gradcam_s = time.perf_counter() - start
    row = {
        "preset": preset,
        "task": task_name,
        "params": params,
        "fit_s": round(fit_s, 1),
        "accuracy": accuracy,
        "network_input": list(clf.model_.layers[-1].input.shape[1:]),
        "layer": path,
        "layer_map": list(layer_output[path][1:3]),
        "gradcam": localization.peak_on_object(maps, shown_boxes),
        "gradcam_s": round(gradcam_s, 2),
        "hirescam": localization.peak_on_object(
            gradcam(clf, shown, method="hirescam"), shown_boxes
        ),
    }
    start = time.perf_counter()
    drops = occlusion(clf, shown, patch=patch, stride=stride)
    row["occlusion_s"] = round(time.perf_counter() - start, 2)
    row["occlusion"] = localization.peak_on_object(drops, shown_boxes)
    if layers:
        row["layers"] = [
            {
                "layer": name,
                "map": list(hw),
                "gradcam": localization.peak_on_object(
                    gradcam(clf, shown, layer=name), shown_boxes
                ),
                "hirescam": localization.peak_on_object(
                    gradcam(clf, shown, layer=name, method="hirescam"), shown_boxes
                ),
            }
            for name, hw in shapes.items()
        ]
    return row


def render(rows):
    lines = [
        "| preset | task | network input | default layer (map) | accuracy | Grad-CAM "
        "| HiResCAM | occlusion | fit s | Grad-CAM s | occlusion s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['preset']} | {r['task']} | failed: {r['error']} |")
            continue
        h, w = r["layer_map"]
        net = "x".join(str(v) for v in r["network_input"])
        lines.append(
            f"| {r['preset']} | {r['task']} | {net} | {r['layer']} ({h}x{w}) "
            f"| {r['accuracy']:.2f} | {r['gradcam']:.2f} | {r['hirescam']:.2f} "
            f"| {r['occlusion']:.2f} | {r['fit_s']:.0f} | {r['gradcam_s']:.1f} "
            f"| {r['occlusion_s']:.1f} |"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", default=",".join(DEFAULT_PRESETS))
    parser.add_argument("--tasks", default=",".join(TASKS))
    parser.add_argument("--n-train", type=int, default=1000)
    parser.add_argument("--n-test", type=int, default=100)
    parser.add_argument("--occlusion-patch", type=int, default=3)
    parser.add_argument("--occlusion-stride", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--layers", action="store_true", help="score every convolution layer")
    parser.add_argument("--render", help="print the table of a results JSON and exit")
    parser.add_argument("--out", default=str(HERE / "results"))
    args = parser.parse_args(argv)
    if args.render:
        print(render(json.loads(Path(args.render).read_text())["rows"]))
        return 0
    os.environ.setdefault("OMP_NUM_THREADS", "2")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = Path(args.out) / f"localization_{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    record = {"argv": sys.argv[1:], "patch": PATCH, "rows": []}
    for preset in args.presets.split(","):
        for task_name in args.tasks.split(","):
            try:
                row = run_one(
                    preset,
                    task_name,
                    n_train=args.n_train,
                    n_test=args.n_test,
                    epochs=args.epochs,
                    layers=args.layers,
                    seed=args.seed,
                    patch=args.occlusion_patch,
                    stride=args.occlusion_stride,
                )
            except Exception as exc:  # a preset that cannot take the task: say why
                row = {"preset": preset, "task": task_name, "error": f"{type(exc).__name__}: {exc}"}
            record["rows"].append(row)
            print(render([row]).splitlines()[-1], flush=True)
            out.write_text(json.dumps(record, indent=1))
    print(render(record["rows"]))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
