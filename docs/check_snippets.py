"""Run the code shown in the documentation pages and compare it with the output shown.

Usage (from the repository root, with the .venv of ``make docs``)::

    .venv/bin/python docs/check_snippets.py docs/getting_started.rst [more pages]

A page's ``.. code-block:: python`` blocks run in order in one namespace, as a
reader would type them. When the next block is a ``.. code-block:: text``, it is
the output shown for that code and must equal what the code printed (trailing
spaces ignored). A ``.. code-block:: console`` block holds shell commands after
``$ ``, each followed by the output shown; the commands run with ``.venv/bin`` first
on PATH. Blocks marked ``.. code-block:: python`` with the option
``:class: no-run`` (python or console) are shown only: their output was pasted
from a real run but varies between runs (timings). Each page runs in a new
temporary folder, which is the working directory of its code and commands.

Exit status 1 and a diff when any output differs; with ``--update`` the shown
output is replaced by the new one instead (read the diff of the page before
committing it).

This check trains small networks and takes minutes: it is run by hand after
changing a page, not by ``make docs`` or CI.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import traceback
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_DIRECTIVE = re.compile(r"^(\s*)\.\. code-block:: (\w+)\s*$")


def blocks(text):
    """(language, options, body, span) of every code-block in a reST page, in order.

    ``span`` is the (first, last + 1) line numbers of the body, for ``--update``.
    """
    lines = text.splitlines()
    found = []
    i = 0
    while i < len(lines):
        match = _DIRECTIVE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, language = len(match.group(1)), match.group(2)
        i += 1
        options = []
        while i < len(lines) and re.match(r"^\s+:[\w-]+:", lines[i]):
            options.append(lines[i].strip())
            i += 1
        start = i
        body = []
        while i < len(lines) and (not lines[i].strip() or _indent(lines[i]) > indent):
            body.append(lines[i])
            i += 1
        end = i
        while end > start and not lines[end - 1].strip():
            end -= 1
        text_body = textwrap.dedent("\n".join(body)).strip("\n")
        found.append((language, options, text_body, (start, end, indent)))
    return found


def _indent(line):
    return len(line) - len(line.lstrip())


def _normal(text):
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return lines


def _compare(shown, got, where):
    # The shown block lost its common indentation in blocks(); so does the output.
    got = textwrap.dedent(got)
    if _normal(shown) == _normal(got):
        return True
    print(f"--- {where}: output differs")
    diff = difflib.unified_diff(_normal(shown), _normal(got), "shown", "got", lineterm="")
    print("\n".join(diff))
    return False


def run_python(code, namespace):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            exec(compile(code, "<docs>", "exec"), namespace)
        except Exception:
            traceback.print_exc(file=out)
    return out.getvalue()


def run_console(body, page, cwd):
    env = {**os.environ, "PATH": f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    ok = True
    commands = []
    for line in body.splitlines():
        if line.startswith("$ "):
            commands.append([line[2:], []])
        elif commands:
            commands[-1][1].append(line)
    for command, shown in commands:
        result = subprocess.run(
            command, shell=True, cwd=cwd, env=env, capture_output=True, text=True
        )
        got = result.stdout + result.stderr
        ok &= _compare("\n".join(shown), got, f"{page}: $ {command}")
    return ok


def check(page, update=False):
    """Run one page's blocks in a fresh temporary folder (files they write go there)."""
    page = Path(page).resolve()
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            return _check(page, update, folder)
        finally:
            os.chdir(here)


def _check(page, update, folder):
    text = Path(page).read_text()
    found = blocks(text)
    # The code runs as a script's __main__ module, so functions it defines pickle.
    main = types.ModuleType("__main__")
    saved_main = sys.modules["__main__"]
    sys.modules["__main__"] = main
    try:
        ok, replacements = _run_blocks(page, found, main.__dict__, folder)
    finally:
        sys.modules["__main__"] = saved_main
    if replacements and update:
        _rewrite(page, text, replacements)
    print(f"{page}: {'ok' if ok else 'DIFFERS'} ({len(found)} blocks)")
    return ok


def _run_blocks(page, found, namespace, folder):
    ok = True
    replacements = []
    for n, (language, options, body, _) in enumerate(found):
        if language == "python" and ":class: no-run" not in options:
            got = run_python(body, namespace)
            following = found[n + 1] if n + 1 < len(found) else None
            if following and following[0] == "text":
                same = _compare(following[2], got, f"{page}: block {n}")
                if not same:
                    replacements.append((following[3], got))
                ok &= same
            elif "Traceback" in got:
                print(f"--- {page}: block {n} raised\n{got}")
                ok = False
        elif language == "console" and ":class: no-run" not in options:
            ok &= run_console(body, page, folder)
    return ok, replacements


def _rewrite(page, text, replacements):
    lines = text.splitlines()
    for (start, end, indent), got in reversed(replacements):
        pad = " " * (indent + 3)
        lines[start:end] = ["", *(pad + line if line else "" for line in _normal(got))]
    Path(page).write_text("\n".join(lines) + "\n")
    print(f"{page}: updated {len(replacements)} output block(s)")


def main(args):
    update = "--update" in args
    results = [check(page, update) for page in args if page != "--update"]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
