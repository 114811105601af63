"""Pagefind as a service: each page is indexed while the rest of the site is still rendering.

`pagefind --service` reads requests on stdin and answers on stdout, each one a base64-encoded
JSON object followed by a comma: the protocol of Pagefind's own Python and Node APIs, which
wrap the same binary (pagefind-bin). Pagefind runs in its own process, so on a machine with
two cores it indexes on one while MkDocs renders on the other; after the last page only the
end of its work is left. Reading the built site back with `pagefind --site` instead took about
half as long as a whole plain Material build.

    indexer = PagefindService.start(language="en")
    indexer.add("practice/x/index.html", html)   # never blocks
    ...
    indexer.finish(site_dir / "pagefind")        # after the last page: writes in the background
    summary = indexer.wait()                     # raises PagefindError with Pagefind's message

Requests go out on a thread of their own as they come, so the build never waits for Pagefind
until the end; answers come back on another thread. Pagefind handles requests one after
another, in the order sent, so the pages are indexed in the build's order and the index is
written after the last one. (Waiting for each answer before sending the next, as an earlier
version did, left Pagefind idle whenever the build held Python's lock.) Any error answer, or
Pagefind stopping, fails `wait()`.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .pagefind import MIN_VERSION, UNUSED_BUNDLE_FILES, PagefindError

TIMEOUT_SECONDS = 900
_WRITE = "WriteFiles"  # in the request queue, after the last page: write the index


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    words: int  # words indexed, summed over pages
    seconds: float  # from start to the index written
    waited: float  # of which after the last page was rendered
    bundle_bytes: int
    bundle_files: int

    def __str__(self) -> str:
        return (f"Pagefind indexed {self.pages} pages ({self.words} words) in {self.seconds:.2f} s, "
                f"{self.waited:.2f} s of it after the last page was rendered; search bundle "
                f"{self.bundle_bytes / 1024:.0f} KiB in {self.bundle_files} files")


def pagefind_executable() -> Path:
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    except ImportError:
        raise PagefindError("Pagefind is not installed: pip install pagefind-bin (the version "
                            "in constraints.txt)") from None
    return Path(get_executable())


def check_version(executable: Path) -> None:
    try:
        proc = subprocess.run([str(executable), "--version"], capture_output=True, text=True,
                              check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PagefindError(f"Pagefind could not start: {exc}") from None
    match = re.search(r"(\d+)\.(\d+)", proc.stdout)
    if match and (int(match[1]), int(match[2])) < MIN_VERSION:
        raise PagefindError(
            f"Pagefind {match[1]}.{match[2]} is too old: Open Practice needs "
            f"{MIN_VERSION[0]}.{MIN_VERSION[1]} or later, which searches page metadata (synonyms "
            "live there). Install the version in constraints.txt.")


def _low_priority() -> list[str]:
    """`nice` for Pagefind (and every thread it starts): when the build renders on one core,
    Pagefind has the other to itself and time to spare until the last page, so when it and
    MkDocs want the same core, MkDocs should get it. (When a second process renders pages
    too, Pagefind keeps normal priority: it must keep up with two.)"""
    nice = shutil.which("nice")
    return [nice, "-n", "15"] if nice else []


class PagefindService:
    def __init__(self, proc: subprocess.Popen[bytes], stderr: IO[bytes]) -> None:
        self._proc = proc
        self._stderr = stderr
        self._started = time.perf_counter()
        self._finished_at = 0.0
        self._requests: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._lock = threading.Condition()
        self._answers: dict[int, dict[str, Any]] = {}
        self._paths: dict[int, str] = {}  # AddFile message id -> page
        self._next_id = 0
        self._write_id = 0
        self._index_id: int | None = None
        self._output: Path | None = None
        self._stopped = False
        self._threads = [threading.Thread(target=self._read, name="pagefind-read", daemon=True),
                         threading.Thread(target=self._write, name="pagefind-write", daemon=True)]
        for thread in self._threads:
            thread.start()

    @classmethod
    def start(cls, *, language: str | None = None, executable: Path | None = None,
              low_priority: bool = True) -> PagefindService:
        executable = executable or pagefind_executable()
        check_version(executable)
        stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        try:
            nice = _low_priority() if low_priority else []
            proc = subprocess.Popen([*nice, str(executable), "--service"],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr)
        except OSError as exc:
            stderr.close()
            raise PagefindError(f"Pagefind could not start: {exc}") from None
        service = cls(proc, stderr)
        config = {"force_language": language} if language else {}
        answer = service._wait_for(service._send({"type": "NewIndex", "config": config}), 60)
        service._index_id = int(answer["index_id"])
        return service

    def add(self, source_path: str, html: str) -> None:
        """Index one page; `source_path` is its path in the built site (the URL follows)."""
        message_id = self._send({"type": "AddFile", "index_id": self._index_id,
                                 "file_path": source_path, "url": None, "file_contents": html})
        self._paths[message_id] = source_path

    @property
    def pages(self) -> list[str]:
        return list(self._paths.values())

    def finish(self, output: Path) -> None:
        """No more pages: write the index to `output` once Pagefind has read every page."""
        self._output = output
        self._finished_at = time.perf_counter()
        self._next_id += 1
        self._write_id = self._next_id
        self._requests.put((self._write_id, _WRITE))

    def wait(self, timeout: float = TIMEOUT_SECONDS) -> IndexSummary:
        """Block until the index is written; then remove the ready-made UIs we do not use."""
        waited_from = time.perf_counter()
        if self._output is None:
            raise PagefindError("Pagefind was never asked to write its index")
        try:
            self._wait_for(self._write_id, timeout)
        finally:
            self.close()
        errors = [f"{self._paths.get(i, 'a page')}: {a['message']}"
                  for i, a in sorted(self._answers.items()) if a.get("type") == "Error"]
        if errors:
            raise PagefindError("Pagefind could not index the site:\n" + "\n".join(errors[:20]))
        for name in UNUSED_BUNDLE_FILES:
            (self._output / name).unlink(missing_ok=True)
        files = [f for f in self._output.rglob("*") if f.is_file()]
        if not (self._output / "pagefind.js").is_file():
            raise PagefindError(f"Pagefind reported success but wrote no {self._output}/pagefind.js")
        return IndexSummary(
            pages=len(self._paths),
            words=sum(int(self._answers[i].get("page_word_count", 0)) for i in self._paths),
            seconds=time.perf_counter() - self._started,
            waited=time.perf_counter() - max(waited_from, self._finished_at),
            bundle_bytes=sum(f.stat().st_size for f in files),
            bundle_files=len(files),
        )

    def close(self) -> None:
        """Stop Pagefind (also when the build fails half-way)."""
        with self._lock:
            self._stopped = True
            self._lock.notify_all()
        self._requests.put(None)
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join(timeout=10)
        for pipe in (self._proc.stdin, self._proc.stdout, self._stderr):
            if pipe is not None:
                with contextlib.suppress(OSError):  # unsent requests to a stopped Pagefind
                    pipe.close()

    # --- the two threads and the bookkeeping between them --------------------------------

    def _send(self, payload: dict[str, Any]) -> int:
        self._next_id += 1
        self._requests.put((self._next_id, payload))
        return self._next_id

    def _write(self) -> None:
        stdin = self._proc.stdin
        assert stdin is not None
        try:
            while (request := self._requests.get()) is not None:
                message_id, payload = request
                if payload == _WRITE:
                    payload = {"type": "WriteFiles", "index_id": self._index_id,
                               "output_path": str(self._output)}
                data = json.dumps({"message_id": message_id, "payload": payload})
                stdin.write(base64.b64encode(data.encode("utf-8")) + b",")
                if self._requests.empty():
                    stdin.flush()
        except (ValueError, OSError):
            pass  # Pagefind stopped (a broken pipe): the reader reports it

    def _read(self) -> None:
        stdout = self._proc.stdout
        assert stdout is not None
        buffer = b""
        while chunk := os.read(stdout.fileno(), 1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            with self._lock:
                for message in messages:
                    self._receive(message)
                self._lock.notify_all()
        with self._lock:
            self._stopped = True
            self._lock.notify_all()

    def _receive(self, message: bytes) -> None:
        try:
            answer = json.loads(base64.b64decode(message))
        except ValueError:
            return  # not a protocol message
        payload = answer.get("payload") or {}
        message_id = answer.get("message_id")
        if message_id is None and payload.get("original_message"):
            message_id = json.loads(payload["original_message"]).get("message_id")
        if message_id is not None:
            self._answers[int(message_id)] = payload

    def _wait_for(self, message_id: int, timeout: float) -> dict[str, Any]:
        with self._lock:
            self._lock.wait_for(lambda: message_id in self._answers or self._stopped, timeout)
            answer = self._answers.get(message_id)
        if answer is None:
            message = self._stopped_message(timeout)
            self.close()
            raise PagefindError(message)
        if answer.get("type") == "Error":
            self.close()
            raise PagefindError(f"Pagefind failed: {answer.get('message')}")
        return answer

    def _stopped_message(self, timeout: float) -> str:
        if self._proc.poll() is None and not self._stopped:
            return f"Pagefind did not finish within {timeout:.0f} s"
        self._stderr.seek(0)
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        tail = [line for line in lines[-20:] if not line.startswith(("note:", "stack backtrace"))]
        return "Pagefind stopped unexpectedly" + (":\n" + "\n".join(tail) if tail else "")
