"""The one hardened HTTP session every vendor client (and every vendor SDK) talks through.

`VendorSession` wraps one `requests.Session` whose adapter, `VendorPolicyAdapter`, applies the
whole policy inside `send()`. Calls made with `VendorSession.request()` and calls an SDK makes
on `.requests_session` therefore behave identically; `http_httpx.VendorPolicyTransport` routes
httpx-based SDKs through the same session.

The policy, per HTTP attempt:

- budget: `throttle.claim(cost)` first, atomically across workers. A short wait
  (<= `max_inline_wait`) is slept in slices of at most `wait_slice` seconds, re-checking the claim's
  turn in the shared bucket after each (a refund or the vendor's figures may bring it forward); a
  longer one takes nothing and raises `RateLimited(retry_after)`, so a worker never sleeps for long:
  the task wrapper re-queues with a delay instead.
- refunds: an attempt that cost the vendor nothing gives its claimed points back at once: a
  transport error (no answer came), and an answer that refused the call before processing it
  (401, 403, 429, 502, 503). A vendor that reports its bucket corrects any difference later.
- SSRF guard (`net_guard`): URLs resolving to internal addresses are refused (unless sandbox URLs
  are allowed), and every connection re-checks the address it reached (redirects, rebinding).
- timeouts: (connect, read) on every call unless the caller passes its own.
- retries with exponential backoff and full jitter on connection errors, timeouts and 5xx, for
  idempotent calls only (GET/HEAD/PUT/DELETE/OPTIONS, or `idempotent=True`). A connect timeout is
  retried for any method: the request never left. A non-idempotent failure raises at once; the
  step-level retry is safe because steps look the object up before creating it.
- throttle responses: 429, and 503 with `Retry-After` (WAFs in front of Magento/WooCommerce),
  were not processed, so they are retried for any method: `Retry-After` (seconds or HTTP date)
  penalizes the shared throttle, then a short wait is slept and a long one raises `RateLimited`.
- 401 raises `AuthExpired`; 404 and other 4xx are returned (`raise_for_vendor_status` maps them).
- exhausted retries raise `TransientVendorError` with the last status or error.
- unreadable answers: an idempotent call whose JSON answer does not parse (truncated, cut off) is
  sent again like a 5xx; `UnreadableReadAnswer` (an `UnreadableAnswer`, retryable) follows. A write whose
  answer is unreadable, or whose request may have reached the vendor before a read timeout or a
  dropped connection, raises `AnswerLost`: the vendor may hold its result, so the caller looks it up
  before deciding (`MirrorStep` does) instead of sending it again blindly.
- every attempt carries an `X-Request-ID`, is logged at INFO in one redacted line and stored as
  one redacted `RemoteCallLog` row (the vendor's request id included). The row is written in a
  savepoint of the current connection: it is lost if the caller's own transaction rolls back,
  so steps should not wrap HTTP calls in long transactions (which would also hold row locks).

Per-call options (`idempotent`, `cost`, an operation-specific `throttle`, `prepare_attempt` to sign a
retry afresh) reach the adapter through a context variable, so SDK calls can set them too with
`session.call_options(...)`.
"""

import json
import logging
import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import requests
from django.db import DatabaseError, transaction
from requests.adapters import HTTPAdapter

from sales_channels.exceptions import (
    AnswerLost,
    AuthExpired,
    RateLimited,
    TransientVendorError,
)
from sales_channels.models import RemoteCallLog
from sales_channels.net_guard import GUARDED_POOL_CLASSES, UnsafeVendorUrl, check_url
from sales_channels.redaction import Redactor
from sales_channels.throttle import Throttle
from sales_channels.vendor_answers import (  # parse_json & co. re-exported: clients import them from here
    UnreadableReadAnswer,
    answer_is_unreadable,
    mark_request_idempotent,
    parse_json,
    parse_retry_after,
    raise_for_vendor_status,
)

__all__ = [
    "RESPONSE_EXCERPT_LENGTH",
    "VendorPolicyAdapter",
    "VendorSession",
    "parse_json",
    "parse_retry_after",
    "raise_for_vendor_status",
    "vendor_request_id",
]

logger = logging.getLogger("sales_channels.http")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
REQUEST_ID_HEADER = "X-Request-ID"
# Checked in order; the first present is stored. Shopify, Amazon SP-API, eBay, generic proxies.
VENDOR_REQUEST_ID_HEADERS = (
    "X-Request-Id",
    "x-amzn-RequestId",
    "X-EBAY-C-REQUEST-ID",
    "rlogid",
    "X-Correlation-Id",
    "CF-Ray",
)
MAX_BACKOFF_SECONDS = 10.0
DEFAULT_WAIT_SLICE_SECONDS = 0.5  # a waiter re-checks its turn in the shared bucket this often
# Answers that refused the call before the vendor processed (and charged) it: their claim is refunded.
UNCHARGED_STATUSES = frozenset({401, 403, 429, 502, 503})
# A vendor's answer is kept in the call log up to this size; a tenant never sees it verbatim.
RESPONSE_EXCERPT_LENGTH = 2048
TRANSPORT_ERRORS = (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError)


@dataclass(frozen=True)
class CallOptions:
    """Per-call policy options, visible to the adapter for the duration of one call."""

    session: "VendorSession"
    idempotent: bool | None = None
    cost: float = 1.0
    throttle: Throttle | None = None
    # Called before every attempt after the first with (request, attempt): a signature with a nonce
    # (OAuth 1.0a) is made again here, since a vendor refuses a replayed nonce.
    prepare_attempt: Callable[[requests.PreparedRequest, int], None] | None = None


_call_options: ContextVar[CallOptions | None] = ContextVar("vendor_call_options", default=None)


class VendorSession:
    """One vendor channel's HTTP session: throttle, timeouts, retries, redaction and call log."""

    def __init__(
        self,
        *,
        company_id: int,
        sales_channel_id: int,
        throttle: Throttle | None = None,
        secrets: Iterable[str] = (),
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        max_retries: int = 3,
        backoff_base: float = 0.5,
        max_inline_wait: float = 2.0,
        wait_slice: float = DEFAULT_WAIT_SLICE_SECONDS,
        sync_task_id: int | None = None,
        log_calls: bool = True,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.company_id = company_id
        self.sales_channel_id = sales_channel_id
        self.throttle = throttle
        self.redactor = Redactor(secrets=secrets)
        self.timeout = (connect_timeout, read_timeout)
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.max_inline_wait = max_inline_wait
        self.wait_slice = wait_slice
        self.sync_task_id = sync_task_id
        self.log_calls = log_calls
        self.sleep = sleep
        self.clock = clock
        self.random = random.Random()
        self.requests_session = requests.Session()
        adapter = VendorPolicyAdapter(self)
        self.requests_session.mount("https://", adapter)
        self.requests_session.mount("http://", adapter)

    def add_secret(self, value: str | None) -> None:
        """Register a secret obtained later (a refreshed access token) for redaction."""
        self.redactor.add_secret(value)

    @contextmanager
    def call_options(
        self,
        *,
        idempotent: bool | None = None,
        cost: float = 1,
        throttle: Throttle | None = None,
        prepare_attempt: Callable[[requests.PreparedRequest, int], None] | None = None,
    ) -> Iterator[None]:
        """Apply per-call options to every HTTP attempt made inside the block (SDK calls too)."""
        options = CallOptions(
            self, idempotent=idempotent, cost=float(cost), throttle=throttle, prepare_attempt=prepare_attempt
        )
        token = _call_options.set(options)
        try:
            yield
        finally:
            _call_options.reset(token)

    def request(
        self,
        method: str,
        url: str,
        *,
        idempotent: bool | None = None,
        cost: float = 1,
        prepare_attempt: Callable[[requests.PreparedRequest, int], None] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """Send one logical call (possibly several attempts) under the session's policy."""
        with self.call_options(idempotent=idempotent, cost=cost, prepare_attempt=prepare_attempt):
            return self.requests_session.request(method, url, **kwargs)

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", url, **kwargs)

    def parse_json(self, response: requests.Response) -> dict | list:
        """`parse_json` with this session's redactor."""
        return parse_json(response, redactor=self.redactor)

    def raise_for_vendor_status(self, response: requests.Response, *, remote_id: str | None = None) -> None:
        """`raise_for_vendor_status` with this session's redactor."""
        raise_for_vendor_status(response, redactor=self.redactor, remote_id=remote_id, clock=self.clock)

    def close(self) -> None:
        self.requests_session.close()

    def __enter__(self) -> "VendorSession":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- policy pieces used by the adapter ------------------------------------------------------

    def options(self) -> CallOptions:
        current = _call_options.get()
        return current if current is not None and current.session is self else CallOptions(self)

    def wait_for_budget(self, throttle: Throttle | None, cost: float) -> float:
        """Claim `cost` on the shared throttle before sending, then sleep until it is ours; the points claimed.

        The claim is atomic across workers and served in claim order; when the wait would exceed
        `max_inline_wait` nothing is taken and `RateLimited` defers the caller instead. The wait is
        slept in slices of at most `wait_slice`, re-checking the claim's turn after each: it ends as
        soon as the bucket covers the claim, and never later than the wait first computed."""
        if throttle is None:
            return 0.0
        claim = throttle.claim(cost, max_wait=self.max_inline_wait)
        if not claim.granted:
            raise RateLimited(claim.wait, message=f"Throttle {throttle.key} exhausted: retry after {claim.wait:.2f}s.")
        left, wait = claim.wait, claim.wait
        while wait > 0 and left > 0:
            step = min(wait, left, self.wait_slice)
            self.sleep(step)
            left -= step
            if left > 0:
                wait = throttle.wait_for(claim.ticket)
        return cost

    def refund(self, throttle: Throttle | None, points: float) -> None:
        """Give back what an attempt claimed when the vendor did not charge for it."""
        if throttle is not None and points > 0:
            throttle.adjust(points)

    def backoff(self, attempt: int) -> float:
        """Full-jitter exponential backoff before retry number `attempt`."""
        ceiling = min(MAX_BACKOFF_SECONDS, self.backoff_base * 2 ** (attempt - 1))
        return self.random.uniform(0, ceiling)


class VendorPolicyAdapter(HTTPAdapter):
    """A requests transport adapter that applies the `VendorSession` policy to every send."""

    def __init__(self, session: VendorSession) -> None:
        super().__init__(max_retries=0)
        self.vendor_session = session

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """Pools whose connections check the address they reached (`net_guard`)."""
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = dict(GUARDED_POOL_CLASSES)

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: Any = None,
    ) -> requests.Response:
        """Send `request` under the policy: budget, attempts, retries, classification, call log."""
        session = self.vendor_session
        options = session.options()
        throttle = options.throttle or session.throttle
        idempotent = options.idempotent
        if idempotent is None:
            idempotent = (request.method or "GET").upper() in IDEMPOTENT_METHODS
        request.headers.setdefault(REQUEST_ID_HEADER, str(uuid.uuid4()))
        self._guard(request)
        send_kwargs = {
            "stream": stream,
            "timeout": timeout if timeout is not None else session.timeout,
            "verify": verify,
            "cert": cert,
            "proxies": proxies,
        }
        attempt = 0
        while True:
            attempt += 1
            claimed = session.wait_for_budget(throttle, options.cost)
            if attempt > 1 and options.prepare_attempt is not None:
                options.prepare_attempt(request, attempt)
            try:
                response = self._attempt(request, attempt, idempotent, send_kwargs)
            except Exception:  # no answer came (transport error, refused address): the vendor charged nothing
                session.refund(throttle, claimed)
                raise
            if response is None or response.status_code in UNCHARGED_STATUSES:
                session.refund(throttle, claimed)
            if response is not None and not _retry_wanted(response):
                if not (idempotent and not stream and answer_is_unreadable(response)):
                    return self._final(response, request, idempotent)
                self._check_unreadable_retry(response, request, attempt)
                session.sleep(session.backoff(attempt))  # a cut-off read is sent again, like a 5xx
                continue
            delay = self._retry_delay(response, request, attempt, idempotent, throttle)
            session.sleep(delay)

    def _guard(self, request: requests.PreparedRequest) -> None:
        """Refuse (and log) a URL that resolves to an internal address, before anything is sent."""
        started = time.perf_counter()
        try:
            check_url(request.url or "")
        except UnsafeVendorUrl as error:
            _record(self.vendor_session, request, 0, started, error=error)
            raise

    def _attempt(self, request, attempt: int, idempotent: bool, send_kwargs: dict) -> requests.Response | None:
        """One send: the response, or None after a transport error that will be retried."""
        started = time.perf_counter()
        try:
            response = super().send(request, **send_kwargs)
            if not send_kwargs["stream"]:
                _ = response.content  # read now so the log sees it (requests would read it anyway)
        except UnsafeVendorUrl as error:  # the connection reached an internal address (net_guard)
            _record(self.vendor_session, request, attempt, started, error=error)
            raise
        except TRANSPORT_ERRORS as error:
            session = self.vendor_session
            _record(session, request, attempt, started, error=error)
            if attempt > session.max_retries or not _retryable_error(error, idempotent):
                reason = f"{type(error).__name__}: {_redacted_error(session, error)}"
                where = f"{request.method} {session.redactor.url(request.url)}"
                if not idempotent and not isinstance(error, requests.exceptions.ConnectTimeout):
                    raise AnswerLost(f"no answer after {attempt} attempt(s): {reason}", operation=where) from error
                raise TransientVendorError(f"{where} failed after {attempt} attempt(s): {reason}") from error
            return None
        _record(self.vendor_session, request, attempt, started, response=response, stream=send_kwargs["stream"])
        return response

    def _retry_delay(self, response, request, attempt: int, idempotent: bool, throttle: Throttle | None) -> float:
        """Seconds to sleep before the next attempt, or raise when no inline retry is allowed."""
        session = self.vendor_session
        if response is None:  # a retryable transport error, already checked
            return session.backoff(attempt)
        retry_after = _throttle_retry_after(response, session.clock)
        if retry_after is not None:  # 429, or 503 with Retry-After: not processed, any method
            wait = retry_after if retry_after > 0 else session.backoff(attempt)
            if throttle is not None:
                throttle.penalize(wait)
            if wait > session.max_inline_wait or attempt > session.max_retries:
                response.close()
                raise RateLimited(
                    wait,
                    message=f"HTTP {response.status_code}: retry after {wait:.2f}s.",
                    status_code=response.status_code,
                )
            return wait
        if idempotent and attempt <= session.max_retries:
            return session.backoff(attempt)
        response.close()
        url = session.redactor.url(request.url)
        message = f"HTTP {response.status_code} from {request.method} {url} after {attempt} attempt(s)."
        raise TransientVendorError(message, status_code=response.status_code)

    def _check_unreadable_retry(self, response: requests.Response, request, attempt: int) -> None:
        """Raise `UnreadableReadAnswer` when a read came back unreadable on every allowed attempt."""
        session = self.vendor_session
        if attempt > session.max_retries:
            where = f"{request.method} {session.redactor.url(request.url)}"
            message = f"The answer to {where} was cut off or malformed {attempt} time(s)."
            raise UnreadableReadAnswer(message, status_code=response.status_code)

    def _final(self, response: requests.Response, request, idempotent: bool) -> requests.Response:
        if response.status_code == 401:
            error = AuthExpired(f"HTTP 401 from {request.method} {self.vendor_session.redactor.url(request.url)}.")
            # what the vendor said (which credential it refused), redacted, for integrations that explain it
            error.vendor_message = self.vendor_session.redactor.text(response.text[:RESPONSE_EXCERPT_LENGTH])
            response.close()
            raise error
        mark_request_idempotent(response, idempotent=idempotent)  # parse_json: a write's unreadable answer is lost
        return response


def _retry_wanted(response: requests.Response) -> bool:
    """A throttle or server error (an unreadable read answer is checked by the caller)."""
    return response.status_code == 429 or response.status_code >= 500


def _retryable_error(error: Exception, idempotent: bool) -> bool:
    return idempotent or isinstance(error, requests.exceptions.ConnectTimeout)


def _throttle_retry_after(response: requests.Response, clock: Callable[[], float]) -> float | None:
    """For a throttle response: `Retry-After` in seconds (0.0 when absent); None otherwise."""
    if response.status_code == 429:
        return parse_retry_after(response.headers.get("Retry-After"), clock=clock) or 0.0
    if response.status_code == 503 and "Retry-After" in response.headers:
        return parse_retry_after(response.headers.get("Retry-After"), clock=clock) or 0.0
    return None


def vendor_request_id(headers: Any) -> str:
    """The vendor's own request id from response headers, if it sent one."""
    for name in VENDOR_REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return str(value)[:255]
    return ""


def _redacted_error(session: VendorSession, error: Exception) -> str:
    return " ".join(session.redactor.truncate(session.redactor.text(str(error))).split())


def _excerpt(redactor: Redactor, headers: Any, body: Any, *, max_length: int | None = None) -> str:
    head = json.dumps(redactor.headers(headers), ensure_ascii=False)
    return f"{head}\n\n{redactor.excerpt(body, max_length=max_length)}"


def _record(session: VendorSession, request, attempt: int, started: float, *, response=None, error=None, stream=False):
    """Log one attempt at INFO and store it as a `RemoteCallLog` row, both redacted."""
    redactor = session.redactor
    duration_ms = int((time.perf_counter() - started) * 1000)
    url = redactor.url(request.url)[:2048]
    status = response.status_code if response is not None else None
    vendor_id = vendor_request_id(response.headers) if response is not None else ""
    error_text = f"{type(error).__name__}: {_redacted_error(session, error)}" if error is not None else ""
    logger.info(
        "vendor call %s %s -> %s in %dms (attempt %d, request %s, vendor request %s)%s",
        request.method,
        url,
        status if status is not None else "no response",
        duration_ms,
        attempt,
        request.headers.get(REQUEST_ID_HEADER, ""),
        vendor_id or "-",
        f" error {error_text}" if error_text else "",
    )
    if not session.log_calls:
        return
    response_excerpt = ""
    if response is not None:
        body = "[streamed body not captured]" if stream else response.content
        response_excerpt = _excerpt(redactor, response.headers, body, max_length=RESPONSE_EXCERPT_LENGTH)
    try:
        with transaction.atomic():
            RemoteCallLog.objects.create(
                multi_tenant_company_id=session.company_id,
                sales_channel_id=session.sales_channel_id,
                sync_task_id=session.sync_task_id,
                method=(request.method or "")[:10],
                url=url,
                status_code=status,
                duration_ms=duration_ms,
                request_excerpt=_excerpt(redactor, request.headers, request.body),
                response_excerpt=response_excerpt,
                request_id=request.headers.get(REQUEST_ID_HEADER, "")[:64],
                vendor_request_id=vendor_id,
                error=error_text,
                attempt=attempt,
            )
    except DatabaseError:
        logger.warning("could not store the call log of %s %s", request.method, url, exc_info=True)
