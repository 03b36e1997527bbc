"""Files written so that a failure or a kill never leaves half of one behind.

Shared by the saved models (:mod:`skcnn._estimators.persistence`) and the
training checkpoints (:mod:`skcnn._training.checkpoint`).
"""

from __future__ import annotations

import os


def new_file_mode(path):
    """The mode ``path`` has, or that of a new file under the umask
    (``mkstemp`` creates its files readable by their owner only)."""
    try:
        return os.stat(path).st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def fsync_folder(folder):
    """Flush ``folder``'s entries to disk (a no-op where that is not possible)."""
    # The rename itself is durable once the folder's entry is on disk (POSIX).
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
