"""Shared numpydoc parameter descriptions: estimators that share parameters with
``CNNClassifier`` take their descriptions from its docstring, so one text is kept."""

from __future__ import annotations

import re

_ENTRY = re.compile(r"^    (\w+) : ", re.M)


def parameter_entries(docstring):
    """``{name: text}`` of the entries of a numpydoc docstring's Parameters section."""
    section = docstring.split("    Parameters\n    ----------\n", 1)[1]
    section = re.split(r"\n    \w[\w ]*\n    -+\n", section, maxsplit=1)[0]
    starts = [m.start() for m in _ENTRY.finditer(section)] + [len(section)]
    return {
        _ENTRY.match(section, a).group(1): section[a:b].rstrip("\n") + "\n"
        for a, b in zip(starts, starts[1:], strict=False)
    }


def parameters_section(source_docstring, names, own):
    """A Parameters section: ``names`` in order, each from ``own`` (name -> text)
    when there, else from ``source_docstring``."""
    shared = parameter_entries(source_docstring)
    body = "".join(own.get(name) or shared[name] for name in names)
    return "    Parameters\n    ----------\n" + body
