"""Report to a SweepCluster node from a training script (docs/command-protocol.md).

Standard library only: copy this file next to your script or put examples/ on PYTHONPATH.

    import sweep_protocol as sweep

    sweep.install()                                  # SIGUSR1 -> pause request
    for step in range(start, total):
        ...train one step...
        sweep.progress(step + 1, total)
        if evaluation_due:
            sweep.metric(step + 1, (step + 1) / total, "accuracy", acc)
            if sweep.should_pause((step + 1) / total):
                path = save_checkpoint(...)
                sweep.checkpoint(path, step + 1, (step + 1) / total)
                sys.exit(0)                          # exit 0 after a pause checkpoint
    sweep.result(steps=total, metric=acc)

Messages go to the file descriptor named by SWEEP_PROTOCOL_FD (set by the node). Without it (the
script run by hand) they are printed to stdout as "@@sweep {...}" lines, which the node also
understands. Non-finite values are sent as the strings "NaN", "Infinity", "-Infinity".
"""

import json
import math
import os
import signal
import sys
import threading

VERSION = 1

_lock = threading.Lock()
_pause = threading.Event()
_fd = None
_broken = False


def _target():
    global _fd
    if _fd is None:
        value = os.environ.get("SWEEP_PROTOCOL_FD", "")
        _fd = int(value) if value.isdigit() else -1
    return _fd


def _number(value):
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def send(message):
    """Sends one message (a dict with "type"); never raises if the node has gone away."""
    global _broken
    line = json.dumps(message, separators=(",", ":"), allow_nan=False) + "\n"
    with _lock:
        if _broken:
            return
        try:
            fd = _target()
            if fd >= 0:
                data = line.encode("utf-8")
                while data:
                    written = os.write(fd, data)
                    data = data[written:]
            else:
                sys.stdout.write("@@sweep " + line)
                sys.stdout.flush()
        except OSError:
            _broken = True  # the node closed the pipe: keep training, stop reporting


def metric(step, fraction, name, value):
    """A metric at an optimizer step; fraction is the share of training done, in [0, 1]."""
    send({"type": "metric", "step": int(step), "fraction": float(fraction), "name": str(name), "value": _number(value)})


def progress(step, total):
    """Progress without a metric (shown live, not stored)."""
    send({"type": "progress", "step": int(step), "total": int(total)})


def checkpoint(path, step, fraction):
    """A checkpoint was written (call after the file is complete); path absolute or relative to the trial directory."""
    send({"type": "checkpoint", "path": str(path), "step": int(step), "fraction": float(fraction)})


def result(steps=None, metric=None):
    """Training finished: optimizer steps in total and the final value of the ranking metric."""
    message = {"type": "result"}
    if steps is not None:
        message["steps"] = int(steps)
    if metric is not None:
        message["metric"] = _number(metric)
    send(message)


def install():
    """Makes SIGUSR1 a pause request (see pause_requested). Call once, from the main thread."""
    signal.signal(signal.SIGUSR1, lambda signum, frame: _pause.set())


def pause_requested():
    """True once the node asked this process to checkpoint and exit (SIGUSR1)."""
    return _pause.is_set()


def pause_at():
    """The fraction of training at which the node wants this attempt to pause, or None."""
    value = os.environ.get("SWEEP_PAUSE_AT_FRACTION", "")
    return float(value) if value else None


def should_pause(fraction):
    """True when the attempt should checkpoint and exit now: asked to, or the pause fraction is reached."""
    at = pause_at()
    return pause_requested() or (at is not None and fraction >= at)


def trial_dir():
    """The trial's directory (SWEEP_TRIAL_DIR), or the current directory when run by hand."""
    return os.environ.get("SWEEP_TRIAL_DIR", os.getcwd())
