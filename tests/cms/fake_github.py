"""A fake of the few GitHub REST endpoints the check's poster and Decap's notes use, on
127.0.0.1, recording every request. State is plain data, so a test can seed and read it."""

from __future__ import annotations

import http.server
import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

TOKEN = "fake-token"
PAGE = 2  # comments per page: a note on a later page is still found


@dataclass
class State:
    repo: str = "trust/site"
    issues: list[dict[str, Any]] = field(default_factory=list)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    statuses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[tuple[str, str, Any]] = field(default_factory=list)
    fail_with: int = 0  # answer every request with this HTTP status
    # Extra routes (method, path pattern) -> handler(match, query, body) -> (status, data).
    routes: dict[tuple[str, str], Callable[..., tuple[int, Any]]] = field(default_factory=dict)
    next_id: int = 1000

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id


def _search(state: State, query: dict[str, list[str]]) -> tuple[int, Any]:
    q = query.get("q", [""])[0]
    phrase = re.search(r'"([^"]+)"', q)
    items = [i for i in state.issues
             if any(label["name"] == "decap-cms-notes" for label in i["labels"])
             and (phrase is None or phrase[1] in i["body"])]
    return 200, {"total_count": len(items), "items": items}


def _create_issue(state: State, body: dict[str, Any]) -> tuple[int, Any]:
    number = len(state.issues) + 1
    issue = {"number": number, "title": body["title"], "body": body["body"], "state": "open",
             "labels": [{"name": name} for name in body.get("labels", [])],
             "html_url": f"https://github.com/{state.repo}/issues/{number}",
             "updated_at": "2026-11-22T10:00:00Z", "comments": 0}
    state.issues.append(issue)
    state.comments[number] = []
    return 201, issue


def comment(state: State, body: str, login: str = "github-actions[bot]") -> dict[str, Any]:
    return {"id": state.new_id(), "body": body, "user": {"login": login},
            "created_at": "2026-11-22T10:00:00Z", "updated_at": "2026-11-22T10:00:00Z"}


class Handler(http.server.BaseHTTPRequestHandler):
    state: State
    base: str

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        payload = json.dumps(data).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "Link, ETag")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_OPTIONS(self) -> None:  # the browser's preflight
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, PATCH, PUT, DELETE")
        self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type, "
                         "If-None-Match, Cache-Control, X-GitHub-Api-Version")
        self.end_headers()

    def do_GET(self) -> None:
        self._route("GET")

    def do_POST(self) -> None:
        self._route("POST")

    def do_PATCH(self) -> None:
        self._route("PATCH")

    def _route(self, method: str) -> None:
        state = self.state
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        length = int(self.headers.get("Content-Length") or 0)
        body: Any = json.loads(self.rfile.read(length)) if length else None
        state.requests.append((method, self.path, body))
        if self.headers.get("Authorization") not in (f"Bearer {TOKEN}", f"token {TOKEN}"):
            return self._answer(401, {"message": "Bad credentials"})
        if state.fail_with:
            return self._answer(state.fail_with, {"message": "Server Error\nTraceback: no"})
        for (verb, pattern), handler in state.routes.items():
            match = re.fullmatch(pattern, parts.path)
            if verb == method and match:
                return self._answer(*handler(match, query, body))
        repo = f"/repos/{state.repo}"
        path = parts.path
        if method == "GET" and path == "/search/issues":
            return self._answer(*_search(state, query))
        if method == "POST" and path == f"{repo}/issues":
            return self._answer(*_create_issue(state, body))
        if match := re.fullmatch(rf"{repo}/issues/(\d+)/comments", path):
            return self._comments(method, int(match[1]), query, body)
        if method == "PATCH" and (match := re.fullmatch(rf"{repo}/issues/comments/(\d+)", path)):
            for found in (c for thread in state.comments.values() for c in thread):
                if found["id"] == int(match[1]):
                    found["body"] = body["body"]
                    return self._answer(200, found)
        if method == "POST" and (match := re.fullmatch(rf"{repo}/statuses/(\w+)", path)):
            state.statuses.setdefault(match[1], []).insert(0, body)
            return self._answer(201, body)
        if method == "GET" and (match := re.fullmatch(rf"{repo}/commits/(\w+)/status", path)):
            return self._answer(200, {"state": "success",
                                      "statuses": state.statuses.get(match[1], [])})
        return self._answer(404, {"message": "Not Found"})

    def _comments(self, method: str, number: int, query: dict[str, list[str]],
                  body: Any) -> None:
        thread = self.state.comments.get(number)
        if thread is None:
            return self._answer(404, {"message": "Not Found"})
        if method == "POST":
            thread.append(comment(self.state, body["body"]))
            self.state.issues[number - 1]["comments"] = len(thread)
            return self._answer(201, thread[-1])
        page = int(query.get("page", ["1"])[0])
        chunk = thread[(page - 1) * PAGE:page * PAGE]
        headers = {}
        if page * PAGE < len(thread):
            headers["Link"] = (f'<{self.base}{urlsplit(self.path).path}?per_page=100&'
                               f'page={page + 1}>; rel="next"')
        return self._answer(200, chunk, headers)


@contextmanager
def serve(state: State) -> Iterator[str]:
    """The fake API at http://127.0.0.1:<port> while the block runs."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.RequestHandlerClass = type("BoundHandler", (Handler,), {"state": state, "base": base})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        server.server_close()
