"""The HTTP server every vendor sandbox runs on: a threaded server on 127.0.0.1 in a daemon thread.

A sandbox subclasses `SandboxServer`, passes its host and port to `super().__init__`, names its
thread and its request-id header, and implements one method, `respond(request) -> reply`:

    class ShopSandbox(SandboxServer):
        thread_name = "shop-sandbox"
        request_id_header = "X-Shop-Request-Id"

        def respond(self, request: SandboxRequest) -> Reply:
            return self.handle(request.method, request.path, request.query(), request.body, request.headers)

    with ShopSandbox(host="127.0.0.1", port=0) as sandbox:    # port 0: a free one
        requests.get(sandbox.base_url + "/products")

The contract:
- `respond` gets the request as read (method, target, headers as sent, the `Content-Length` body)
  and returns anything with `status`, `headers` and `body` (`SandboxReply`: the sandboxes' own
  `Reply` types). The server writes the status, a fresh request id, the reply's headers, then
  `Content-Length` (unless the reply sets its own), then the body, over HTTP/1.1 keep-alive.
- Only the methods in `methods` reach `respond`; any other answers 501 like `http.server` does.
- A fault that makes an answer late sleeps with `wait_unless_stopped(seconds)`: `stop()` wakes it.
- A client that goes away before its answer is written is logged at DEBUG, as is every request
  (on the logger of the sandbox's own module); with `quiet_connection_errors` an error while
  reading a request is logged there too instead of printed as a traceback.
"""

from __future__ import annotations

import logging
import threading
import uuid
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, Protocol, Self
from urllib.parse import parse_qsl, urlsplit

SHUTDOWN_POLL_SECONDS = 0.05
JOIN_TIMEOUT_SECONDS = 5.0


class SandboxReply(Protocol):
    """What `respond` returns: the server writes it as is."""

    @property
    def status(self) -> int: ...

    @property
    def headers(self) -> Mapping[str, str]: ...

    @property
    def body(self) -> bytes: ...


@dataclass(frozen=True)
class SandboxRequest:
    """One HTTP request as the server read it."""

    method: str
    target: str  # the request target as sent: path and query string
    headers: dict[str, str]  # the names as sent
    body: bytes

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query_string(self) -> str:
        return urlsplit(self.target).query

    def query(self, *, keep_blank_values: bool = False) -> dict[str, str]:
        """The query parameters (the last value of a repeated name)."""
        return dict(parse_qsl(self.query_string, keep_blank_values=keep_blank_values))

    def lowercase_headers(self) -> dict[str, str]:
        """The headers with lower-case names."""
        return {name.lower(): value for name, value in self.headers.items()}


class SandboxServer(ABC):
    """A sandbox's lifecycle: start in a daemon thread, stop, context manager, base URL, stop-aware sleeps."""

    thread_name: ClassVar[str] = "sandbox"
    request_id_header: ClassVar[str] = "X-Request-Id"
    methods: ClassVar[frozenset[str]] = frozenset({"GET", "POST", "PUT", "DELETE"})
    quiet_connection_errors: ClassVar[bool] = False

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self._http: _SandboxHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    @abstractmethod
    def respond(self, request: SandboxRequest) -> SandboxReply:
        """The answer to one request (called on the request's own thread)."""

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> str:
        """Starts serving in a background thread (once); returns the base URL."""
        if self._http is None:
            self._stopping.clear()
            self._http = _SandboxHTTPServer((self.host, self.port), _SandboxRequestHandler)
            self._http.sandbox = self
            self._thread = threading.Thread(
                target=self._http.serve_forever,
                kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS},
                name=self.thread_name,
                daemon=True,
            )
            self._thread.start()
        return self.base_url

    def stop(self) -> None:
        """Stops serving, and wakes every request sleeping in `wait_unless_stopped`."""
        self._stopping.set()
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            self._http = None
        if self._thread is not None:
            self._thread.join(timeout=JOIN_TIMEOUT_SECONDS)
            self._thread = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def listening_port(self) -> int:
        """The port the server is bound to (the free one picked for port 0)."""
        if self._http is None:
            raise RuntimeError("the sandbox is not started")
        return self._http.server_port

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.listening_port}"

    @property
    def logger(self) -> logging.Logger:
        """The logger of the sandbox's own module."""
        return logging.getLogger(type(self).__module__)

    def wait_unless_stopped(self, seconds: float) -> bool:
        """Sleeps up to `seconds` (a late answer), cut short by `stop()`; True when stopped."""
        return self._stopping.wait(seconds)

    def run_until_interrupted(self) -> None:
        """Blocks the calling thread until Ctrl-C (how a foreground sandbox ends), then stops."""
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print(f"{self.thread_name}: interrupted, stopping", flush=True)
        finally:
            self.stop()


class _SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    sandbox: SandboxServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not self.sandbox.quiet_connection_errors:
            super().handle_error(request, client_address)
            return
        self.sandbox.logger.debug("connection from %s ended with an error", client_address, exc_info=True)


class _SandboxRequestHandler(BaseHTTPRequestHandler):
    """Reads each request, hands it to the sandbox's `respond` and writes the reply (HTTP/1.1 keep-alive)."""

    protocol_version = "HTTP/1.1"
    server: _SandboxHTTPServer

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        sandbox = self.server.sandbox
        if self.command not in sandbox.methods:
            self.send_error(HTTPStatus.NOT_IMPLEMENTED, f"Unsupported method ({self.command!r})")
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = SandboxRequest(method=self.command, target=self.path, headers=dict(self.headers), body=body)
        reply = sandbox.respond(request)
        headers = {sandbox.request_id_header: str(uuid.uuid4()), **reply.headers}
        try:
            self.send_response(reply.status)
            for name, value in headers.items():
                self.send_header(name, value)
            if not any(name.lower() == "content-length" for name in headers):
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            sandbox.logger.debug("client went away before the reply (e.g. after a timeout fault)")

    def log_message(self, format: str, *args: Any) -> None:
        self.server.sandbox.logger.debug("%s " + format, self.address_string(), *args)
