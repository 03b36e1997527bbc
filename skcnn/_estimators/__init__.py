"""What the public estimators share.

- ``base``: ``BaseCNN``, the parameters, ``fit``/``partial_fit`` and prediction
  common to the classifier, the regressor and the feature extractor.
- ``targets``: the target hooks (labels, indicator matrices, numbers).
- ``persistence``: ``save``/``load`` of ``.keras`` files (atomic) and pickling.
- ``summary``: a network's layer table (R's ``summary(model)``).
- ``forward``: the network's forward pass on small batches, one cached compiled
  call per network (one-image latency).

May import the training machinery, the inputs and everything below them.
"""
