"""
The R MNIST lab on scikit-learn's digits
========================================

The R keras lab trains a small CNN with ``rmsprop``, batch size 64 and a 10%
validation split, plots ``history``, and reads the test set through R's
``table()`` and caret's ``confusionMatrix``. This is the same lab on the
digits that ship with scikit-learn, so it runs anywhere without a download.
"""

# %%
# Data: 8x8 images with values 0..16, upsampled inside the network.
from sklearn.model_selection import train_test_split

from skcnn import CNNClassifier
from skcnn.datasets import load_digits_images
from skcnn.metrics import classification_report, confusion_matrix_report, table
from skcnn.plotting import plot_confusion_matrix, plot_history

X, y = load_digits_images()
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, stratify=y, random_state=0
)

# %%
# The lab's network and settings.
clf = CNNClassifier(
    arch="simple",
    optimizer="rmsprop",
    batch_size=64,
    validation_split=0.1,
    epochs=15,
    random_state=0,
)
clf.fit(X_train, y_train)
print(clf.summary()[["layer", "output_shape", "params"]].to_string(index=False))
print(clf.history_.round(3).tail())

# %%
# ``evaluate`` and ``plot(history)``.
print(clf.evaluate(X_test, y_test))
fig = plot_history(clf)

# %%
# R's ``table(actual, predicted)`` and caret's ``confusionMatrix``.
y_pred = clf.predict(X_test)
print(table(y_test, y_pred))
print(confusion_matrix_report(y_test, y_pred))
print(classification_report(y_test, y_pred).round(3))
fig = plot_confusion_matrix(y_test, y_pred)
