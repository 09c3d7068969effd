"""WooCommerceClient: typed calls to one store's wc/v3 REST API, made with the `woocommerce` package.

`woocommerce.API` builds the URLs and signs them (OAuth 1.0a one-legged on plain-HTTP stores,
Basic auth with the key pair on HTTPS stores), but sends with the module-level `requests.request`.
`SessionAPI` overrides that one private send method (`_API__request`, the name-mangled
`__request`) so the package's URL and signature are kept and the request goes through the
channel's `VendorSession` (throttle, retries, redaction, call log). Nothing process-global is
patched. (The package sends OAuth parameters twice, in the URL and as `params`; we send them once.)
A retried OAuth request is signed again (`prepare_attempt`): the store refuses a nonce it has seen.
"""

from typing import Any

from woocommerce import API

from sales_channels.exceptions import AuthExpired, InvalidVendorPayload
from sales_channels.http import VendorSession
from sales_channels.vendor_answers import raise_for_vendor_status

API_VERSION = "wc/v3"
PAGE_SIZE = 100  # WordPress caps per_page at 100
BATCH_LIMIT = 100  # create + update + delete together
KEY_REFUSED = (
    "The store refused the API key (HTTP 401): it was revoked, lost its permissions or its WordPress user was "
    "deleted. Connect the channel again with a new key."
)


class SessionAPI(API):
    """`woocommerce.API` whose requests go through a VendorSession instead of `requests.request`."""

    def __init__(self, *, url: str, consumer_key: str, consumer_secret: str, session: VendorSession) -> None:
        super().__init__(url=url, consumer_key=consumer_key, consumer_secret=consumer_secret, version=API_VERSION)
        self.vendor_session = session

    def _API__request(self, method: str, endpoint: str, data: Any, params: dict | None = None, **kwargs: Any) -> Any:
        params = dict(params or {})
        url = self._API__get_url(endpoint)
        auth = None
        resign = None
        if self.is_ssl:
            auth = (self.consumer_key, self.consumer_secret)  # HTTP Basic
        else:
            query = "&".join(f"{key}={value}" for key, value in params.items())
            unsigned = f"{url}?{query}" if query else url
            url = self._API__get_oauth_url(unsigned, method)
            params = {}

            def resign(request, attempt: int) -> None:
                """A retry carries a fresh timestamp and nonce: the store refuses a nonce it has seen."""
                request.url = self._API__get_oauth_url(unsigned, method)

        headers = {"user-agent": self.user_agent, "accept": "application/json"}
        try:
            return self.vendor_session.request(
                method, url, params=params, auth=auth, json=data, headers=headers, prepare_attempt=resign, **kwargs
            )
        except AuthExpired as error:
            raise AuthExpired(KEY_REFUSED) from error


class WooCommerceClient:
    """One method per store operation; non-2xx answers raise the framework's vendor errors."""

    def __init__(self, *, store_url: str, consumer_key: str, consumer_secret: str, session: VendorSession) -> None:
        self.session = session
        self.api = SessionAPI(
            url=store_url, consumer_key=consumer_key, consumer_secret=consumer_secret, session=session
        )

    # -- plumbing --------------------------------------------------------------------------------

    def _answer(self, response: Any, *, remote_id: str | None = None) -> Any:
        raise_for_vendor_status(response, redactor=self.session.redactor, remote_id=remote_id)
        return self.session.parse_json(response)

    def get(self, endpoint: str, **params: Any) -> Any:
        return self._answer(self.api.get(endpoint, params=params))

    def page(self, endpoint: str, *, page: int, **params: Any) -> tuple[list[dict], int, int]:
        """(items, total, total pages) of one page of a collection, newest ids last."""
        response = self.api.get(endpoint, params={"per_page": PAGE_SIZE, "page": page, **params})
        items = self._answer(response)
        if not isinstance(items, list):
            raise InvalidVendorPayload(f"GET {endpoint} answered {type(items).__name__}, expected a list")
        total = int(response.headers.get("X-WP-Total") or len(items))
        pages = int(response.headers.get("X-WP-TotalPages") or 1)
        return items, total, pages

    def all_pages(self, endpoint: str, **params: Any) -> list[dict]:
        page, found = 1, []
        while True:
            items, _, pages = self.page(endpoint, page=page, **params)
            found += items
            if page >= pages:
                return found
            page += 1

    def batch(self, endpoint: str, *, create: list[dict], update: list[dict], delete: list[int]) -> dict[str, list]:
        """One `.../batch` call: at most 100 items over the three lists (the caller chunks)."""
        if len(create) + len(update) + len(delete) > BATCH_LIMIT:
            raise ValueError(f"a WooCommerce batch holds at most {BATCH_LIMIT} items in total")
        body = {name: items for name, items in (("create", create), ("update", update), ("delete", delete)) if items}
        answer = self._answer(self.api.post(endpoint, body))
        if not isinstance(answer, dict):
            raise InvalidVendorPayload(f"POST {endpoint} answered {type(answer).__name__}, expected an object")
        return answer

    # -- store metadata --------------------------------------------------------------------------

    def system_status(self) -> dict:
        return self.get("system_status")

    def settings(self, group: str) -> dict[str, Any]:
        """A settings group as id -> value."""
        return {row["id"]: row.get("value") for row in self.get(f"settings/{group}")}

    def current_currency(self) -> dict:
        return self.get("data/currencies/current")

    def tax_classes(self) -> list[dict]:
        return self.get("taxes/classes")

    # -- products --------------------------------------------------------------------------------

    def products_batch(self, *, create: list[dict], update: list[dict], delete: list[int]) -> dict[str, list]:
        return self.batch("products/batch", create=create, update=update, delete=delete)

    def variations_batch(self, *, product_id: str, create: list[dict], update: list[dict], delete: list[int]) -> dict:
        return self.batch(f"products/{product_id}/variations/batch", create=create, update=update, delete=delete)

    def products_by_sku(self, *, skus: list[str]) -> dict[str, str]:
        """Remote ids of the products holding these SKUs (one call per 100 SKUs)."""
        found: dict[str, str] = {}
        for start in range(0, len(skus), PAGE_SIZE):
            chunk = [sku for sku in skus[start : start + PAGE_SIZE] if sku]
            if chunk:
                items, _, _ = self.page("products", page=1, sku=",".join(chunk))
                found.update({item["sku"]: str(item["id"]) for item in items if item.get("sku")})
        return found

    def delete_product(self, *, product_id: str) -> None:
        self._answer(self.api.delete(f"products/{product_id}", params={"force": "true"}), remote_id=product_id)

    def delete_variation(self, *, product_id: str, variation_id: str) -> None:
        response = self.api.delete(f"products/{product_id}/variations/{variation_id}", params={"force": "true"})
        self._answer(response, remote_id=variation_id)

    # -- attributes ------------------------------------------------------------------------------

    def attributes(self) -> list[dict]:
        return self.get("products/attributes")

    def create_attribute(self, *, name: str) -> dict:
        return self._answer(self.api.post("products/attributes", {"name": name, "type": "select"}))

    def terms(self, *, attribute_id: str) -> list[dict]:
        return self.all_pages(f"products/attributes/{attribute_id}/terms")

    def create_terms(self, *, attribute_id: str, names: list[str]) -> dict:
        return self.batch(
            f"products/attributes/{attribute_id}/terms/batch", create=[{"name": n} for n in names], update=[], delete=[]
        )

    # -- webhooks --------------------------------------------------------------------------------

    def webhooks(self) -> list[dict]:
        return self.all_pages("webhooks")

    def create_webhook(self, *, topic: str, delivery_url: str, secret: str) -> dict:
        body = {"name": f"OneSila {topic}", "topic": topic, "delivery_url": delivery_url, "secret": secret}
        return self._answer(self.api.post("webhooks", body))
