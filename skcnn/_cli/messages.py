"""Library messages in the flags of the ``skcnn`` command.

The library's messages name Python parameters (``image_size=(28, 28)``); the
command line prints them in flags (``--image-size 28 28``): :data:`FLAGS` says
which flag sets which parameter, :func:`cli_message` rewrites a message,
:class:`warnings_in_flags` rewrites the warnings printed on the way, and
:class:`CLIError` is the one-paragraph failure that ``skcnn`` prints and exits
with status 2 on (:func:`raise_problems` raises one for every problem found).
"""

from __future__ import annotations

import re
import sys

# How the library's messages spell a setting (a Python parameter) -> the flag
# that sets it. Every message the CLI prints goes through these.
FLAGS = {
    "arch": "--arch",
    "augment": "--augment",
    "batch_size": "--batch-size",
    "checkpoint": "--checkpoint",
    "color_mode": "--color-mode",
    "epochs": "--epochs",
    "format": "--format",
    "image_size": "--image-size",
    "on_error": "--on-error",
    "path": "--data",
    "random_state": "--seed",
    "test_size": "--test-size",
    "time_budget": "--time-budget",
    "trainable": "--trainable",
    "validation_split": "--validation-split",
    "weights": "--weights",
}
_NAMES = "|".join(sorted(FLAGS, key=len, reverse=True))
_NAMES_WITH_UNDERSCORE = "|".join(
    name for name in sorted(FLAGS, key=len, reverse=True) if "_" in name
)
_VALUE = (
    r"'[^']*'(?:, '[^']*')*(?:,? or '[^']*')?"  # 'a' or 'a', 'b' or 'c'
    r'|"[^"]*"'
    r"|\([^()]*\)"  # (8, 8), (h, w)
    r"|\{[^{}]*\}"  # a dict: --augment's JSON
    r"|\.\.\.|True|False|None"
    r"|-?\d+(?:\.\d+)?(?:e-?\d+)?"
)
# Applied in order, before each remaining ``name=value`` becomes ``--flag value``.
_REWRITES = (
    # sklearn's parameter validation: "The 'epochs' parameter of CNNClassifier must be ..."
    (rf"The '({_NAMES})' parameter of \w+", lambda m: FLAGS[m.group(1)]),
    (rf"\b([Pp])ass ({_NAMES})=None\b", lambda m: f"{m.group(1)}ass no {FLAGS[m.group(2)]}"),
    # "ImageFiles(..., image_size=(8, 8), color_mode=...)" -> "--image-size 8 8 and --color-mode"
    (
        r"ImageFiles\(\.\.\., ((?:[^()]|\([^()]*\))*)\)",
        lambda m: _in_flags(m.group(1)).replace(", --", " and --"),
    ),
    (r"list_architectures\(\) shows them all", lambda m: "`skcnn archs --keras` lists them all"),
    (r"list_architectures\(\)", lambda m: "`skcnn archs`"),
    (r" Or pass a builder callable or a keras\.Model\.", lambda m: ""),
    (r" or a keras\.Model as weights\b", lambda m: " as --weights"),
    # A parameter named on its own: "augment has unknown key(s)", "image_size must be".
    (rf"^({_NAMES})\b(?!=)", lambda m: FLAGS[m.group(1)]),
    (rf"(?<![\w'/.-])({_NAMES_WITH_UNDERSCORE})\b(?![=(/.-])", lambda m: FLAGS[m.group(1)]),
)
# After a flag, what the CLI cannot pass: "--time-budget must be None or a float ...".
_AFTER = ((r"(--[a-z-]+) must be None or ", r"\1 must be "),)


_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")


def _unquote(match):
    return match.group(1) if match.group(1) is not None else match.group(2)


def _flag(match):
    flag = FLAGS[match.group(1)]
    value = match.group(2)
    if value is None or value == "...":
        return flag
    if value.startswith("{"):
        return f"{flag} '{_json(value)}'"
    if value.startswith("("):
        parts = [part.strip().strip("'\"") for part in value[1:-1].split(",") if part.strip()]
        return " ".join([flag, *(p[0].upper() if p.isalpha() else p for p in parts)])
    if value == "None":  # --augment false; no other flag takes None
        return f"{flag} false" if flag == "--augment" else f"no {flag}"
    if value in ("True", "False"):
        return f"{flag} {value.lower()}"
    return f"{flag} {_QUOTED.sub(_unquote, value)}"


def _json(value):
    """A Python dict literal as JSON, as --augment takes it."""
    import ast
    import json

    try:
        return json.dumps(ast.literal_eval(value))
    except (ValueError, SyntaxError):
        return value


def _in_flags(text):
    """``text`` with the Python spellings of settings replaced by their flags."""
    for pattern, rewrite in _REWRITES:
        text = re.sub(pattern, rewrite, text)
    text = re.sub(rf"(?<![\w(.'-])({_NAMES})=({_VALUE})?", _flag, text)
    for pattern, rewrite in _AFTER:
        text = re.sub(pattern, rewrite, text)
    return text


def cli_message(text):
    """A library message as the CLI prints it: one paragraph, in flags.

    Parameters
    ----------
    text : str
        A message, e.g. a ValueError's; several lines become one.

    Returns
    -------
    str

    Examples
    --------
    >>> from skcnn.cli import cli_message
    >>> cli_message("Pass image_size=(h, w) to resize, e.g.\\nimage_size=(28, 28).")
    'Pass --image-size H W to resize, e.g. --image-size 28 28.'
    >>> cli_message("Pass color_mode='grayscale', 'rgb' or 'rgba'.")
    'Pass --color-mode grayscale, rgb or rgba.'
    """
    paragraph = " ".join(line.strip() for line in str(text).splitlines() if line.strip())
    return _in_flags(paragraph)


class CLIError(Exception):
    """A user-facing failure: printed as one paragraph, exit status 2.

    :func:`skcnn.cli.main` catches it (and the ValueError or OSError of a
    library call) and prints ``skcnn <command>: error: <message>`` on stderr
    instead of a traceback, the message's Python parameters spelled as flags.

    Examples
    --------
    A model file that does not exist is one: ``main`` writes
    ``skcnn predict: error: cannot load missing.keras: [Errno 2] No such file
    or directory: 'missing.keras'`` on stderr and returns 2.

    >>> from skcnn.cli import CLIError, main
    >>> main(["predict", "--model", "missing.keras", "images.npy"])
    2
    >>> issubclass(CLIError, Exception)
    True
    """


class warnings_in_flags:
    """Print warnings as ``skcnn <command>: warning: <message in flags>``."""

    def __init__(self, command):
        self.command = command

    def __enter__(self):
        import warnings

        self._saved = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):
            print(f"skcnn {self.command}: warning: {cli_message(message)}", file=sys.stderr)

        warnings.showwarning = show
        return self

    def __exit__(self, *exc):
        import warnings

        warnings.showwarning = self._saved
        return False


def raise_problems(problems):
    """One CLIError listing every problem found, if any."""
    if len(problems) == 1:
        raise CLIError(problems[0])
    if problems:
        listed = "; ".join(f"({i}) {p.rstrip('.')}" for i, p in enumerate(problems, 1))
        raise CLIError(f"{len(problems)} problems: {listed}")
