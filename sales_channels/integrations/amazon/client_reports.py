"""The SP-API operations of imports and pre-create checks: Reports 2021-06-30 and Listings Restrictions 2021-08-01.

`AmazonClient` mixes this in; every call goes through its `call` (usage plan per operation, errors
translated) and `api` (the SDK on the shared session). Request bodies are built here: the SDK's
`create_report` would copy its routing keywords into the JSON body. Report documents are fetched
through the session (the SDK would open a bare httpx client) and decompressed when Amazon says GZIP.
"""

import gzip
from typing import Any
from urllib.parse import quote

from sp_api.api import ListingsRestrictions, Reports

from sales_channels.exceptions import InvalidVendorPayload
from sales_channels.integrations.amazon.client_support import required

REPORTS = "/reports/2021-06-30/reports"
REPORT_DOCUMENTS = "/reports/2021-06-30/documents"
RESTRICTIONS = "/listings/2021-08-01/restrictions"


class ReportOperations:
    """createReport, getReport, getReportDocument (and the download), getListingsRestrictions."""

    def create_report(self, *, report_type: str, marketplace_ids: list[str]) -> str:
        """Request a report; its id (processing starts at Amazon, poll `get_report`)."""
        api = self.api(Reports)
        body = {"method": "POST", "reportType": report_type, "marketplaceIds": list(marketplace_ids)}
        answer = self.call("createReport", lambda: api._request(REPORTS, data=dict(body), add_marketplace=False))
        return str(required(answer, "createReport", "reportId")["reportId"])

    def get_report(self, *, report_id: str) -> dict[str, Any]:
        """The report's processing status (IN_QUEUE, IN_PROGRESS, DONE, CANCELLED, FATAL) and document id."""
        api = self.api(Reports)
        path = f"{REPORTS}/{quote(report_id, safe='')}"
        answer = self.call("getReport", lambda: api._request(path, params={}, add_marketplace=False))
        return required(answer, "getReport", "processingStatus")

    def report_document(self, *, document_id: str) -> bytes:
        """A finished report's content (getReportDocument, then its URL), decompressed."""
        api = self.api(Reports)
        path = f"{REPORT_DOCUMENTS}/{quote(document_id, safe='')}"
        link = required(
            self.call("getReportDocument", lambda: api._request(path, add_marketplace=False)),
            "getReportDocument",
            "url",
        )
        response = self.session.get(link["url"])
        if response.status_code != 200:
            raise InvalidVendorPayload(f"The report document download answered HTTP {response.status_code}.")
        content = response.content
        if link.get("compressionAlgorithm") == "GZIP":
            try:
                content = gzip.decompress(content)
            except (OSError, EOFError) as error:
                raise InvalidVendorPayload("The report document is not the GZIP file Amazon announced.") from error
        return content

    def listings_restrictions(self, *, asin: str, condition_type: str, marketplace_id: str) -> list[dict[str, Any]]:
        """The restrictions on listing this ASIN in this condition (empty: the seller may list it)."""
        api = self.api(ListingsRestrictions, marketplace_id=marketplace_id)
        params = {
            "asin": asin,
            "sellerId": self.channel.selling_partner_id,
            "marketplaceIds": marketplace_id,
            **({"conditionType": condition_type} if condition_type else {}),
        }
        answer = self.call(
            "getListingsRestrictions", lambda: api._request(RESTRICTIONS, params=dict(params), add_marketplace=False)
        )
        return list((answer.payload or {}).get("restrictions") or [])
