"""A forked worker process that sends its results back, with its log lines, over a pipe.

    worker = ForkedWorker.start(body, logger="mkdocs")  # body(send) runs in the child
    first = worker.receive()      # the child's next message; its log lines are logged here
    worker.join()                 # after the child's last message: it finished, or WorkerError
    worker.stop()                 # the build failed: kill it

The child is a copy of this process (`os.fork`), so it starts with everything the parent
had read and computed, and needs nothing sent to it. Each message is pickled with a length
in front (both ends are this program). The child's records for `logger` are not printed by
the child: they travel with its next message and are logged in the parent, in order, so
whatever counts them there (MkDocs' `--strict`) counts them too. Anything the body raises
ends the child and becomes a WorkerError in the parent, with the same message.

Forking copies only the thread that forks, so a process running other threads could fork a
child that waits forever on a lock one of them held: `fork_refusal()` says why not to fork.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import pickle
import select
import signal
import struct
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

_LENGTH = struct.Struct(">Q")
PIPE_BYTES = 1 << 20  # so the child rarely waits for the parent to read
Send = Callable[[Any], None]


class WorkerError(Exception):
    """The worker failed (its message), or stopped without saying why."""


@dataclass(frozen=True)
class _Frame:
    kind: str  # "message", "done" or "failed"
    payload: Any = None
    records: list[tuple[str, int, str]] = field(default_factory=list)  # (logger, level, text)


def fork_refusal() -> str | None:
    """Why this process should not fork a worker now, or None if it may."""
    if not hasattr(os, "fork") or not sys.platform.startswith("linux"):
        return "forking a worker is only done on Linux"
    if len(os.sched_getaffinity(0)) < 2:
        return "this machine gives the build only one core"
    if threading.active_count() > 1 or _os_threads() > 1:
        return "other threads are running (e.g. under mkdocs serve)"
    return None


def _os_threads() -> int:
    """Threads of this process, including ones Python did not start."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1


class _Capture(logging.Handler):
    """In the child: keeps the records it would have printed, to send to the parent."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += f" ({record.exc_info[1]!r})"
        self.records.append((record.name, record.levelno, text))

    def take(self) -> list[tuple[str, int, str]]:
        records, self.records = self.records, []
        return records


class ForkedWorker:
    def __init__(self, pid: int, read_fd: int) -> None:
        self.pid = pid
        self._fd = read_fd
        self._buffer = bytearray()
        self._finished = False
        self._end: _Frame | None = None

    @classmethod
    def start(cls, body: Callable[[Send], None], *, logger: str) -> ForkedWorker:
        read_fd, write_fd = os.pipe()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # or the child would print what is still buffered a second time
        pid = os.fork()
        if pid == 0:  # the child: it never returns from here
            os.close(read_fd)
            _run_child(body, os.fdopen(write_fd, "wb"), logger)
        os.close(write_fd)
        with contextlib.suppress(OSError, AttributeError):  # Linux: room for more messages
            fcntl.fcntl(read_fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        return cls(pid, read_fd)

    def receive(self) -> Any:
        """The child's next message (after logging its records), waiting for it; WorkerError
        if it failed, or finished without another message."""
        frame = self._wait()
        if frame.kind == "message":
            return frame.payload
        self.join()  # raises if it failed
        raise WorkerError("the worker process finished without sending what was expected")

    def poll(self) -> list[Any]:
        """The messages the child has sent so far, without waiting; WorkerError if it failed."""
        payloads = []
        while (frame := self._next(wait=False)) is not None:
            if frame.kind != "message":
                if frame.kind == "failed":
                    self.join()
                break
            payloads.append(frame.payload)
        return payloads

    def join(self) -> None:
        """Wait for the child to end; WorkerError unless it finished its work."""
        frame = self._wait()
        while frame.kind == "message":  # messages nobody asked for
            frame = self._wait()
        self._reap()
        if frame.kind == "failed":
            raise WorkerError(str(frame.payload))

    def stop(self) -> None:
        """End the child now, whatever it is doing (the build failed elsewhere)."""
        if not self._finished:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap()

    def _wait(self) -> _Frame:
        frame = self._next(wait=True)
        assert frame is not None  # waiting, there is always one
        return frame

    def _next(self, *, wait: bool) -> _Frame | None:
        """The next whole frame; None if `wait` is false and none has arrived yet. The last
        frame ("done" or "failed") is kept, and returned again to every later call."""
        if self._end is not None:
            return self._end
        while (frame := self._unpack()) is None:
            if self._finished:
                self._end = _Frame("failed", "the worker process has already ended")
                return self._end
            if not wait and not select.select([self._fd], [], [], 0)[0]:
                return None
            chunk = os.read(self._fd, 1 << 20)
            if not chunk:
                self._end = _Frame("failed", f"the worker process stopped unexpectedly ({self._reap()})")
                return self._end
            self._buffer += chunk
        for name, level, text in frame.records:
            logging.getLogger(name).log(level, text)
        if frame.kind != "message":
            self._end = frame
        return frame

    def _unpack(self) -> _Frame | None:
        if len(self._buffer) < _LENGTH.size:
            return None
        (length,) = _LENGTH.unpack_from(self._buffer)
        end = _LENGTH.size + length
        if len(self._buffer) < end:
            return None
        frame: _Frame = pickle.loads(self._buffer[_LENGTH.size:end])
        del self._buffer[:end]
        return frame

    def _reap(self) -> str:
        if self._finished:
            return "already ended"
        self._finished = True
        os.close(self._fd)
        _, status = os.waitpid(self.pid, 0)
        if os.WIFSIGNALED(status):
            return f"killed by signal {os.WTERMSIG(status)}"
        return f"exit status {os.waitstatus_to_exitcode(status)}"


def _run_child(body: Callable[[Send], None], pipe: BinaryIO, logger: str) -> None:
    capture = _Capture()
    log = logging.getLogger(logger)
    log.handlers = [capture]
    log.propagate = False  # printed by the parent, once

    def send(payload: Any, kind: str = "message") -> None:
        data = pickle.dumps(_Frame(kind, payload, capture.take()), pickle.HIGHEST_PROTOCOL)
        pipe.write(_LENGTH.pack(len(data)) + data)
        pipe.flush()

    code = 1
    try:
        body(send)
        send(None, "done")
        code = 0
    except BaseException as exc:  # everything must reach the parent
        with contextlib.suppress(BaseException):  # unless it is gone: nobody to tell
            send(str(exc) or type(exc).__name__, "failed")
    finally:
        os._exit(code)  # never back into the parent's code, its atexit or its tests

