"""The shared sandbox HTTP server: lifecycle, the request it hands over, the reply it writes, stop-aware sleeps."""

import http.client
import json
import socket
import threading
import time
from typing import NamedTuple

import pytest
import requests

from sales_channels.sandbox_server import SandboxRequest, SandboxServer


class EchoReply(NamedTuple):
    """A reply shaped like the sandboxes' own."""

    status: int
    headers: dict[str, str]
    body: bytes


class EchoSandbox(SandboxServer):
    """Answers every request with what it received; `/slow` sleeps until stopped; `/sized` sets Content-Length."""

    thread_name = "echo-sandbox"
    request_id_header = "X-Echo-Request-Id"

    def __init__(self, *, port: int = 0) -> None:
        super().__init__(host="127.0.0.1", port=port)
        self.seen: list[SandboxRequest] = []
        self.slept: list[bool] = []

    def respond(self, request: SandboxRequest) -> EchoReply:
        self.seen.append(request)
        if request.path == "/slow":
            self.slept.append(self.wait_unless_stopped(30))
            return EchoReply(200, {}, b"late")
        if request.path == "/sized":
            return EchoReply(200, {"content-length": "2"}, b"ok")
        payload = {
            "method": request.method,
            "path": request.path,
            "query": request.query(keep_blank_values=True),
            "body": request.body.decode(),
            "agent": request.lowercase_headers().get("user-agent"),
        }
        return EchoReply(201, {"Content-Type": "application/json"}, json.dumps(payload).encode())


class PatchingSandbox(EchoSandbox):
    """Accepts PATCH too."""

    methods = EchoSandbox.methods | {"PATCH"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_request_reaches_respond_and_the_reply_is_written_with_a_request_id():
    with EchoSandbox() as sandbox:
        answer = requests.post(
            f"{sandbox.base_url}/items/7?a=1&blank=&a=2",
            data=b"hello",
            headers={"User-Agent": "probe"},
            timeout=5,
        )
    assert answer.status_code == 201
    assert answer.json() == {
        "method": "POST",
        "path": "/items/7",
        "query": {"a": "2", "blank": ""},
        "body": "hello",
        "agent": "probe",
    }
    assert answer.headers["Content-Length"] == str(len(answer.content))
    assert len(answer.headers["X-Echo-Request-Id"]) == 36
    assert sandbox.seen[0].target == "/items/7?a=1&blank=&a=2"
    assert sandbox.seen[0].headers["User-Agent"] == "probe"


def test_connections_are_kept_alive_and_a_reply_s_own_content_length_is_not_doubled():
    with EchoSandbox() as sandbox:
        connection = http.client.HTTPConnection("127.0.0.1", sandbox.listening_port, timeout=5)
        try:
            connection.request("GET", "/sized")
            first = connection.getresponse()
            first_body, lengths = first.read(), first.msg.get_all("Content-Length")
            connection.request("GET", "/other")  # the same connection: HTTP/1.1 keep-alive
            second = connection.getresponse()
            second.read()
        finally:
            connection.close()
    assert (first.status, first_body, lengths) == (200, b"ok", ["2"])
    assert second.status == 201
    assert first.version == 11


def test_methods_outside_the_sandbox_s_list_answer_501():
    with EchoSandbox() as plain, PatchingSandbox() as patching:
        refused = requests.patch(f"{plain.base_url}/items/1", timeout=5)
        accepted = requests.patch(f"{patching.base_url}/items/1", data=b"x", timeout=5)
    assert refused.status_code == 501
    assert plain.seen == []
    assert accepted.status_code == 201
    assert accepted.json()["method"] == "PATCH"


def test_stop_wakes_a_request_sleeping_in_a_fault():
    sandbox = EchoSandbox().__enter__()
    answers: list[int] = []

    def call() -> None:
        answers.append(requests.get(f"{sandbox.base_url}/slow", timeout=10).status_code)

    caller = threading.Thread(target=call)
    caller.start()
    deadline = time.monotonic() + 5
    while not sandbox.seen and time.monotonic() < deadline:
        time.sleep(0.01)
    began = time.monotonic()
    sandbox.stop()
    caller.join(timeout=10)
    assert sandbox.slept == [True]
    assert time.monotonic() - began < 5
    assert answers == [200]


def test_lifecycle_fixed_port_idempotent_start_and_restart():
    port = free_port()
    sandbox = EchoSandbox(port=port)
    with pytest.raises(RuntimeError):
        sandbox.base_url  # noqa: B018 - not started
    first = sandbox.start()
    assert sandbox.start() == first == f"http://127.0.0.1:{port}"
    assert [thread.daemon for thread in threading.enumerate() if thread.name == "echo-sandbox"] == [True]
    sandbox.stop()
    sandbox.stop()  # stopping twice is harmless
    with pytest.raises(RuntimeError):
        sandbox.base_url  # noqa: B018 - stopped
    with sandbox:  # started again after a stop, on the same fixed port
        assert requests.get(f"{sandbox.base_url}/again", timeout=5).status_code == 201
        assert sandbox.wait_unless_stopped(0) is False


def test_the_request_object_splits_the_target():
    request = SandboxRequest(method="GET", target="/a/b?x=1&y=&x=3", headers={"X-Token": "t"}, body=b"")
    assert (request.path, request.query_string) == ("/a/b", "x=1&y=&x=3")
    assert request.query() == {"x": "3"}
    assert request.query(keep_blank_values=True) == {"x": "3", "y": ""}
    assert request.lowercase_headers() == {"x-token": "t"}
