"""ShopifyClient: one method to send a named GraphQL document, with Shopify's throttling and errors.

Every call goes through the channel's shared `VendorSession` (timeouts, retries, call log,
redaction). Shopify-specific policy lives here:
- before sending, the shared throttle is claimed the document's expected cost in points: the cost
  Shopify last requested for that document, learnt and shared by every worker (the throttle's
  `learn_cost`), so no worker sends a call the shop's bucket cannot pay for; after the answer the
  difference to the actual cost is given back and the bucket is fed from
  `extensions.cost.throttleStatus` (lowering ours only: other workers' claims stay counted);
- `THROTTLED` inside an HTTP 200 re-sends that call once its (now learnt) cost is available, up
  to `MAX_THROTTLED_RESENDS` times; a wait beyond the session's bound, or an HTTP 429, becomes
  `RateLimited`, so workers defer instead of sleeping long;
- other top-level GraphQL errors become `VendorValidationError` (or `TransientVendorError` for
  Shopify's internal errors); `userErrors` of a mutation are raised by `raise_user_errors`;
- a 401 is `AuthExpired` (the task layer refreshes once through the spec and retries).
"""

from functools import cache
from typing import Any

from graphql import OperationType, parse

from sales_channels.exceptions import (
    InvalidVendorPayload,
    RateLimited,
    TransientVendorError,
    VendorValidationError,
)
from sales_channels.http import VendorSession
from sales_channels.integrations.shopify.documents import load_document

DEFAULT_QUERY_COST = 50.0
DEFAULT_MUTATION_COST = 10.0
MAX_THROTTLED_RESENDS = 5
TRANSIENT_CODES = {"INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "TIMEOUT"}


@cache
def is_mutation(document: str) -> bool:
    """True when the named document's operation is a mutation (never retried blindly after a timeout)."""
    definitions = parse(load_document(document)).definitions
    return any(getattr(d, "operation", None) == OperationType.MUTATION for d in definitions)


def raise_user_errors(*, payload: dict | None, operation: str) -> None:
    """Raise VendorValidationError with every userError of a mutation payload."""
    errors = (payload or {}).get("userErrors") or []
    if errors:
        messages = [
            f"{'.'.join(str(p) for p in (error.get('field') or []))}: {error.get('message')}".lstrip(": ")
            for error in errors
        ]
        raise VendorValidationError([f"{operation}: {message}" for message in messages])


def _is_throttled(body: dict) -> bool:
    errors = body.get("errors")
    if not isinstance(errors, list):
        return False
    return any(
        isinstance(error, dict) and (error.get("extensions") or {}).get("code") == "THROTTLED" for error in errors
    )


class ShopifyClient:
    """Typed access to the Admin GraphQL API of one shop: `execute(document=..., variables=...)`."""

    def __init__(self, *, channel, session: VendorSession, token_provider=None) -> None:
        self.channel = channel
        self.session = session
        # Returns a valid access token, refreshing an expiring one first (see factories/sales_channels/tokens.py).
        self.token_provider = token_provider or (lambda: channel.access_token)
        self._costs: dict[str, float] = {}

    def execute(
        self, *, document: str, variables: dict[str, Any] | None = None, expected_cost: float | None = None
    ) -> dict[str, Any]:
        """Send `documents/<document>.graphql` and return its `data`, raising the taxonomy on failure.

        `expected_cost` is the caller's estimate of the requested cost when it varies with the variables
        (productSet's dynamic cost): the shared throttle waits for that many points, not the last call's.
        """
        query = load_document(document)
        mutation = is_mutation(document)
        for _resend in range(MAX_THROTTLED_RESENDS + 1):
            token = self.token_provider()
            self.session.add_secret(token)
            claimed = self._expected_cost(document=document, mutation=mutation)
            response = self.session.post(
                self.channel.graphql_url,
                json={"query": query, "variables": variables or {}},
                headers={"X-Shopify-Access-Token": token, "Content-Type": "application/json"},
                idempotent=not mutation,
                cost=claimed,
            )
            self.session.raise_for_vendor_status(response)
            body = self.session.parse_json(response)
            if not isinstance(body, dict):
                raise InvalidVendorPayload(f"{document}: expected a JSON object", raw_excerpt=str(body)[:500])
            if not self._settle_cost(document=document, body=body, claimed=claimed):
                break  # not throttled: Shopify ran it (a throttled call ran nothing and is sent again)
        self._raise_graphql_errors(document=document, body=body)
        data = body.get("data")
        if not isinstance(data, dict):
            raise InvalidVendorPayload(f"{document}: response has no data", raw_excerpt=str(body)[:500])
        return data

    def _expected_cost(self, *, document: str, mutation: bool) -> float:
        throttle = self.session.throttle
        learnt = throttle.cost_estimate(document) if throttle is not None else None
        learnt = learnt if learnt is not None else self._costs.get(document)
        return learnt if learnt is not None else (DEFAULT_MUTATION_COST if mutation else DEFAULT_QUERY_COST)

    def _settle_cost(self, *, document: str, body: dict, claimed: float) -> bool:
        """Learn the requested cost, give back what was not spent, feed the bucket; True when THROTTLED."""
        cost = (body.get("extensions") or {}).get("cost") or {}
        throttled = _is_throttled(body)
        requested, actual = cost.get("requestedQueryCost"), cost.get("actualQueryCost")
        if requested is not None:
            self._costs[document] = float(requested)
        throttle = self.session.throttle
        if throttle is None:
            return throttled
        if requested is not None:
            throttle.learn_cost(document, float(requested))
        if throttled:
            spent = 0.0
        else:
            spent = float(actual if actual is not None else requested if requested is not None else claimed)
        throttle.adjust(claimed - spent)
        status = cost.get("throttleStatus") or {}
        if status:
            throttle.feed(
                available=status.get("currentlyAvailable"),
                capacity=status.get("maximumAvailable"),
                refill_per_second=status.get("restoreRate"),
                lower_only=True,
            )
        return throttled

    def _raise_graphql_errors(self, *, document: str, body: dict) -> None:
        errors = body.get("errors")
        if not errors:
            return
        if isinstance(errors, str):
            raise VendorValidationError([f"{document}: {errors}"])
        codes = {((error or {}).get("extensions") or {}).get("code") for error in errors}
        if "THROTTLED" in codes:
            raise RateLimited(self._refill_seconds(body=body), message=f"{document}: Shopify throttled the request")
        messages = [f"{document}: {(error or {}).get('message')}" for error in errors]
        if codes & TRANSIENT_CODES:
            raise TransientVendorError("; ".join(messages))
        raise VendorValidationError(messages)

    def _refill_seconds(self, *, body: dict) -> float:
        cost = (body.get("extensions") or {}).get("cost") or {}
        status = cost.get("throttleStatus") or {}
        requested = float(cost.get("requestedQueryCost") or DEFAULT_QUERY_COST)
        available = float(status.get("currentlyAvailable") or 0)
        rate = float(status.get("restoreRate") or 1) or 1.0
        return max(0.5, (requested - available) / rate)

    def paginate(self, *, document: str, connection: list[str], variables: dict | None = None, after=None):
        """Yield (nodes, end_cursor, has_next) pages of a cursor-paginated connection at `connection` path."""
        cursor = after
        while True:
            data = self.execute(document=document, variables={**(variables or {}), "after": cursor})
            node = data
            for key in connection:
                node = (node or {}).get(key)
            if not isinstance(node, dict):
                raise InvalidVendorPayload(f"{document}: no connection at {'.'.join(connection)}", raw_excerpt="")
            page = node.get("pageInfo") or {}
            nodes = node.get("nodes") or [edge.get("node") for edge in node.get("edges") or []]
            yield nodes, page.get("endCursor"), bool(page.get("hasNextPage"))
            if not page.get("hasNextPage"):
                return
            cursor = page.get("endCursor")
