"""The Amazon SP-API client: python-amazon-sp-api routed through the channel's one `VendorSession`.

How the SDK is wrapped (it uses httpx and keeps process-global state):

- transport: every SDK client gets `HttpxTransport(client=build_httpx_client(session))`, so its
  calls go through the shared throttle, retries, 429 handling, redaction and call log;
- endpoint: the SDK's `endpoint` attribute is set to the channel's (region or sandbox) URL;
- Login with Amazon: `channel_token_client(...)` builds an `AccessTokenClient` subclass whose
  `scheme`/`host` are the channel's LWA host and which keeps the access token **on the channel row**
  (encrypted, with its expiry) instead of the SDK's process-global TTL cache; it refreshes five
  minutes before the hour ends, and the code exchange adds the `redirect_uri` Amazon requires;
- usage plans: each operation claims from its own shared bucket (`<channel>:amazon:<operation>`)
  seeded with the documented rate and burst, and every answer's `x-amzn-RateLimit-Limit` feeds it;
- documents (feed uploads, result downloads, schemas) go through the session directly: the SDK
  would open a bare `httpx.Client()` for them.

SP-API answers an expired or revoked access token with 403 `Unauthorized`; the client forgets the
stored token and raises `AuthExpired`, so the task layer refreshes once and retries.
"""

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import quote

from django.utils import timezone
from sp_api.api import Feeds, ListingsItems, ProductTypeDefinitions, Sellers
from sp_api.api.orders.orders_2026_01_01 import OrdersV20260101
from sp_api.auth import AccessTokenClient, AccessTokenResponse
from sp_api.base import Marketplaces, SellingApiException
from sp_api.base._transport_httpx import HttpxTransport

from sales_channels.exceptions import (
    AuthExpired,
    InvalidVendorPayload,
    RemoteObjectMissing,
    SalesChannelError,
    VendorValidationError,
)
from sales_channels.http import VendorSession, parse_json
from sales_channels.http_httpx import build_httpx_client
from sales_channels.integrations.amazon.client_notifications import NotificationOperations
from sales_channels.integrations.amazon.client_reports import ReportOperations
from sales_channels.integrations.amazon.client_support import required
from sales_channels.integrations.amazon.models import AmazonSalesChannel
from sales_channels.throttle import Throttle

T = TypeVar("T")
REFRESH_MARGIN = timedelta(minutes=5)
# operation -> (requests per second, burst): the usage plans' defaults (vendor-facts 4.8).
USAGE_PLANS: dict[str, tuple[float, int]] = {
    "getMarketplaceParticipations": (0.016, 15),
    "searchDefinitionsProductTypes": (5.0, 10),
    "getDefinitionsProductType": (5.0, 10),
    "getListingsItem": (5.0, 10),
    "putListingsItem": (5.0, 10),
    "patchListingsItem": (5.0, 5),
    "deleteListingsItem": (5.0, 5),
    "searchListingsItems": (5.0, 5),
    "createFeedDocument": (0.5, 15),
    "createFeed": (0.0083, 15),
    "getFeed": (2.0, 15),
    "getFeedDocument": (0.0222, 10),
    "searchOrders": (0.0056, 20),
    "getListingsRestrictions": (5.0, 10),
    "createReport": (0.0167, 15),
    "getReport": (2.0, 15),
    "getReportDocument": (0.0167, 15),
    "getDestinations": (1.0, 5),
    "createDestination": (1.0, 5),
    "getSubscription": (1.0, 5),
    "createSubscription": (1.0, 5),
}
FEEDS = "/feeds/2021-06-30/feeds"
FEED_DOCUMENTS = "/feeds/2021-06-30/documents"
LISTINGS_INCLUDED = "summaries,attributes,issues,fulfillmentAvailability,relationships"


class AmazonAuthError(SalesChannelError):
    """Login with Amazon refused (bad client, code or refresh token); the message is safe to show."""


def channel_token_client(*, channel: AmazonSalesChannel, session: VendorSession) -> type[AccessTokenClient]:
    """An AccessTokenClient class for this channel: its LWA host, the shared session, tokens stored on the row."""
    scheme, _, host = channel.token_host.partition("://")

    class ChannelAccessTokenClient(AccessTokenClient):
        """Login with Amazon for one channel, through its VendorSession, caching on the channel row."""

        def __init__(self, refresh_token=None, credentials=None, proxies=None, verify=True) -> None:
            super().__init__(refresh_token=refresh_token, credentials=credentials, proxies=proxies, verify=verify)
            self._transport = HttpxTransport(client=build_httpx_client(session))
            self.redirect_uri = ""

        def _request(self, url, data, headers):
            try:
                response = self._transport.request("POST", url, data=data, headers=headers)
            except AuthExpired as error:  # LWA answers 401 only for the app's own credentials: not retryable
                raise AmazonAuthError(
                    "Login with Amazon refused the app's LWA client id or secret (Client authentication failed): "
                    "check them, or rotate the secret in Solution Provider Portal."
                ) from error
            try:
                answer = response.json()
            except ValueError as error:
                raise InvalidVendorPayload("Login with Amazon answered with something that is not JSON.") from error
            if response.status_code != 200:
                reason = answer.get("error_description") or answer.get("error") or f"HTTP {response.status_code}"
                raise AmazonAuthError(f"Login with Amazon refused: {reason}")
            session.add_secret(answer.get("access_token"))
            session.add_secret(answer.get("refresh_token"))
            return answer

        def get_auth(self) -> AccessTokenResponse:
            now = timezone.now()
            expires = channel.access_token_expires_at
            if channel.access_token and expires is not None and expires - REFRESH_MARGIN > now:
                left = int((expires - now).total_seconds())
                return AccessTokenResponse(access_token=channel.access_token, expires_in=left, token_type="bearer")
            answer = self._request(self.scheme + self.host + self.path, self.data, self.headers)
            store_access_token(channel=channel, answer=answer)
            return AccessTokenResponse(**answer)

        def _auth_code_request_body(self, auth_code):
            body = super()._auth_code_request_body(auth_code)
            return {**body, "redirect_uri": self.redirect_uri} if self.redirect_uri else body

    ChannelAccessTokenClient.scheme = f"{scheme}://"
    ChannelAccessTokenClient.host = host
    return ChannelAccessTokenClient


def store_access_token(*, channel: AmazonSalesChannel, answer: dict[str, Any]) -> None:
    """Keep a fresh access token (encrypted) with its expiry on the channel row."""
    channel.access_token = str(answer.get("access_token") or "")
    channel.access_token_expires_at = timezone.now() + timedelta(seconds=int(answer.get("expires_in") or 3600))
    if channel.pk:
        channel.save(update_fields=["access_token", "access_token_expires_at", "updated_at"])


def lwa_credentials(channel: AmazonSalesChannel) -> dict[str, str]:
    return {"lwa_app_id": channel.lwa_client_id, "lwa_client_secret": channel.lwa_client_secret}


def _vendor_messages(error: SellingApiException) -> list[str]:
    errors = error.error if isinstance(error.error, list) else [error.error]
    return [
        " ".join(part for part in (str(e.get("message", "")), str(e.get("details", ""))) if part).strip()
        if isinstance(e, dict)
        else str(e)
        for e in errors
    ]


def _paged(answer) -> dict[str, Any]:
    """A paged answer as Amazon sent it: the SDK moves `pagination` out of the payload onto the response."""
    found = dict(answer.payload or {})
    if answer.pagination:
        found["pagination"] = answer.pagination
    return found


class AmazonClient(ReportOperations, NotificationOperations):
    """One channel's SP-API operations, each through the SDK on the shared session and its usage plan."""

    def __init__(self, *, channel: AmazonSalesChannel, session: VendorSession) -> None:
        self.channel = channel
        self.session = session
        self.token_client = channel_token_client(channel=channel, session=session)
        self._throttles: dict[str, Throttle] = {}

    # -- plumbing -----------------------------------------------------------------------------------

    def api(self, api_class: type[T], *, marketplace_id: str | None = None) -> T:
        """An SDK client on the shared session, pointed at the channel's endpoint and marketplace."""
        client = api_class(
            Marketplaces.US,
            refresh_token=self.channel.refresh_token,
            credentials=lwa_credentials(self.channel),
            auth_token_client_class=self.token_client,
        )
        client.endpoint = self.channel.api_url
        client._transport = HttpxTransport(client=build_httpx_client(self.session))
        if marketplace_id:
            client.marketplace_id = marketplace_id
        return client

    def throttle(self, operation: str) -> Throttle:
        """The shared bucket of one operation (seeded with its usage plan)."""
        if operation not in self._throttles:
            rate, burst = USAGE_PLANS[operation]
            key = f"{self.channel.throttle_key}:amazon:{operation}"
            self._throttles[operation] = Throttle(key, capacity=burst, refill_per_second=rate)
        return self._throttles[operation]

    def call(self, operation: str, run: Callable[[], T], *, idempotent: bool | None = None) -> T:
        """Run one SDK call under its operation's plan; SP-API errors become framework errors.

        An expired or revoked access token is refreshed once at once (the refresh token is still good)
        and the call repeated; a second refusal raises AuthExpired for the task layer.
        """
        throttle = self.throttle(operation)
        for attempt in (1, 2):
            try:
                with self.session.call_options(throttle=throttle, idempotent=idempotent):
                    answer = run()
            except SellingApiException as error:
                self._feed(throttle, error.headers)
                translated = self._translate(error)
                if isinstance(translated, AuthExpired) and attempt == 1:
                    continue
                raise translated from error
            self._feed(throttle, getattr(answer, "headers", None))
            return answer
        raise AssertionError("unreachable: the second attempt returns or raises")

    def _feed(self, throttle: Throttle, headers: Any) -> None:
        limit = (headers or {}).get("x-amzn-RateLimit-Limit") if headers is not None else None
        try:
            rate = float(limit) if limit else 0.0
        except ValueError:
            return
        if rate > 0 and abs(rate - throttle.refill_per_second) > 1e-9:
            throttle.feed(refill_per_second=rate)
            throttle.refill_per_second = rate

    def _translate(self, error: SellingApiException) -> SalesChannelError:
        messages = _vendor_messages(error)
        if error.code == 403 and any("access token" in message.lower() for message in messages):
            AmazonSalesChannel.objects.filter(pk=self.channel.pk).update(access_token="", access_token_expires_at=None)
            self.channel.access_token, self.channel.access_token_expires_at = "", None
            return AuthExpired("; ".join(messages))
        if error.code == 404:
            return RemoteObjectMissing("; ".join(messages))
        return VendorValidationError(messages, status_code=error.code)

    def fetch_json(self, url: str) -> Any:
        """A document from a presigned or schema URL, through the session (no SP-API token sent)."""
        response = self.session.get(url)
        if response.status_code != 200:
            raise InvalidVendorPayload(f"The document download answered HTTP {response.status_code}.")
        return parse_json(response)

    # -- Sellers, Product Type Definitions ---------------------------------------------------------

    def marketplace_participations(self) -> list[dict[str, Any]]:
        answer = self.call("getMarketplaceParticipations", lambda: self.api(Sellers).get_marketplace_participation())
        return list(answer.payload or [])

    def search_product_types(self, *, marketplace_id: str, keywords: str = "") -> list[dict[str, Any]]:
        params = {"marketplaceIds": marketplace_id, **({"keywords": keywords} if keywords else {})}
        api = self.api(ProductTypeDefinitions, marketplace_id=marketplace_id)
        answer = self.call("searchDefinitionsProductTypes", lambda: api.search_definitions_product_types(**params))
        return list((answer.payload or {}).get("productTypes", []))

    def product_type_definition(self, *, product_type: str, marketplace_id: str, locale: str) -> dict[str, Any]:
        api = self.api(ProductTypeDefinitions, marketplace_id=marketplace_id)
        params = {
            "marketplaceIds": marketplace_id,
            "requirements": "LISTING",
            "productTypeVersion": "LATEST",
            "locale": locale,
            "sellerId": self.channel.selling_partner_id,
        }
        answer = self.call(
            "getDefinitionsProductType", lambda: api.get_definitions_product_type(product_type, **params)
        )
        return dict(answer.payload or {})

    # -- Listings Items 2021-08-01 -----------------------------------------------------------------

    def _listings(self, marketplace_id: str) -> ListingsItems:
        return self.api(ListingsItems, marketplace_id=marketplace_id)

    def get_listing(self, *, sku: str, marketplace_id: str, included: str = LISTINGS_INCLUDED) -> dict | None:
        api = self._listings(marketplace_id)
        params = {"marketplaceIds": marketplace_id, "includedData": included}
        try:
            answer = self.call(
                "getListingsItem", lambda: api.get_listings_item(self.channel.selling_partner_id, sku, **params)
            )
        except RemoteObjectMissing:
            return None
        return dict(answer.payload or {})

    def put_listing(self, *, sku: str, marketplace_id: str, body: dict, preview: bool = False) -> dict[str, Any]:
        """Create or fully replace a listing (VALIDATION_PREVIEW: only validate)."""
        params: dict[str, Any] = {"marketplaceIds": marketplace_id, "includedData": "issues"}
        if preview:
            params["mode"] = "VALIDATION_PREVIEW"
        return self._raw("putListingsItem", "PUT", self._item_path(sku), params=params, body=body)

    def patch_listing(self, *, sku: str, marketplace_id: str, body: dict) -> dict[str, Any]:
        """Top-level attribute patches; a PATCH of the same values twice ends in the same state (idempotent)."""
        api = self._listings(marketplace_id)
        params = {"marketplaceIds": marketplace_id, "body": body, "includedData": "issues"}
        answer = self.call(
            "patchListingsItem",
            lambda: api.patch_listings_item(self.channel.selling_partner_id, sku, **params),
            idempotent=True,
        )
        return dict(answer.payload or {})

    def delete_listing(self, *, sku: str, marketplace_id: str) -> dict[str, Any]:
        params = {"marketplaceIds": marketplace_id}
        return self._raw("deleteListingsItem", "DELETE", self._item_path(sku), params=params, body=None)

    def _item_path(self, sku: str) -> str:
        return f"/listings/2021-08-01/items/{quote(self.channel.selling_partner_id, safe='')}/{quote(sku, safe='')}"

    def _raw(self, operation: str, method: str, path: str, *, params: dict, body: dict | None) -> dict[str, Any]:
        """An SDK request without its marketplace defaults (its PUT/POST would copy marketplaceIds into the body)."""
        api = self.api(ListingsItems)
        answer = self.call(  # fresh dicts per attempt: the SDK pops "method" out of them
            operation,
            lambda: api._request(
                path, data={**(body or {}), "method": method}, params=dict(params), add_marketplace=False
            ),
        )
        return dict(answer.payload or {})

    def search_listings(
        self,
        *,
        marketplace_id: str,
        page_token: str = "",
        page_size: int = 20,
        skus: list[str] | None = None,
        variation_parent_sku: str = "",
    ) -> dict[str, Any]:
        api = self._listings(marketplace_id)
        params: dict[str, Any] = {
            "marketplaceIds": marketplace_id,
            "includedData": LISTINGS_INCLUDED,
            "pageSize": page_size,
        }
        if page_token:
            params["pageToken"] = page_token
        if skus:
            params.update(identifiers=",".join(skus), identifiersType="SKU")
        if variation_parent_sku:
            params["variationParentSku"] = variation_parent_sku
        answer = self.call(
            "searchListingsItems", lambda: api.search_listings_items(self.channel.selling_partner_id, **params)
        )
        return _paged(answer)

    # -- Feeds 2021-06-30 --------------------------------------------------------------------------

    def submit_listings_feed(self, *, marketplace_id: str, document: dict[str, Any]) -> str:
        """createFeedDocument, upload, createFeed(JSON_LISTINGS_FEED); the feed id."""
        api = self.api(Feeds, marketplace_id=marketplace_id)
        # The SDK's create_feed_document/create_feed copy their routing kwargs into the JSON body: build it here.
        document_body = {"method": "POST", "contentType": "application/json; charset=UTF-8"}
        created = self.call(
            "createFeedDocument", lambda: api._request(FEED_DOCUMENTS, data=dict(document_body), add_marketplace=False)
        )
        payload = required(created, "createFeedDocument", "url", "feedDocumentId")
        upload = self.session.put(
            payload["url"],
            data=json.dumps(document).encode(),
            headers={"Content-Type": "application/json; charset=UTF-8"},
        )
        if not 200 <= upload.status_code < 300:
            raise InvalidVendorPayload(f"The feed document upload answered HTTP {upload.status_code}.")
        feed_body = {
            "method": "POST",
            "feedType": "JSON_LISTINGS_FEED",
            "marketplaceIds": [marketplace_id],
            "inputFeedDocumentId": payload["feedDocumentId"],
        }
        feed = self.call("createFeed", lambda: api._request(FEEDS, data=dict(feed_body), add_marketplace=False))
        return str(required(feed, "createFeed", "feedId")["feedId"])

    def get_feed(self, *, feed_id: str) -> dict[str, Any]:
        api = self.api(Feeds)
        return required(self.call("getFeed", lambda: api.get_feed(feed_id)), "getFeed", "processingStatus")

    def feed_report(self, *, document_id: str) -> dict[str, Any]:
        """The processing report of a finished feed (getFeedDocument, then its URL)."""
        api = self.api(Feeds)
        path = f"{FEED_DOCUMENTS}/{document_id}"
        link = self.call("getFeedDocument", lambda: api._request(path, add_marketplace=False))
        report = self.fetch_json(required(link, "getFeedDocument", "url")["url"])
        if not isinstance(report, dict):
            raise InvalidVendorPayload("The feed processing report is not a JSON object.")
        return report

    # -- Orders 2026-01-01 -------------------------------------------------------------------------

    def search_orders(
        self, *, marketplace_ids: list[str], last_updated_after: str, page_token: str = "", page_size: int = 50
    ) -> dict[str, Any]:
        """searchOrders (0.0056 requests/s, burst 20): orders changed since `last_updated_after`, one page."""
        api = self.api(OrdersV20260101)  # the SDK's `Orders` defaults to v0
        params: dict[str, Any] = {
            "marketplaceIds": ",".join(marketplace_ids),
            "lastUpdatedAfter": last_updated_after,
            "maxResultsPerPage": page_size,
        }
        if page_token:
            params["paginationToken"] = page_token
        return _paged(self.call("searchOrders", lambda: api.search_orders(**params)))
