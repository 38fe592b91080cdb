"""Running untrusted work (reading an uploaded document) under a time and memory budget, in a child process, so
that a hostile or unlucky input costs one refused request instead of a web worker killed mid-way.

`run_limited(func, *args, seconds=…, memory_bytes=…)` forks, applies an address-space limit in the child, runs
`func` there and sends back its result (or the exception it raised) through a pipe. The parent waits at most
`seconds`, then kills the child. The result and exceptions must pickle.

Database reads in the child: a PostgreSQL connection inherited from the parent shares its socket, so the child
sets it aside (never closing it) and opens its own. An SQLite connection is the child's own copy of the parent's
(for the in-memory test database, the only way to see it at all); the parent holds no lock in autocommit, and
the child only reads.
"""
import os
import pickle
import resource
import select
import signal
import time
import warnings

from django.db import connections


class LimitExceeded(Exception):
    """The work ran out of time (`kind` "time") or memory ("memory") and was stopped."""

    def __init__(self, kind):
        super().__init__(f"{kind} limit exceeded")
        self.kind = kind


def _address_space():
    """Bytes of virtual memory the process uses now (VmSize), the base the child's budget is added to."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


_inherited = []  # in the child: the parent's connections, kept referenced so that nothing closes them


def _child(func, args, kwargs, memory_bytes, write_end):
    for connection in connections.all(initialized_only=True):
        if connection.vendor != "sqlite" and connection.connection is not None:
            _inherited.append(connection.connection)
            connection.connection = None
    if memory_bytes:
        limit = _address_space() + memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        outcome = ("ok", func(*args, **kwargs))
    except MemoryError:
        outcome = ("memory", None)
    except BaseException as error:  # handed to the parent as it is
        outcome = ("error", error)
    try:
        payload = pickle.dumps(outcome)
    except Exception as error:
        payload = pickle.dumps(("error", RuntimeError(f"unpicklable result: {error!r}")))
    with os.fdopen(write_end, "wb") as pipe:
        pipe.write(payload)


def run_limited(func, *args, seconds, memory_bytes=0, **kwargs):
    """`func(*args, **kwargs)` in a child process; its result, or the exception it raised, or LimitExceeded."""
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Under a threaded server (runserver) the child may hang on a lock another thread held at the fork: the
        # deadline below kills it then, and the request is answered all the same.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child; its outcome is what the tests check
        os.close(read_end)
        try:
            _child(func, args, kwargs, memory_bytes, write_end)
        finally:
            os._exit(0)
    os.close(write_end)
    chunks, deadline, timed_out = [], time.monotonic() + seconds, False
    with os.fdopen(read_end, "rb") as pipe:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _w, _x = select.select([pipe], [], [], left)
            if not ready:
                continue
            chunk = os.read(pipe.fileno(), 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _pid, status = os.waitpid(pid, 0)
    if timed_out:
        raise LimitExceeded("time")
    if not chunks:  # killed before it could answer: the kernel's OOM killer, or an allocation outside Python
        raise LimitExceeded("memory")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "ok":
        return value
    if kind == "memory":
        raise LimitExceeded("memory")
    raise value
