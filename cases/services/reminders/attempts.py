"""Which process holds a reminder's claim, and whether that process is still alive.

An attempt is named ``host/boot/pid/start``: the machine's hostname and boot id, the process id
and the process's start time (in clock ticks since boot, from /proc). The start time tells a
dead process from a new one that was given the same pid. Only a process on this machine, since
this boot, can be checked; any other is assumed alive, and its claim lapses with the lease.
"""

from __future__ import annotations

import os
import socket
from functools import cache
from pathlib import Path

PROC = Path("/proc")


def _boot_id() -> str:
    try:
        return (PROC / "sys/kernel/random/boot_id").read_text().strip()[:8]
    except OSError:
        return "-"


def _stat(pid: int) -> tuple[str, str] | None:
    """The process's state letter and start time, or None if there is no such process.

    /proc/<pid>/stat is "pid (comm) state ... starttime ...": the command may hold spaces and
    brackets, so the fields are counted from the last ")".
    """
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except FileNotFoundError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], fields[19]  # state (field 3), starttime (field 22)


def _alive_without_proc(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@cache
def _machine() -> str:
    return f"{socket.gethostname()}/{_boot_id()}"


def current() -> str:
    """This process's attempt name. Not cached across fork: a pool child has its own pid."""
    pid = os.getpid()
    stat = _stat(pid) if PROC.exists() else None
    return f"{_machine()}/{pid}/{stat[1] if stat else '-'}"


def is_dead(attempt: str) -> bool:
    """Whether the process named by ``attempt`` is known to have ended (False when unknown)."""
    try:
        host, boot, pid_text, start = attempt.rsplit("/", 3)
        pid = int(pid_text)
    except ValueError:
        return False
    if f"{host}/{boot}" != _machine() or boot == "-":
        return False
    if not PROC.exists():
        return not _alive_without_proc(pid)
    stat = _stat(pid)
    if stat is None:
        return True
    state, started = stat
    # A killed child its parent has not yet reaped is a zombie: dead, though listed.
    return state in ("Z", "X", "x") or started != start
