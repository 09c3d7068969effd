"""Magento2Client: Magento's admin REST API over the framework's shared vendor session.

Requests are signed with OAuth 1.0a (HMAC-SHA256) by `requests-oauthlib` from the integration's
consumer key and secret and access token and secret; a retried attempt is signed again (a fresh
nonce and timestamp: Magento refuses a nonce it has seen). With `auth_method="bearer"` the access
token goes as a Bearer token instead (stores that allow it since 2.4.4).

Scopes: global values go through `/rest/all/V1/...`; a store view's own values (its language)
through `/rest/<store code>/V1/...`; never `/rest/default/...` for global data (it writes
store-view rows REST cannot undo). Bulk writes go through `/rest/all/async/bulk/V1/...`.

Errors: a 401 names the credential Magento refused (`Magento2CredentialsRefused`); a 400 is a
`VendorValidationError` with Magento's message rendered (`%1` and `%name` filled in); a 404 a
`RemoteObjectMissing`; 429/503 and 5xx go through the session's throttle and retries.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from requests import PreparedRequest, Response  # noqa: TID251 - types and the auth hook only; calls go through VendorSession
from requests.auth import AuthBase  # noqa: TID251 - the Bearer auth hook for the shared session
from requests_oauthlib import OAuth1

from sales_channels.exceptions import AuthExpired, RemoteObjectMissing, VendorValidationError
from sales_channels.http import VendorSession

ALL = "all"
MAX_PAGE_SIZE = 300
UNKNOWN_CONSUMER = "consumer having the specified key does not exist"
UNKNOWN_TOKEN = "token does not exist"
BAD_SIGNATURE = "signature is invalid"
NOT_AUTHORIZED = "isn't authorized to access"


class Magento2CredentialsRefused(AuthExpired):
    """Magento answered 401; the message says which credential it refused and what to do."""


@dataclass(frozen=True)
class Credentials:
    """An integration's four OAuth values (consumer key and secret, access token and secret)."""

    consumer_key: str
    consumer_secret: str
    access_token: str
    access_token_secret: str


@dataclass(frozen=True)
class BulkAccepted:
    """Magento's answer to an async bulk request: its uuid and the items it rejected at once (index -> message)."""

    bulk_uuid: str
    rejected: dict[int, str]


class BearerAuth(AuthBase):
    """`Authorization: Bearer <access token>` (only where the store allows standalone Bearer tokens)."""

    def __init__(self, token: str) -> None:
        self.token = token

    def __call__(self, request: PreparedRequest) -> PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


def render(message: str, parameters: Any) -> str:
    """Magento's message template with its parameters filled in (`%1`... or `%name`)."""
    text = str(message or "")
    if isinstance(parameters, dict):
        for name, value in parameters.items():
            text = text.replace(f"%{name}", str(value))
    elif isinstance(parameters, list):
        for index, value in enumerate(parameters, start=1):
            text = text.replace(f"%{index}", str(value))
    return text


def explain_refusal(*, vendor_message: str, bearer: bool) -> str:
    """Which credential Magento refused, in words a merchant can act on."""
    try:
        message = str(json.loads(vendor_message).get("message") or "")
    except (ValueError, AttributeError):
        message = ""
    lowered = message.lower()
    if UNKNOWN_CONSUMER in lowered:
        return "Magento does not know this consumer key: copy the integration's consumer key again."
    if UNKNOWN_TOKEN in lowered:
        return "Magento does not know this access token: copy the integration's access token again (or reauthorize it)."
    if BAD_SIGNATURE in lowered:
        return "Magento refused the signature: the consumer secret or the access token secret is wrong."
    if NOT_AUTHORIZED in lowered and bearer:
        return (
            "Magento refused the access token as a Bearer token: enable Stores > Configuration > Services > OAuth > "
            "'Allow OAuth Access Tokens to be used as standalone Bearer tokens', or connect with OAuth 1.0a signing."
        )
    if NOT_AUTHORIZED in lowered:
        return "The integration may not use this API: give it access to the Catalog, Stores and Sales resources."
    return f"Magento refused the credentials (HTTP 401){': ' + message if message else ''}."


class Magento2Client:
    """One typed method per Magento operation the integration uses, over the channel's `VendorSession`."""

    def __init__(
        self, *, base_url: str, session: VendorSession, credentials: Credentials, bearer: bool = False
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = session
        self.bearer = bearer
        if bearer:
            self.auth: AuthBase = BearerAuth(credentials.access_token)
        else:
            self.auth = OAuth1(
                credentials.consumer_key,
                client_secret=credentials.consumer_secret,
                resource_owner_key=credentials.access_token,
                resource_owner_secret=credentials.access_token_secret,
                signature_method="HMAC-SHA256",
            )
        for secret in (credentials.consumer_secret, credentials.access_token, credentials.access_token_secret):
            session.add_secret(secret)

    # -- transport ------------------------------------------------------------------------------

    def url(self, route: str, *, scope: str = ALL, bulk: bool = False) -> str:
        prefix = "async/bulk/V1" if bulk else "V1"
        return f"{self.base_url}/rest/{scope}/{prefix}/{route.lstrip('/')}"

    def _sign_again(self, request: PreparedRequest, attempt: int) -> None:
        """Sign a retried attempt again: Magento refuses a replayed OAuth nonce."""
        request.headers.pop("Authorization", None)
        self.auth(request)

    def request(
        self,
        method: str,
        route: str,
        *,
        scope: str = ALL,
        params: Any = None,
        body: Any = None,
        bulk: bool = False,
        remote_id: str | None = None,
    ) -> Any:
        """One REST call; the decoded answer (an object, array, string, number or boolean)."""
        try:
            response = self.session.request(
                method,
                self.url(route, scope=scope, bulk=bulk),
                params=params,
                json=body,
                auth=self.auth,
                prepare_attempt=self._sign_again,
            )
        except AuthExpired as error:
            vendor_message = error.vendor_message
            raise Magento2CredentialsRefused(
                explain_refusal(vendor_message=vendor_message, bearer=self.bearer)
            ) from error
        if response.status_code >= 400:
            self._raise(response, remote_id=remote_id)
        try:
            return json.loads(response.content)
        except ValueError:
            return self.session.parse_json(response)  # raises the unreadable-answer error of a read or a write

    def _raise(self, response: Response, *, remote_id: str | None) -> None:
        status = response.status_code
        if status in (400, 404):
            try:
                data = json.loads(response.content)
            except ValueError:
                data = None
            if isinstance(data, dict) and data.get("message"):
                text = self.session.redactor.text(render(data["message"], data.get("parameters")))
                if status == 404:
                    raise RemoteObjectMissing(text, remote_id=remote_id)
                raise VendorValidationError([text], status_code=status)
        self.session.raise_for_vendor_status(response, remote_id=remote_id)

    def get(self, route: str, **kwargs: Any) -> Any:
        return self.request("GET", route, **kwargs)

    def post(self, route: str, **kwargs: Any) -> Any:
        return self.request("POST", route, **kwargs)

    def put(self, route: str, **kwargs: Any) -> Any:
        return self.request("PUT", route, **kwargs)

    def delete(self, route: str, **kwargs: Any) -> Any:
        return self.request("DELETE", route, **kwargs)

    # -- searchCriteria -------------------------------------------------------------------------

    @staticmethod
    def criteria(
        *,
        filters: list[list[tuple[str, str, str]]] = (),
        page: int | None = None,
        page_size: int | None = None,
        sort: str | None = None,
    ) -> dict[str, Any]:
        """searchCriteria query parameters: `filters` is a list of groups (AND) of (field, value, condition) (OR)."""
        params: dict[str, Any] = {}
        for group_index, group in enumerate(filters):
            for filter_index, (field, value, condition) in enumerate(group):
                prefix = f"searchCriteria[filterGroups][{group_index}][filters][{filter_index}]"
                params[f"{prefix}[field]"] = field
                params[f"{prefix}[value]"] = value
                params[f"{prefix}[conditionType]"] = condition
        if sort:
            params["searchCriteria[sortOrders][0][field]"] = sort
            params["searchCriteria[sortOrders][0][direction]"] = "ASC"
        if page_size is not None:
            params["searchCriteria[pageSize]"] = min(page_size, MAX_PAGE_SIZE)
            params["searchCriteria[currentPage]"] = page or 1
        return params

    def search_page(
        self, route: str, *, page: int, page_size: int, filters=(), sort: str | None = None, scope: str = ALL
    ) -> tuple[list[dict], int]:
        """(items, total_count) of one page; callers stop on total_count (a page past the end repeats the last)."""
        answer = self.get(
            route, scope=scope, params=self.criteria(filters=filters, page=page, page_size=page_size, sort=sort)
        )
        if not isinstance(answer, dict) or not isinstance(answer.get("items"), list):
            raise VendorValidationError([f"{route}: the search answer has no items list"])
        return answer["items"], int(answer.get("total_count") or 0)

    def search_all(
        self, route: str, *, page_size: int = 100, filters=(), sort: str | None = None, scope: str = ALL
    ) -> Iterator[dict]:
        """Every item of a search, page by page, stopping on total_count."""
        page = 1
        while True:
            items, total = self.search_page(
                route, page=page, page_size=page_size, filters=filters, sort=sort, scope=scope
            )
            yield from items
            if page * page_size >= total or not items:
                return
            page += 1

    # -- async bulk -----------------------------------------------------------------------------

    def submit_bulk(
        self, route: str, *, items: list[dict[str, Any]], method: str = "POST", scope: str = ALL
    ) -> BulkAccepted:
        """POST (or PUT/DELETE) an async bulk request; the items Magento rejected at once are named by index."""
        answer = self.request(method, route, scope=scope, body=items, bulk=True)
        if not isinstance(answer, dict) or not answer.get("bulk_uuid"):
            raise VendorValidationError([f"async bulk {route}: the answer has no bulk_uuid"])
        rejected = {
            int(item.get("id", index)): str(item.get("error_message") or "rejected")
            for index, item in enumerate(answer.get("request_items") or [])
            if item.get("status") == "rejected"
        }
        return BulkAccepted(bulk_uuid=str(answer["bulk_uuid"]), rejected=rejected)
