"""The forked worker (openpractice/worker.py), with real child processes."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time

import pytest

from openpractice.worker import ForkedWorker, Send, WorkerError, fork_refusal

pytestmark = pytest.mark.skipif(fork_refusal() == "forking a worker is only done on Linux",
                                reason="the worker forks on Linux only")
LOGGER = "openpractice-test-worker"


def test_messages_arrive_in_order_with_the_childs_log_lines(caplog: pytest.LogCaptureFixture) -> None:
    def body(send: Send) -> None:
        log = logging.getLogger(LOGGER + ".child")
        for n in range(3):
            log.warning("page %d read", n)
            send({"page": n, "pid": os.getpid()})
        log.warning("rendering done")

    caplog.set_level(logging.INFO)
    worker = ForkedWorker.start(body, logger=LOGGER)
    received = [worker.receive() for _ in range(3)]
    assert [m["page"] for m in received] == [0, 1, 2]
    assert {m["pid"] for m in received} == {worker.pid} != {os.getpid()}
    worker.join()
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        (LOGGER + ".child", "WARNING", f"page {n} read") for n in range(3)
    ] + [(LOGGER + ".child", "WARNING", "rendering done")]


def test_a_failure_in_the_child_is_raised_in_the_parent(caplog: pytest.LogCaptureFixture) -> None:
    def body(send: Send) -> None:
        send("first")
        logging.getLogger(LOGGER).error("Error reading page 'practice/x.md'")
        raise ValueError("the template for practice/x.md is missing")

    worker = ForkedWorker.start(body, logger=LOGGER)
    assert worker.receive() == "first"
    with pytest.raises(WorkerError, match=r"^the template for practice/x\.md is missing$"):
        worker.receive()
    assert [r.getMessage() for r in caplog.records] == ["Error reading page 'practice/x.md'"]
    with pytest.raises(WorkerError):  # and again, for whoever asks next
        worker.join()


def test_a_child_that_dies_is_reported() -> None:
    def body(send: Send) -> None:
        os._exit(3)

    worker = ForkedWorker.start(body, logger=LOGGER)
    with pytest.raises(WorkerError, match=r"stopped unexpectedly \(exit status 3\)"):
        worker.receive()


def test_poll_does_not_wait() -> None:
    read_fd, write_fd = os.pipe()

    def body(send: Send) -> None:
        send("now")
        os.read(read_fd, 1)  # until the parent says so
        send("later")

    worker = ForkedWorker.start(body, logger=LOGGER)
    deadline = time.monotonic() + 30
    arrived: list[str] = []
    while not arrived and time.monotonic() < deadline:
        arrived = worker.poll()
    assert arrived == ["now"]
    started = time.monotonic()
    assert worker.poll() == []
    assert time.monotonic() - started < 1
    os.write(write_fd, b"x")
    assert worker.receive() == "later"
    worker.join()


def test_a_finished_child_sends_nothing_more() -> None:
    worker = ForkedWorker.start(lambda send: None, logger=LOGGER)
    with pytest.raises(WorkerError, match="finished without sending what was expected"):
        worker.receive()


def test_stop_ends_a_busy_child() -> None:
    def body(send: Send) -> None:
        time.sleep(600)

    worker = ForkedWorker.start(body, logger=LOGGER)
    started = time.monotonic()
    worker.stop()
    assert time.monotonic() - started < 10
    with pytest.raises(ProcessLookupError):
        os.kill(worker.pid, 0)  # reaped: no zombie left behind


def test_a_process_with_one_thread_may_fork() -> None:
    """In a fresh interpreter (a test session may have threads of its own running)."""
    code = "from openpractice.worker import fork_refusal; print(fork_refusal())"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60)
    expected = "None" if len(os.sched_getaffinity(0)) > 1 else "this machine gives the build only one core"
    assert result.stdout.strip() == expected


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert fork_refusal() in ("other threads are running (e.g. under mkdocs serve)",
                                  "this machine gives the build only one core")
    finally:
        stop.set()
        thread.join()
