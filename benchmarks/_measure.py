"""Measuring helpers shared by the benchmark scripts: memory, time, machine.

Nothing here imports TensorFlow; the worker processes import it themselves,
after they have set whatever must be set before it loads (thread pools).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import platform
import statistics
import subprocess
import sys
import time

MB = 1024 * 1024


# ------------------------------------------------------------------- memory
def proc_status_kb(field):
    """A ``kB`` field of ``/proc/self/status`` (``VmRSS``, ``VmHWM``), in bytes."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(field)


def rss_bytes():
    """Resident set size of this process now."""
    return proc_status_kb("VmRSS")


def peak_rss_bytes():
    """Peak resident set size of this process so far (the high-water mark)."""
    return proc_status_kb("VmHWM")


# --------------------------------------------------------------------- time
def percentile(values, q):
    """``q``-th percentile (0-100) by linear interpolation, as numpy's default."""
    data = sorted(values)
    if not data:
        return float("nan")
    pos = (len(data) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def loadavg():
    """The 1-, 5- and 15-minute load averages."""
    return [round(x, 2) for x in os.getloadavg()]


def wait_until_quiet(threshold, max_wait_s, poll_s=30, log=print):
    """Sleep until the 1-minute load average is below ``threshold``.

    Returns ``(quiet, waited_s)``; gives up after ``max_wait_s`` (then the
    run goes on, and the results say the machine was busy).
    """
    start = time.monotonic()
    while True:
        one = os.getloadavg()[0]
        waited = time.monotonic() - start
        if one < threshold:
            return True, waited
        if waited >= max_wait_s:
            log(f"load average still {one:.2f} after {waited:.0f} s; running anyway")
            return False, waited
        log(f"load average {one:.2f} >= {threshold}; waiting ({waited:.0f}/{max_wait_s} s)")
        time.sleep(poll_s)


# ------------------------------------------------------------------ machine
def _cpu_model():
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _mem_total_gib():
    try:
        with open("/proc/meminfo") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _version(dist):
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _git(repo, *args):
    try:
        out = subprocess.run(
            ["git", "-C", repo, *args], capture_output=True, text=True, timeout=10, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def machine_info(repo):
    """Machine, versions and source state, read without importing TensorFlow."""
    estimator = os.path.join(repo, "skcnn", "estimator.py")
    try:
        with open(estimator, "rb") as fh:
            estimator_sha = hashlib.sha256(fh.read()).hexdigest()[:12]
    except OSError:
        estimator_sha = None
    status = _git(repo, "status", "--porcelain", "--", "skcnn")
    return {
        "nproc": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "cpu_model": _cpu_model(),
        "ram_gib": _mem_total_gib(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "executable": sys.executable,
        "versions": {
            name: _version(name)
            for name in ("tensorflow", "keras", "scikit-learn", "numpy", "scikeras", "skcnn")
        },
        "git_head": _git(repo, "rev-parse", "--short", "HEAD"),
        "skcnn_tree_dirty": bool(status) if status is not None else None,
        "estimator_py_sha256": estimator_sha,
    }
