"""The sales-channel exception taxonomy: each class encodes how a failure is retried.

Clients, mappers and steps raise these; the task wrapper classifies once by reading two class
attributes instead of inspecting vendor responses:

- `retryable`: the task may run again later (rate limits, transient vendor failures, an expired
  token once it has been refreshed). Validation and mapping errors never fix themselves.
- `consumes_attempt`: whether a retry counts against the task's attempt budget. Being rate
  limited is the vendor asking us to wait, not a failure, so `RateLimited` does not burn one.

An answer that cannot be read is not a bad payload: `UnreadableAnswer` (a read whose body was
truncated or not JSON: ask again) and `AnswerLost` (a write was sent but its answer is unknown:
the vendor may hold its result, so the step looks it up before deciding) are both transient.

`SwitchedToSync` and `SwitchedToCreate` are control-flow signals, not failures: a create step
found the object already exists remotely (or an update found it missing) and hands over.
"""


class SalesChannelError(Exception):
    """Base of every sales-channel failure; `retryable` tells the task wrapper what to do."""

    retryable: bool = False
    consumes_attempt: bool = True
    default_message: str = "Sales channel error."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class RateLimited(SalesChannelError):
    """The vendor (or our shared throttle) asks us to wait `retry_after` seconds.

    `status_code`: the vendor's HTTP status when the vendor answered (429, 503), None when our own shared
    throttle held the call back. `waiting_note`: what the waiting listing shows instead of "throttled",
    in the vendor's terms (a subclass sets it: eBay's 250 revisions a day, a used-up daily quota).
    """

    retryable = True
    consumes_attempt = False
    waiting_note = ""

    def __init__(self, retry_after: float, *, message: str | None = None, status_code: int | None = None) -> None:
        self.retry_after = max(0.0, float(retry_after))
        self.status_code = status_code  # the vendor's answer (429, 503); None: our own shared throttle
        super().__init__(message or f"Rate limited: retry after {self.retry_after:.2f}s.")


class TransientVendorError(SalesChannelError):
    """A connection error, timeout or 5xx: retry with backoff."""

    retryable = True
    default_message = "Transient vendor error."

    def __init__(self, message: str | None = None, *, status_code: int | None = None) -> None:
        self.status_code = status_code
        super().__init__(message)


class UnreadableAnswer(TransientVendorError):
    """An idempotent call's answer did not parse (truncated, cut off, not JSON): asking again is safe."""

    def __init__(self, detail: str, *, raw_excerpt: str = "", status_code: int | None = None) -> None:
        self.detail = detail
        self.raw_excerpt = raw_excerpt
        super().__init__(f"Unreadable vendor answer: {detail}", status_code=status_code)


class AnswerLost(TransientVendorError):
    """A write was sent but its answer was lost or unreadable: the vendor may or may not hold its result.

    `operation` names the call (a GraphQL document, "POST /products"). A create step that gets this
    looks the object up before deciding (see `MirrorStep.recover_lost_create`); elsewhere it is
    retried like any transient failure, which is safe for writes addressed by a remote id.
    """

    def __init__(self, detail: str, *, operation: str = "", raw_excerpt: str = "") -> None:
        self.detail = detail
        self.operation = operation
        self.raw_excerpt = raw_excerpt
        where = f" ({operation})" if operation else ""
        super().__init__(f"The vendor's answer to a write was lost{where}: {detail}")


class AuthExpired(SalesChannelError):
    """The vendor rejected our credentials (401): refresh them once, then retry."""

    retryable = True
    default_message = "Vendor credentials expired or were rejected."
    # What the vendor said with its 401 (redacted), for integrations that explain which credential it refused.
    vendor_message: str = ""


class RemoteObjectMissing(SalesChannelError):
    """A remote id we hold no longer exists on the vendor (404)."""

    default_message = "Remote object not found."

    def __init__(self, message: str | None = None, *, remote_id: str | None = None) -> None:
        self.remote_id = remote_id
        super().__init__(message)


class VendorValidationError(SalesChannelError):
    """The vendor refused the payload; its own messages are kept verbatim."""

    def __init__(self, messages: list[str], *, status_code: int | None = None) -> None:
        self.messages = [str(message) for message in messages] or ["The vendor rejected the request."]
        self.status_code = status_code
        super().__init__("; ".join(self.messages))


class MappingMissing(SalesChannelError):
    """Local data has no remote counterpart yet; lists every missing mapping at once."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = [str(item) for item in missing]
        super().__init__("Missing mappings: " + ", ".join(self.missing))


class InvalidVendorPayload(SalesChannelError):
    """The vendor answered with malformed JSON or an unexpected shape."""

    def __init__(self, detail: str, *, raw_excerpt: str = "") -> None:
        self.detail = detail
        self.raw_excerpt = raw_excerpt
        super().__init__(f"Invalid vendor payload: {detail}")


class SwitchedToSync(SalesChannelError):
    """Control flow: a create found the object already exists remotely; update it instead."""

    def __init__(self, remote_id: str | None = None, *, message: str | None = None) -> None:
        self.remote_id = remote_id
        super().__init__(message or f"Exists remotely ({remote_id}); switching to update.")


class SwitchedToCreate(SalesChannelError):
    """Control flow: an update found the remote object missing; create it instead."""

    def __init__(self, remote_id: str | None = None, *, message: str | None = None) -> None:
        self.remote_id = remote_id
        super().__init__(message or f"Missing remotely ({remote_id}); switching to create.")
