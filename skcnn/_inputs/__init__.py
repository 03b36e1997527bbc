"""What goes into a fit or a prediction: checking it and feeding it to Keras.

- ``validation``: arrays, DataFrames and ``ImageFiles`` checked and shaped into
  images; labels and continuous targets checked.
- ``image_reading``: one image file read (its header, its pixels), the
  ``ImageFileError`` and the header checks and messages the two below share.
- ``image_files``: ``ImageFiles`` (images on disk, decoded batch by batch).
- ``image_folder``: ``load_image_folder`` (a folder of class folders).
- ``order``: each epoch's order of the training rows, one function of the seed
  and the epoch number.
- ``feeding``: the holdout split, the inputs of ``model.fit`` for arrays and for
  files (the same batches for both), replica padding.
- ``streaming``: the Keras side of feeding (tf.data gathers, ``PyDataset``s of
  files); it imports Keras, the others do not.

May import the shared helpers below it (``skcnn._keras``, ``skcnn._checks``),
never the estimators or the training machinery.
"""
