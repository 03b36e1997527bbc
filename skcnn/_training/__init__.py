"""The training machinery of every estimator.

- ``loop``: the losses and every callback of one ``fit`` assembled in one place
  (``make_callbacks``), snapshots that undo an interrupted warm fit.
- ``network``: the Keras model an estimator trains: preprocessing, augmentation,
  the architecture, the output layer.
- ``budget`` (``time_budget``), ``checkpoint`` (``checkpoint=``), ``precision``,
  ``schedules`` (the Keras side of the learning-rate schedules), ``augment``,
  ``lr_find``, ``transfer`` (pretrained weights and freezing),
  ``graph_release`` (what TensorFlow keeps of a fit, released).

May import the inputs, the architectures and the shared helpers, never the
estimators: what an estimator decides reaches these modules as arguments.
"""
