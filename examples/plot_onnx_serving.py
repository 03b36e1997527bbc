"""
Serving without TensorFlow: export to ONNX, predict with onnxruntime
====================================================================

``export`` writes the fitted network's inference graph: no augmentation layers,
float32, and what ``predict_proba`` does around the network (rescaling,
resizing, test-time augmentation) inside. The file's input ``pixels`` takes a
float32 batch ``(n, height, width, channels)`` of raw pixel values, its output
``probabilities`` the class probabilities, and its metadata the class labels.

Here a small network learns the digits from PNG files; a separate Python
process that imports only onnxruntime, NumPy and Pillow (never TensorFlow)
serves predictions for the test files, and we compare its answers and its
latency per image with skcnn's ``predict``. Install the exporter with
``pip install 'skcnn[export]'``.
"""

# %%
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from PIL import Image
from sklearn.model_selection import train_test_split

from skcnn import CNNClassifier
from skcnn.datasets import ImageFiles, load_digits_images

images, labels = load_digits_images()
pixels = np.round(images * (255 / 16)).astype(np.uint8)  # 8-bit grayscale images
folder = Path(tempfile.mkdtemp())
paths = []
for i, image in enumerate(pixels):
    path = folder / f"digit_{i:04d}.png"
    Image.fromarray(image[:, :, 0]).save(path)
    paths.append(str(path))
train_paths, test_paths, y_train, y_test = train_test_split(
    paths, labels, test_size=0.2, random_state=0
)

clf = CNNClassifier(epochs=5, precision="float32", random_state=0)
clf.fit(ImageFiles(train_paths), y_train)
clf.export(folder / "digits.onnx")
print("exported", (folder / "digits.onnx").name)

# %%
# The server: onnxruntime and Pillow only. It reads the class labels from the
# file's metadata and checks that TensorFlow never came in.
SERVER = r"""
import json, sys, time
import numpy as np
import onnxruntime as ort
from PIL import Image

model, paths = sys.argv[1], json.loads(sys.stdin.read())
session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
classes = json.loads(session.get_modelmeta().custom_metadata_map["classes"])
batch = np.stack([np.asarray(Image.open(p), dtype=np.float32)[:, :, None] for p in paths])
session.run(None, {"pixels": batch[:1]})  # warm-up
start = time.perf_counter()
for image in batch:
    session.run(None, {"pixels": image[None]})
per_image = (time.perf_counter() - start) / len(batch)
(proba,) = session.run(None, {"pixels": batch})
print(json.dumps({
    "labels": [classes[i] for i in proba.argmax(axis=1)],
    "proba": proba.tolist(),
    "seconds_per_image": per_image,
    "tensorflow_imported": "tensorflow" in sys.modules,
}))
"""
served = subprocess.run(
    [sys.executable, "-c", SERVER, str(folder / "digits.onnx")],
    input=json.dumps(test_paths),
    capture_output=True,
    text=True,
    check=True,
)
answer = json.loads(served.stdout)
print("TensorFlow imported by the server:", answer["tensorflow_imported"])

# %%
# skcnn's answers for the same files, and its latency one image at a time.
test_files = ImageFiles(test_paths)
proba = clf.predict_proba(test_files)
predicted = clf.predict(test_files)
test_images = np.asarray(test_files)
clf.predict(test_images[:1])  # warm-up
start = time.perf_counter()
for image in test_images:
    clf.predict(image[None])
skcnn_per_image = (time.perf_counter() - start) / len(test_images)

same = np.array_equal(np.asarray(answer["labels"]), predicted)
print("same labels as predict:", same)
print(f"largest probability difference: {np.abs(np.asarray(answer['proba']) - proba).max():.1e}")
print(f"accuracy: {np.mean(predicted == y_test):.3f}")
print(
    f"latency per image: onnxruntime {answer['seconds_per_image'] * 1e3:.2f} ms, "
    f"skcnn predict {skcnn_per_image * 1e3:.2f} ms"
)

# %%
fig = Figure(figsize=(5, 2.5))
ax = fig.subplots()
ax.barh(
    ["onnxruntime", "skcnn predict"],
    [answer["seconds_per_image"] * 1e3, skcnn_per_image * 1e3],
    color=["tab:green", "tab:blue"],
)
ax.set_xlabel("milliseconds per image (one image per call)")
ax.set_title("Latency of one prediction")
fig.tight_layout()
