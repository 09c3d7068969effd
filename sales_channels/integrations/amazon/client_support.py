"""Small helpers of the SP-API client shared by its operation modules."""

from typing import Any

from sales_channels.exceptions import UnreadableAnswer


def required(answer: Any, operation: str, *keys: str) -> dict[str, Any]:
    """The answer's payload, or UnreadableAnswer (transient) when it lacks what the operation always returns.

    The SDK turns an answer that does not parse (cut off, truncated) into an empty payload, so a
    missing id or URL means the answer was lost on the way: asking again (or retrying the task) is right.
    """
    payload = dict(getattr(answer, "payload", None) or {})
    missing = [key for key in keys if not payload.get(key)]
    if missing:
        raise UnreadableAnswer(f"{operation} answered without {', '.join(missing)} (a cut-off or unreadable answer)")
    return payload
