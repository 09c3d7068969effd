"""Faults of the fake vendor's answers: the call reached the vendor, but what came back cannot be read.

They mirror what `sales_channels.http.VendorSession` raises once its own re-reads are spent:
`TRUNCATED` cuts off the answer (a read raises `UnreadableAnswer`, a write `AnswerLost`);
`LOST_ANSWER` is a write whose answer never arrived (a read timeout). Either way a write has
taken effect on the vendor, which is the case a retry must not duplicate.
"""

from sales_channels.exceptions import AnswerLost, UnreadableAnswer

TRUNCATED = "truncated"
LOST_ANSWER = "lost_answer"
ANSWER_FAULTS = frozenset({TRUNCATED, LOST_ANSWER})
READ_OPERATIONS = frozenset({"find_product", "find_image", "list_products", "list_views"})


def answer_error(*, kind: str, operation: str) -> Exception:
    """The exception the client sees for an answer fault on `operation` (which was executed)."""
    if kind == TRUNCATED and operation in READ_OPERATIONS:
        return UnreadableAnswer(f"malformed JSON from the fake vendor ({operation}): Unterminated string")
    if kind == TRUNCATED:
        return AnswerLost("malformed JSON from the fake vendor: Unterminated string", operation=operation)
    return AnswerLost("ReadTimeout: the fake vendor did not answer in time", operation=operation)
