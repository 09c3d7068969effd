"""EbayClient: eBay's REST calls through the channel's shared session, with its headers, tokens and errors.

- Every call carries `Authorization: Bearer <user token>` (renewed shortly before expiry by the
  token provider), or the cached application token for application calls (`app=True`).
- A 401 is answered once: the user token is refreshed (`refresh_user_token(force=True)`), or the
  application token dropped and minted again, and the call sent again; a second 401 raises
  `AuthExpired` for the task layer.
- Inventory writes carry `Content-Language` (eBay refuses them without), and marketplace-scoped
  calls `X-EBAY-C-MARKETPLACE-ID`.
- Error answers map to the framework's taxonomy (eBay's `errors[{errorId, message}]` become the
  messages of `VendorValidationError`; 404 `RemoteObjectMissing`; 429 `RateLimited`; 5xx transient).
  A 429 does not say which limit was hit (eBay answers errorId 2001 "Too many requests" for short
  windows and daily quotas alike): the Developer Analytics API (`rate_limit`) is asked whether the
  called API's daily quota is used up, and if so the call waits until its `reset` instead of seconds.
  eBay's revision limit (errorId 25025, 250 revisions of a listing a day) becomes `RevisionsHeldBack`,
  a deferral to the next UTC day, never a failure.
- Bulk calls answer 200 or 207 with one response per item: `bulk_*` return them as they are and
  `item_error` turns a failed one into the exception stored on that listing alone.
"""

import gzip
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from sales_channels.exceptions import (
    AuthExpired,
    InvalidVendorPayload,
    RateLimited,
    RemoteObjectMissing,
    SalesChannelError,
    VendorValidationError,
)
from sales_channels.http import VendorSession
from sales_channels.integrations.ebay.factories.sales_channels.tokens import (
    application_token,
    forget_application_token,
    refresh_user_token,
    user_token_provider,
)
from sales_channels.integrations.ebay.models import EbaySalesChannel
from sales_channels.throttle import Throttle

INVENTORY = "/sell/inventory/v1"
ACCOUNT = "/sell/account/v1"
TAXONOMY = "/commerce/taxonomy/v1"
GZIP_MAGIC = b"\x1f\x8b"
BULK_LIMIT = 25
ITEMS_PAGE_LIMIT = 200
FEES_LIMIT = 250  # offers per get_listing_fees call
OFFER_EXISTS = 25002
OFFER_NOT_AVAILABLE = 25713  # withdraw: "This Offer is not available" (not published: its listing already ended)
GROUP_OFFER_NOT_FOUND = 25725  # withdraw_by_inventory_item_group: "No offer found" (nothing listed: already ended)
FEED = "/sell/feed/v1"
ACTIVE_INVENTORY_REPORT = "LMS_ACTIVE_INVENTORY_REPORT"
FEED_SCHEMA_VERSION = "1.0"
REVISION_LIMIT = 25025  # "This listing has reached the limit of 250 revisions for today."
RATE_LIMITS = "/developer/analytics/v1_beta/rate_limit/"
# (api_url, App ID, apiContext, apiName) -> when eBay said that API's used-up daily quota resets (this process);
# a quota is the application's (its App ID): another keyset on the same host has its own
QUOTA_RESETS: dict[tuple[str, str, str, str], datetime] = {}
HELD_BACK = "eBay allows 250 revisions of a listing a day: this change is held back until tomorrow (UTC)."


class RevisionsHeldBack(RateLimited):
    """A live listing had its 250 revisions today: its change waits for tomorrow (not sent, not failed)."""

    def __init__(self, retry_after: float, *, message: str | None = None, status_code: int | None = None) -> None:
        super().__init__(retry_after, message=message, status_code=status_code)
        self.waiting_note = self.message  # what the listing's mirror reads while the change waits


def held_back() -> RevisionsHeldBack:
    """The deferral of a listing's change to the next UTC day."""
    now = datetime.now(tz=UTC)
    tomorrow = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    return RevisionsHeldBack((tomorrow - now).total_seconds(), message=HELD_BACK)


class DailyQuotaUsed(RateLimited):
    """eBay's daily call quota of an API is used up: calls resume when it resets."""

    def __init__(self, retry_after: float, *, message: str | None = None, status_code: int | None = None) -> None:
        super().__init__(retry_after, message=message, status_code=status_code)
        self.waiting_note = self.message


class EbayClient:
    """Typed access to the Sell APIs of one eBay seller account."""

    def __init__(
        self,
        *,
        channel: EbaySalesChannel,
        session: VendorSession,
        token_provider: Callable[[], str] | None = None,
    ) -> None:
        self.channel = channel
        self.session = session
        self.token_provider = token_provider or user_token_provider(channel=channel, session=session)

    # -- transport ----------------------------------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        language: str | None = None,
        marketplace: str | None = None,
        host: str | None = None,
        app: bool = False,
        idempotent: bool | None = None,
        remote_id: str | None = None,
        raw: bool = False,
        missing_ids: frozenset[int] = frozenset(),
    ) -> Any:
        """Send one call; the decoded JSON answer (None for 204; the body's bytes when `raw`), errors raised.

        `missing_ids`: eBay errorIds that, on a 400, mean the object is not there (RemoteObjectMissing)."""
        self._wait_for_quota(path=path)
        for attempt in (1, 2):
            token = application_token(channel=self.channel, session=self.session) if app else self.token_provider()
            self.session.add_secret(token)
            headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
            if json is not None:
                headers["Content-Type"] = "application/json"
            if language:
                headers["Content-Language"] = language
            if marketplace:
                headers["X-EBAY-C-MARKETPLACE-ID"] = marketplace
            try:
                response = self._send(
                    method, path, host=host, json=json, params=params, headers=headers, idempotent=idempotent
                )
            except AuthExpired:
                if attempt == 2:
                    raise
                if app:  # revoked before its time: mint one new application token (the next call does)
                    forget_application_token(channel=self.channel)
                else:
                    refresh_user_token(channel=self.channel, session=self.session, force=True)
                continue
            self._raise_for_status(response, remote_id=remote_id, missing_ids=missing_ids)
            if raw:
                return response.content
            if response.status_code == 204 or not response.content:
                return None
            return self.session.parse_json(response)
        raise AuthExpired("eBay refused the refreshed token.")

    def _send(self, method: str, path: str, *, host: str | None, headers: dict[str, str], **options: Any) -> Any:
        """One call through the session; a 429 that used up the API's daily quota waits until it resets."""
        try:
            return self.session.request(method, f"{host or self.channel.api_url}{path}", headers=headers, **options)
        except RateLimited as limited:
            if limited.status_code != 429:  # our own shared throttle (eBay was not asked), or a 503
                raise
            raise self._quota_used(path=path) or limited from None

    def _raise_for_status(self, response: Any, *, remote_id: str | None, missing_ids: frozenset[int]) -> None:
        """eBay's error answers in the framework's taxonomy; the revision limit (25025) is a hold-back."""
        if response.status_code == 400 and REVISION_LIMIT in _error_ids(response):
            raise held_back()
        if response.status_code == 400 and missing_ids & _error_ids(response):
            raise RemoteObjectMissing(
                f"HTTP 400 from eBay: {remote_id or 'the object'} is not there.", remote_id=remote_id
            )
        self.session.raise_for_vendor_status(response, remote_id=remote_id)

    def _wait_for_quota(self, *, path: str) -> None:
        """Raise `DailyQuotaUsed` while eBay said the called API's daily quota is used up (no call is sent)."""
        api = _api_of(path)
        key = (self.channel.api_url, self.channel.client_id, *api) if api is not None else None
        reset = QUOTA_RESETS.get(key) if key is not None else None
        if api is None or key is None or reset is None:
            return
        if reset > datetime.now(tz=UTC):
            raise _quota_wait(api=api, reset=reset)
        QUOTA_RESETS.pop(key, None)

    def _quota_used(self, *, path: str) -> DailyQuotaUsed | None:
        """After a 429: the wait until the called API's daily quota resets, when Developer Analytics says it is
        used up (None when it is not, or cannot tell: the 429 was a short-window limit). The reset is
        remembered, so until then this process's calls to that API wait without asking eBay."""
        api = _api_of(path)
        if api is None:
            return None
        try:
            answer = self._rate_limits(context=api[0], name=api[1])
        except SalesChannelError:
            return None
        resets = [
            rate.get("reset")
            for found in answer.get("rateLimits") or []
            if (str(found.get("apiContext", "")).lower(), str(found.get("apiName", "")).lower()) == api
            for resource in found.get("resources") or []
            for rate in resource.get("rates") or []
            if int(rate.get("remaining", 1)) <= 0 and rate.get("reset")
        ]
        try:
            reset = max(datetime.fromisoformat(str(value).replace("Z", "+00:00")) for value in resets)
        except ValueError:  # none used up, or an unreadable time
            return None
        QUOTA_RESETS[(self.channel.api_url, self.channel.client_id, *api)] = reset
        return _quota_wait(api=api, reset=reset)

    def _rate_limits(self, *, context: str, name: str) -> dict[str, Any]:
        """getRateLimits (application token) for one API, under its own small bucket: the channel's bucket
        was just penalized by the 429 this call explains."""
        token = application_token(channel=self.channel, session=self.session)
        self.session.add_secret(token)
        key = f"{self.channel.throttle_key}:ebay:analytics"
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        with self.session.call_options(idempotent=True, throttle=Throttle(key, capacity=5, refill_per_second=0.1)):
            response = self.session.requests_session.request(
                "GET",
                f"{self.channel.api_url}{RATE_LIMITS}",
                params={"api_context": context, "api_name": name},
                headers=headers,
            )
        self.session.raise_for_vendor_status(response)
        answer = self.session.parse_json(response)
        return answer if isinstance(answer, dict) else {}

    # -- identity and account -----------------------------------------------------------------------

    def user(self) -> dict[str, Any]:
        return self.call("GET", "/commerce/identity/v1/user/", host=self.channel.identity_url)

    def policies(self, *, kind: str, marketplace: str) -> list[dict[str, Any]]:
        answer = self.call("GET", f"{ACCOUNT}/{kind}_policy", params={"marketplace_id": marketplace}) or {}
        return list(answer.get(f"{kind}Policies") or [])

    def opted_in_programs(self) -> list[str]:
        answer = self.call("GET", f"{ACCOUNT}/program/get_opted_in_programs") or {}
        return [str(p.get("programType")) for p in answer.get("programs") or [] if p.get("programType")]

    def locations(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        offset = 0
        while True:  # this call's offset counts records
            answer = self.call("GET", f"{INVENTORY}/location", params={"limit": 100, "offset": offset}) or {}
            page = list(answer.get("locations") or [])
            found += page
            offset += len(page)
            if not page or offset >= int(answer.get("total") or 0):
                return found

    def create_location(self, *, key: str, body: dict[str, Any]) -> None:
        self.call("POST", f"{INVENTORY}/location/{quote(key, safe='')}", json=body, idempotent=True)

    def public_key(self, *, kid: str) -> dict[str, Any]:
        return self.call("GET", f"/commerce/notification/v1/public_key/{quote(kid, safe='')}", app=True)

    # -- taxonomy (application token) ---------------------------------------------------------------

    def default_category_tree(self, *, marketplace: str) -> dict[str, Any]:
        """{categoryTreeId, categoryTreeVersion} of the marketplace's default tree."""
        params = {"marketplace_id": marketplace}
        return self.call("GET", f"{TAXONOMY}/get_default_category_tree_id", params=params, app=True) or {}

    def category_tree(self, *, tree_id: str) -> dict[str, Any]:
        return self.call("GET", f"{TAXONOMY}/category_tree/{quote(tree_id, safe='')}", app=True) or {}

    def category_subtree(self, *, tree_id: str, category_id: str) -> dict[str, Any]:
        path = f"{TAXONOMY}/category_tree/{quote(tree_id, safe='')}/get_category_subtree"
        return self.call("GET", path, params={"category_id": category_id}, app=True) or {}

    def item_aspects(self, *, tree_id: str, category_id: str) -> list[dict[str, Any]]:
        """The aspects of one leaf category (get_item_aspects_for_category)."""
        path = f"{TAXONOMY}/category_tree/{quote(tree_id, safe='')}/get_item_aspects_for_category"
        answer = self.call("GET", path, params={"category_id": category_id}, app=True, remote_id=category_id)
        return list((answer or {}).get("aspects") or [])

    def all_item_aspects(self, *, tree_id: str) -> dict[str, Any]:
        """fetch_item_aspects: every leaf category's aspects, a gzipped JSON file (decompressed here)."""
        path = f"{TAXONOMY}/category_tree/{quote(tree_id, safe='')}/fetch_item_aspects"
        body = self.call("GET", path, app=True, raw=True)
        try:
            document = json.loads(gzip.decompress(body) if body[:2] == GZIP_MAGIC else body)
        except (OSError, ValueError) as broken:
            raise InvalidVendorPayload(f"fetch_item_aspects: not a (gzipped) JSON file ({broken})") from None
        if not isinstance(document, dict):
            raise InvalidVendorPayload("fetch_item_aspects: the file is not a JSON object")
        return document

    # -- inventory items ----------------------------------------------------------------------------

    def bulk_items(self, *, requests: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
        """bulk_create_or_replace_inventory_item (at most 25): one response per item, in order."""
        answer = self.call(
            "POST",
            f"{INVENTORY}/bulk_create_or_replace_inventory_item",
            json={"requests": requests},
            language=language,
            idempotent=True,  # a full replace by SKU: sending it again changes nothing
        )
        return _responses(answer, expected=len(requests), call="bulk_create_or_replace_inventory_item")

    def bulk_get_items(self, *, skus: list[str]) -> list[dict[str, Any]]:
        """bulk_get_inventory_item (at most 25 SKUs): one response per SKU, in order."""
        requests = [{"sku": sku} for sku in skus]
        answer = self.call("POST", f"{INVENTORY}/bulk_get_inventory_item", json={"requests": requests}, idempotent=True)
        return _responses(answer, expected=len(requests), call="bulk_get_inventory_item")

    def items_page(self, *, limit: int, page: int) -> dict[str, Any]:
        """GET inventory_item: `offset` is the page number on this call."""
        return self.call("GET", f"{INVENTORY}/inventory_item", params={"limit": limit, "offset": page}) or {}

    def get_item(self, *, sku: str) -> dict[str, Any]:
        return self.call("GET", f"{INVENTORY}/inventory_item/{quote(sku, safe='')}", remote_id=sku)

    def delete_item(self, *, sku: str) -> None:
        self.call("DELETE", f"{INVENTORY}/inventory_item/{quote(sku, safe='')}", remote_id=sku)

    # -- offers -------------------------------------------------------------------------------------

    def bulk_create_offers(self, *, requests: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
        answer = self.call(
            "POST", f"{INVENTORY}/bulk_create_offer", json={"requests": requests}, language=language, idempotent=False
        )
        return _responses(answer, expected=len(requests), call="bulk_create_offer")

    def update_offer(self, *, offer_id: str, body: dict[str, Any], language: str) -> None:
        """PUT offer: a complete replacement (every field sent each time)."""
        self.call("PUT", f"{INVENTORY}/offer/{offer_id}", json=body, language=language, remote_id=offer_id)

    def offers_for(self, *, sku: str, marketplace: str) -> list[dict[str, Any]]:
        params = {"sku": sku, "marketplace_id": marketplace}
        answer = self.call("GET", f"{INVENTORY}/offer", params=params, remote_id=sku) or {}
        return list(answer.get("offers") or [])

    def bulk_publish(self, *, offer_ids: list[str]) -> list[dict[str, Any]]:
        requests = [{"offerId": offer_id} for offer_id in offer_ids]
        answer = self.call("POST", f"{INVENTORY}/bulk_publish_offer", json={"requests": requests}, idempotent=True)
        return _responses(answer, expected=len(requests), call="bulk_publish_offer")

    def listing_fees(self, *, offer_ids: list[str]) -> list[dict[str, Any]]:
        """get_listing_fees (at most 250 unpublished offers, read-only): the expected fees per marketplace."""
        body = {"offers": [{"offerId": offer_id} for offer_id in offer_ids]}
        answer = self.call("POST", f"{INVENTORY}/offer/get_listing_fees", json=body, idempotent=True)
        return list((answer or {}).get("feeSummaries") or [])

    def withdraw(self, *, offer_id: str) -> None:
        """End the offer's listing; RemoteObjectMissing when it is not published (already ended, e.g. by a retry)."""
        path = f"{INVENTORY}/offer/{offer_id}/withdraw"
        self.call("POST", path, idempotent=True, remote_id=offer_id, missing_ids=frozenset({OFFER_NOT_AVAILABLE}))

    def delete_offer(self, *, offer_id: str) -> None:
        self.call("DELETE", f"{INVENTORY}/offer/{offer_id}", remote_id=offer_id)

    def bulk_price_quantity(self, *, requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
        answer = self.call(
            "POST", f"{INVENTORY}/bulk_update_price_quantity", json={"requests": requests}, idempotent=True
        )
        return list((answer or {}).get("responses") or [])

    # -- orders -------------------------------------------------------------------------------------

    def orders_page(self, *, params: dict[str, Any]) -> dict[str, Any]:
        """GET /sell/fulfillment/v1/order (offset = orders to skip on this call)."""
        return self.call("GET", "/sell/fulfillment/v1/order", params=params) or {}

    # -- groups -------------------------------------------------------------------------------------

    def put_group(self, *, key: str, body: dict[str, Any], language: str) -> None:
        self.call("PUT", f"{INVENTORY}/inventory_item_group/{quote(key, safe='')}", json=body, language=language)

    def get_group(self, *, key: str) -> dict[str, Any]:
        return self.call("GET", f"{INVENTORY}/inventory_item_group/{quote(key, safe='')}", remote_id=key)

    def delete_group(self, *, key: str) -> None:
        self.call("DELETE", f"{INVENTORY}/inventory_item_group/{quote(key, safe='')}", remote_id=key)

    def publish_group(self, *, key: str, marketplace: str) -> str:
        body = {"inventoryItemGroupKey": key, "marketplaceId": marketplace}
        answer = self.call("POST", f"{INVENTORY}/offer/publish_by_inventory_item_group", json=body, idempotent=True)
        return str((answer or {}).get("listingId") or "")

    def withdraw_group(self, *, key: str, marketplace: str) -> None:
        """End the group's listing; RemoteObjectMissing when nothing of it is listed (already ended: a retry)."""
        body = {"inventoryItemGroupKey": key, "marketplaceId": marketplace}
        path = f"{INVENTORY}/offer/withdraw_by_inventory_item_group"
        self.call(
            "POST", path, json=body, idempotent=True, remote_id=key, missing_ids=frozenset({GROUP_OFFER_NOT_FOUND})
        )

    # -- Sell Feed API: the active-listings report (LMS_ACTIVE_INVENTORY_REPORT) ----------------------

    def create_inventory_task(self, *, marketplace: str, feed_type: str = ACTIVE_INVENTORY_REPORT) -> str:
        """POST inventory_task (202 without a body): the task id, the last segment of the `Location` header."""
        body = {"feedType": feed_type, "schemaVersion": FEED_SCHEMA_VERSION}
        for attempt in (1, 2):
            token = self.token_provider()
            self.session.add_secret(token)
            headers = {
                "Authorization": f"Bearer {token}",
                "Accept": "application/json",
                "Content-Type": "application/json",
                "X-EBAY-C-MARKETPLACE-ID": marketplace,
            }
            try:
                response = self.session.request(
                    "POST", f"{self.channel.api_url}{FEED}/inventory_task", json=body, headers=headers, idempotent=False
                )
            except AuthExpired:
                if attempt == 2:
                    raise
                refresh_user_token(channel=self.channel, session=self.session, force=True)
                continue
            self.session.raise_for_vendor_status(response)
            location = response.headers.get("Location") or ""
            task_id = location.rstrip("/").rsplit("/", 1)[-1] if "/inventory_task/" in location else ""
            if not task_id:
                raise InvalidVendorPayload(
                    "createInventoryTask: no task id in the Location header", raw_excerpt=location
                )
            return task_id
        raise AuthExpired("eBay refused the refreshed token.")

    def offers_of(self, *, sku: str) -> list[dict[str, Any]]:
        """GET offer?sku=: the SKU's offers in every marketplace and format (the import binds each view's)."""
        answer = self.call("GET", f"{INVENTORY}/offer", params={"sku": sku, "limit": 100}, remote_id=sku) or {}
        return list(answer.get("offers") or [])

    def inventory_task(self, *, task_id: str) -> dict[str, Any]:
        """GET inventory_task/{task_id}: {taskId, status, feedType, creationDate, completionDate, ...}."""
        return self.call("GET", f"{FEED}/inventory_task/{quote(task_id, safe='')}", remote_id=task_id) or {}

    def result_file(self, *, task_id: str) -> bytes:
        """GET task/{task_id}/download_result_file: the report's bytes (zip, gzip or plain XML)."""
        path = f"{FEED}/task/{quote(task_id, safe='')}/download_result_file"
        return self.call("GET", path, remote_id=task_id, raw=True)


def _responses(answer: Any, *, expected: int, call: str) -> list[dict[str, Any]]:
    responses = (answer or {}).get("responses") if isinstance(answer, dict) else None
    if not isinstance(responses, list) or len(responses) != expected:
        raise InvalidVendorPayload(f"{call}: expected {expected} responses", raw_excerpt=str(answer)[:500])
    return responses


def _api_of(path: str) -> tuple[str, str] | None:
    """(apiContext, apiName) of a call's path as Developer Analytics names them: sell, inventory for /sell/inventory."""
    parts = path.strip("/").split("/")
    if path.startswith(RATE_LIMITS) or len(parts) < 2:
        return None
    return parts[0].lower(), parts[1].lower()


def _quota_wait(*, api: tuple[str, str], reset: datetime) -> DailyQuotaUsed:
    wait = max(1.0, (reset - datetime.now(tz=UTC)).total_seconds())
    message = f"eBay's daily call quota for its {api[1]} API is used up: calls resume at {reset:%Y-%m-%d %H:%M} UTC."
    return DailyQuotaUsed(wait, message=message)


def _error_ids(response: Any) -> set[int]:
    """The errorIds of an eBay error answer (none when the body is not eBay's error shape)."""
    try:
        errors = response.json().get("errors") or []
    except (ValueError, AttributeError):
        return set()
    return {int(e["errorId"]) for e in errors if isinstance(e, dict) and str(e.get("errorId", "")).isdigit()}


def item_error(response: dict[str, Any]) -> SalesChannelError | None:
    """The failure of one bulk item (its eBay errors as messages; the revision limit a hold-back), or None."""
    status = int(response.get("statusCode") or 0)
    if 200 <= status < 300:
        return None
    errors = response.get("errors") or []
    if any(isinstance(e, dict) and e.get("errorId") == REVISION_LIMIT for e in errors):
        return held_back()
    messages = [f"{e.get('errorId')}: {e.get('message')}" for e in errors if isinstance(e, dict)]
    return VendorValidationError(messages or [f"HTTP {status} for this item"], status_code=status)


def existing_offer_id(response: dict[str, Any]) -> str:
    """The offerId eBay names when a create found an offer already there (errorId 25002), else ''."""
    for found in response.get("errors") or []:
        if isinstance(found, dict) and found.get("errorId") == OFFER_EXISTS:
            for parameter in found.get("parameters") or []:
                if parameter.get("name") == "offerId" and parameter.get("value"):
                    return str(parameter["value"])
    return ""
