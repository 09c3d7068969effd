"""Route httpx-based vendor SDKs (python-amazon-sp-api 2.x) through the one `VendorSession`.

`VendorPolicyTransport` is an httpx transport that re-issues each httpx request through
`VendorSession.request()`, so the SDK's calls get the same throttle, timeouts, retries, 429
handling, redaction and call log as every other vendor call, then hands the result back as an
`httpx.Response`. Policy exceptions (`RateLimited`, `AuthExpired`, ...) propagate unchanged.
Per-operation cost or throttle: wrap the SDK call in `session.call_options(...)`.
"""

import httpx

from sales_channels.http import VendorSession

# Hop-by-hop or recomputed by requests; Host comes from the URL.
_DROPPED_REQUEST_HEADERS = frozenset({"host", "content-length", "connection", "transfer-encoding"})
# requests has already decoded the body, so these would make httpx decode or measure it again.
_DROPPED_RESPONSE_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


class VendorPolicyTransport(httpx.BaseTransport):
    """An httpx transport that performs every request through a `VendorSession`."""

    def __init__(self, session: VendorSession) -> None:
        self.session = session

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        headers: dict[str, str] = {}
        for name, value in request.headers.multi_items():
            if name.lower() not in _DROPPED_REQUEST_HEADERS:
                headers[name] = f"{headers[name]}, {value}" if name in headers else value
        body = request.read()
        # The underlying requests session, not `session.request()`: options the caller set with
        # `session.call_options(...)` around the SDK call must stay in force.
        response = self.session.requests_session.request(
            request.method,
            str(request.url),
            headers=headers,
            data=body or None,
            timeout=self._timeout(request),
            allow_redirects=False,  # httpx decides about redirects itself
        )
        response_headers = [
            (name, value) for name, value in response.headers.items() if name.lower() not in _DROPPED_RESPONSE_HEADERS
        ]
        return httpx.Response(
            status_code=response.status_code,
            headers=response_headers,
            content=response.content,
            request=request,
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": (response.reason or "").encode()},
        )

    def _timeout(self, request: httpx.Request) -> tuple[float, float]:
        """httpx's (connect, read) timeouts when the client set them, else the session's."""
        timeout = request.extensions.get("timeout") or {}
        connect, read = self.session.timeout
        return (timeout.get("connect") or connect, timeout.get("read") or read)


def build_httpx_client(session: VendorSession, **kwargs) -> httpx.Client:
    """An `httpx.Client` whose every request goes through `session`'s policy."""
    kwargs.setdefault("timeout", None)  # the session's timeouts apply unless the SDK sets its own
    return httpx.Client(transport=VendorPolicyTransport(session), **kwargs)
