"""
A folder of image files, streamed through a grid search
=======================================================

Real image collections come as files, one folder per class:
``digits/0/0001.png``, ``digits/1/0002.png``, ... (the layout of Keras's
``image_dataset_from_directory``). ``load_image_folder(..., lazy=True)``
returns the images as an ``ImageFiles``: it indexes like a
``(n, height, width, channels)`` uint8 array, but holds only the paths.
scikit-learn's splitters select files, not pixels, so a ``GridSearchCV``
passes file lists to every fit, and the estimator decodes them batch by batch
while it trains and predicts: the images never have to fit in memory at once.

Here scikit-learn's digits are written as PNG files into a temporary folder
first, so the example runs anywhere.
"""

# %%
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from PIL import Image
from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split

from skcnn import CNNClassifier
from skcnn.datasets import load_digits_images, load_image_folder

images, labels = load_digits_images()
workdir = tempfile.TemporaryDirectory()
folder = Path(workdir.name) / "digits"
for i, (image, label) in enumerate(zip(images, labels, strict=True)):
    (folder / str(label)).mkdir(parents=True, exist_ok=True)
    pixels = np.round(image[:, :, 0] * 255 / 16).astype(np.uint8)
    Image.fromarray(pixels).save(folder / str(label) / f"{i:04d}.png")

X, y = load_image_folder(folder, lazy=True)
print(X)
print("classes:", np.unique(y).tolist(), "first file:", Path(X.paths[0]).relative_to(folder))

# %%
# Split the files, then search two widths of the network with 2-fold
# cross-validation on the training files. Labels are the folder names
# (strings) and come back from ``predict`` as strings.
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, stratify=y, random_state=0
)
print("training files:", X_train)
search = GridSearchCV(
    CNNClassifier(arch="simple", epochs=5, random_state=0),
    {"filters": [4, 16]},
    cv=StratifiedKFold(2, shuffle=True, random_state=0),
)
search.fit(X_train, y_train)
results = pd.DataFrame(search.cv_results_)
print(results[["param_filters", "mean_test_score", "std_test_score"]].round(3))
print("best:", search.best_params_, "test accuracy:", round(search.score(X_test, y_test), 3))
print("predicted:", search.predict(X_test[:8]), "true:", y_test[:8])

# %%
# Mean cross-validated accuracy of each candidate, with its spread over the folds.
fig = Figure(figsize=(4, 3), layout="constrained")
ax = fig.add_subplot()
ax.errorbar(
    results["param_filters"].astype(str),
    results["mean_test_score"],
    yerr=results["std_test_score"],
    fmt="o",
    capsize=4,
)
ax.set_xlabel("filters")
ax.set_ylabel("cross-validated accuracy")
ax.set_title("GridSearchCV on image files")

workdir.cleanup()  # the PNG files
