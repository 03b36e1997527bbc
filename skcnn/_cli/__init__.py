"""The parts of the ``skcnn`` command line that are not the command itself.

- ``messages``: the library's messages rewritten in flags (``FLAGS``,
  ``cli_message``, the warnings printed in flags) and ``CLIError``, the
  one-paragraph failure the command exits with.
- ``data``: the ``--dataset`` / ``--data`` options checked, read and split
  (``load_data``, ``load_split`` and the record ``skcnn train`` keeps).

``skcnn.cli`` (the parser, ``main``, the commands) imports from here, never the
other way round. These modules are in the command-line layer: they may import
anything below it (the estimators, ``skcnn.datasets``, ``skcnn._inputs``, the
shared helpers), never ``skcnn.cli``.
"""
