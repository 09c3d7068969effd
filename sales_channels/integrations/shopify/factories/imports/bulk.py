"""The catalog import of a large shop through one Shopify bulk query (kind "products_bulk").

Resumable in three cursor states, each saved by the framework after its page:
1. no cursor: BulkOperationRunQuery starts the bulk query and records it as the framework's
   `RemoteJob` (kind "products_bulk"); the cursor becomes {"operation": gid, "offset": 0};
2. polling: the job is polled by `ShopifyBulkQueryJob` (CurrentBulkOperation), by deferral: the
   framework's job runner schedules the polls, and a run of the import polls it once more. While
   CREATED/RUNNING the import waits (`AwaitingRemoteJob`: pending, resumed when the job ends, no
   worker sleeping); FAILED/CANCELED/EXPIRED fails the job and the import with Shopify's status
   and errorCode;
3. COMPLETED: the job's result holds the file URL; the JSONL file is downloaded once per run
   through the channel's VendorSession, products are reassembled with their variants,
   metafields and media (child lines carry `__parentId`), and served `page_size` at a time from
   `offset`, each page completed with its stock (InventoryLevelsByItems) and imported by the same
   item step as the paginated import.
"""

import json
from typing import Any, ClassVar
from urllib.parse import urlsplit

from sales_channels.exceptions import InvalidVendorPayload, RateLimited, VendorValidationError
from sales_channels.factories.imports import Page
from sales_channels.factories.jobs import (
    COMPLETED,
    FAILED,
    RUNNING,
    AwaitingRemoteJob,
    JobState,
    RemoteJobHandler,
    import_job,
    refresh_job,
    submit_import_job,
)
from sales_channels.integrations.shopify.client import raise_user_errors
from sales_channels.integrations.shopify.factories.imports.products import ShopifyProductsImport

POLL_SECONDS = 10.0
IN_PROGRESS_SECONDS = 60.0
BULK_PAGE_SIZE = 50
PENDING = ("CREATED", "RUNNING")
# Child lines of a product by the kind in their gid, and the product field they rebuild.
CHILD_FIELDS = {
    "ProductVariant": "variants",
    "Metafield": "metafields",
    "MediaImage": "media",
    "Video": "media",
    "ExternalVideo": "media",
    "Model3d": "media",
}

# The ImportedProduct fragment of ProductsPage in bulk form: connections without `first`
# (the bulk operation pages them), 4 connections, nested one level (Shopify allows 5 and 2).
BULK_PRODUCTS_QUERY = """
{
  products {
    edges {
      node {
        id
        handle
        title
        descriptionHtml
        status
        vendor
        productType
        tags
        updatedAt
        options { id name position optionValues { id name } }
        variants {
          edges {
            node {
              id
              title
              position
              barcode
              price
              compareAtPrice
              inventoryPolicy
              selectedOptions { name value }
              inventoryItem { id sku tracked }
            }
          }
        }
        metafields {
          edges { node { id namespace key type value compareDigest } }
        }
        media {
          edges {
            node {
              id
              alt
              mediaContentType
              status
              ... on MediaImage { image { url altText width height } }
            }
          }
        }
      }
    }
  }
}
"""


def _gid_kind(value: Any) -> str:
    parts = value.split("/") if isinstance(value, str) else []
    return parts[3] if len(parts) > 4 and value.startswith("gid://shopify/") else ""


def parse_jsonl(text: str) -> list[dict[str, Any]]:
    """The objects of a bulk result file, one JSON object a line (blank lines ignored).

    A line that is not a JSON object becomes a placeholder record `{"__error__": ..., "__line__": n,
    "raw": ...}`: the import keeps it as an item error with the raw line and imports the rest.
    """
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            decoded = json.loads(line)
        except ValueError:
            decoded, problem = None, f"bulk result line {number} is not JSON"
        else:
            problem = f"bulk result line {number} is not an object"
        if not isinstance(decoded, dict):
            lines.append({"__error__": problem, "__line__": number, "raw": line[:2000]})
            continue
        lines.append(decoded)
    return lines


def reassemble_products(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Product nodes shaped like ProductsPage's: children (by `__parentId`) back into their connections."""
    products: dict[str, dict[str, Any]] = {}
    children: list[dict[str, Any]] = []
    broken = [line for line in lines if "__error__" in line]
    for line in lines:
        if "__error__" in line:
            continue
        if "__parentId" in line:
            children.append(line)
        else:
            products[str(line.get("id"))] = dict(line)
    for product in products.values():
        for field in set(CHILD_FIELDS.values()):
            product[field] = {"nodes": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}
    for child in children:
        parent = products.get(str(child["__parentId"]))
        field = CHILD_FIELDS.get(_gid_kind(child.get("id")))
        if parent is None or field is None:
            continue
        parent[field]["nodes"].append({key: value for key, value in child.items() if key != "__parentId"})
    return [*products.values(), *broken]


class ShopifyProductsBulkImport(ShopifyProductsImport):
    """The shop's catalog through one bulk query, with stock (kind "products_bulk"); for large shops."""

    kind = "products_bulk"
    page_size = BULK_PAGE_SIZE
    import_stock: ClassVar[bool] = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._downloaded: tuple[str, list[dict[str, Any]]] | None = None
        self._announced: int | None = None  # rootObjectCount of the operation: the total Shopify announced

    def fetch_page(self, *, cursor: dict[str, Any] | None) -> Page:
        operation_id = (cursor or {}).get("operation")
        if not operation_id:
            operation_id = self.start()
            submit_import_job(
                process=self.process, kind=self.kind, remote_id=operation_id, next_poll_seconds=POLL_SECONDS
            )
            return Page(records=[], next_cursor={"operation": operation_id, "offset": 0})
        records = self.records(operation_id=operation_id)
        offset = int((cursor or {}).get("offset") or 0)
        chunk = records[offset : offset + self.page_size]
        following = offset + len(chunk)
        next_cursor = {"operation": operation_id, "offset": following} if following < len(records) else None
        total = self._announced if self._announced is not None else len(records)
        return Page(records=self.with_stock(chunk), next_cursor=next_cursor, total=total)

    def start(self) -> str:
        """Start the bulk query; its gid (the shop's bulk queries all in use: retry later)."""
        data = self.context.client.execute(
            document="bulk_operation_run_query", variables={"query": BULK_PRODUCTS_QUERY}
        )
        payload = data.get("bulkOperationRunQuery") or {}
        codes = {error.get("code") for error in payload.get("userErrors") or []}
        if codes & {"OPERATION_IN_PROGRESS", "LIMIT_REACHED"}:
            raise RateLimited(
                IN_PROGRESS_SECONDS,
                message="Shopify: another bulk query is running and the shop allows no more at once.",
            )
        raise_user_errors(payload=payload, operation="bulkOperationRunQuery")
        operation_id = (payload.get("bulkOperation") or {}).get("id")
        if not operation_id:
            raise InvalidVendorPayload("bulkOperationRunQuery: no bulk operation id", raw_excerpt=str(data)[:500])
        return operation_id

    def result_url(self, *, operation_id: str) -> str | None:
        """The completed bulk query's file URL (None: no products); waits (AwaitingRemoteJob) while it runs."""
        job = import_job(process=self.process, kind=self.kind, remote_id=operation_id)
        if job is None:  # a cursor saved before the job was recorded: record it now
            job = submit_import_job(process=self.process, kind=self.kind, remote_id=operation_id, next_poll_seconds=0)
        job = refresh_job(job=job)
        if job.is_open:
            status = (job.result or {}).get("status") or "RUNNING"
            raise AwaitingRemoteJob(job, message=f"Shopify bulk query {operation_id} is {status}: polling again.")
        if job.status == FAILED:
            raise VendorValidationError([job.error])
        if "url" not in (job.result or {}):  # dropped after an earlier download (a resumed import): ask again
            state = ShopifyBulkQueryJob(context=self.context, job=job).poll()
            if state.status != COMPLETED:
                raise VendorValidationError([state.error or f"Shopify bulk query {operation_id} is gone."])
            self._remember_total(result=state.result or {})
            return (state.result or {}).get("url")
        self._remember_total(result=job.result)
        return job.result["url"]

    def _remember_total(self, *, result: dict[str, Any]) -> None:
        """Keep the operation's rootObjectCount: the total Shopify announced, checked against what arrived."""
        announced = str(result.get("rootObjectCount") or "")
        self._announced = int(announced) if announced.isdigit() else None

    def records(self, *, operation_id: str) -> list[dict[str, Any]]:
        """The product nodes of the completed operation (downloaded once per run)."""
        if self._downloaded is not None and self._downloaded[0] == operation_id:
            return self._downloaded[1]
        url = self.result_url(operation_id=operation_id)
        products = reassemble_products(self.download(url=url)) if url else []
        self._downloaded = (operation_id, products)
        self.forget_url(operation_id=operation_id)
        return products

    def forget_url(self, *, operation_id: str) -> None:
        """The signed file URL is a short-lived credential: once downloaded it is not kept on the job."""
        job = import_job(process=self.process, kind=self.kind, remote_id=operation_id)
        if job is not None and (job.result or {}).get("url"):
            job.result = {key: value for key, value in job.result.items() if key != "url"}
            job.save(update_fields=["result", "updated_at"])

    def download(self, *, url: str) -> list[dict[str, Any]]:
        """The JSONL result through the channel's VendorSession (a signed URL: no access token sent)."""
        session = self.context.client.session
        for pair in urlsplit(url).query.split("&"):  # the signed URL's parameters are credentials: never logged
            session.add_secret(pair.partition("=")[2] or None)
        response = session.get(url, idempotent=True)
        session.raise_for_vendor_status(response)
        return parse_jsonl(response.text)


class ShopifyBulkQueryJob(RemoteJobHandler):
    """Polls a bulk query (CurrentBulkOperation): running, completed with its file URL, or ended otherwise."""

    kind = ShopifyProductsBulkImport.kind

    def poll(self) -> JobState:
        operation_id = self.job.remote_id
        operation = self.client.execute(document="bulk_operation", variables={"id": operation_id}).get("bulkOperation")
        if not isinstance(operation, dict) or operation.get("id") != operation_id:
            found = (operation or {}).get("id") if isinstance(operation, dict) else None
            error = (
                f"Shopify bulk query {operation_id} is no longer the current one (found {found}); start a new import."
            )
            return JobState(status=FAILED, error=error)
        status = operation.get("status")
        if status in PENDING:
            return JobState(status=RUNNING, next_poll_seconds=POLL_SECONDS, result={"status": status})
        if status != "COMPLETED":
            code = operation.get("errorCode") or "none"
            return JobState(
                status=FAILED, error=f"Shopify bulk query {operation_id} ended {status} (errorCode {code})."
            )
        result = {
            "status": status,
            "url": operation.get("url"),
            "objectCount": operation.get("objectCount"),
            "rootObjectCount": operation.get("rootObjectCount"),
        }
        return JobState(status=COMPLETED, result=result)


JOB_HANDLERS = {ShopifyBulkQueryJob.kind: ShopifyBulkQueryJob}
