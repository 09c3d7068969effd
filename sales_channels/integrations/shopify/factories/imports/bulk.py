"""The catalog import of a large shop through one Shopify bulk query (kind "products_bulk").

Resumable in three cursor states, each saved by the framework after its page:
1. no cursor: BulkOperationRunQuery starts the bulk query; the cursor becomes {"operation": gid, "offset": 0};
2. polling: CurrentBulkOperation reads its status. CREATED/RUNNING raises `RateLimited(POLL_SECONDS)`,
   so the task layer re-queues the import instead of a worker sleeping; FAILED/CANCELED/EXPIRED
   fails the import with Shopify's status and errorCode;
3. COMPLETED: the JSONL file is downloaded once per run through the channel's VendorSession,
   products are reassembled with their variants, metafields and media (child lines carry
   `__parentId`), and served `page_size` at a time from `offset`, each page completed with its
   stock (InventoryLevelsByItems) and imported by the same item step as the paginated import.
"""

import json
from typing import Any, ClassVar
from urllib.parse import urlsplit

from sales_channels.exceptions import InvalidVendorPayload, RateLimited, VendorValidationError
from sales_channels.factories.imports import Page
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
    """The objects of a bulk result file, one JSON object a line (blank lines ignored)."""
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            decoded = json.loads(line)
        except ValueError as error:
            raise InvalidVendorPayload(f"bulk result line {number} is not JSON", raw_excerpt=line[:500]) from error
        if not isinstance(decoded, dict):
            raise InvalidVendorPayload(f"bulk result line {number} is not an object", raw_excerpt=line[:500])
        lines.append(decoded)
    return lines


def reassemble_products(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Product nodes shaped like ProductsPage's: children (by `__parentId`) back into their connections."""
    products: dict[str, dict[str, Any]] = {}
    children: list[dict[str, Any]] = []
    for line in lines:
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
    return list(products.values())


class ShopifyProductsBulkImport(ShopifyProductsImport):
    """The shop's catalog through one bulk query, with stock (kind "products_bulk"); for large shops."""

    kind = "products_bulk"
    page_size = BULK_PAGE_SIZE
    import_stock: ClassVar[bool] = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._downloaded: tuple[str, list[dict[str, Any]]] | None = None

    def fetch_page(self, *, cursor: dict[str, Any] | None) -> Page:
        operation_id = (cursor or {}).get("operation")
        if not operation_id:
            return Page(records=[], next_cursor={"operation": self.start(), "offset": 0})
        records = self.records(operation_id=operation_id)
        offset = int((cursor or {}).get("offset") or 0)
        chunk = records[offset : offset + self.page_size]
        following = offset + len(chunk)
        next_cursor = {"operation": operation_id, "offset": following} if following < len(records) else None
        return Page(records=self.with_stock(chunk), next_cursor=next_cursor, total=len(records))

    def start(self) -> str:
        """Start the bulk query; its gid (another bulk query in progress: retry later)."""
        data = self.context.client.execute(
            document="bulk_operation_run_query", variables={"query": BULK_PRODUCTS_QUERY}
        )
        payload = data.get("bulkOperationRunQuery") or {}
        codes = {error.get("code") for error in payload.get("userErrors") or []}
        if "OPERATION_IN_PROGRESS" in codes:
            raise RateLimited(IN_PROGRESS_SECONDS, message="Shopify: another bulk query is running on this shop.")
        raise_user_errors(payload=payload, operation="bulkOperationRunQuery")
        operation_id = (payload.get("bulkOperation") or {}).get("id")
        if not operation_id:
            raise InvalidVendorPayload("bulkOperationRunQuery: no bulk operation id", raw_excerpt=str(data)[:500])
        return operation_id

    def poll(self, *, operation_id: str) -> dict[str, Any]:
        """The COMPLETED operation; RateLimited while it runs, VendorValidationError when it ended otherwise."""
        data = self.context.client.execute(document="bulk_operation", variables={"id": operation_id})
        operation = data.get("bulkOperation")
        if not isinstance(operation, dict) or operation.get("id") != operation_id:
            raise VendorValidationError([f"Shopify has no bulk query {operation_id} any more; start a new import."])
        status = operation.get("status")
        if status in PENDING:
            raise RateLimited(POLL_SECONDS, message=f"Shopify bulk query {operation_id} is {status}: polling again.")
        if status != "COMPLETED":
            code = operation.get("errorCode") or "none"
            raise VendorValidationError([f"Shopify bulk query {operation_id} ended {status} (errorCode {code})."])
        return operation

    def records(self, *, operation_id: str) -> list[dict[str, Any]]:
        """The product nodes of the completed operation (downloaded once per run)."""
        if self._downloaded is not None and self._downloaded[0] == operation_id:
            return self._downloaded[1]
        operation = self.poll(operation_id=operation_id)
        url = operation.get("url")
        products = reassemble_products(self.download(url=url)) if url else []
        self._downloaded = (operation_id, products)
        return products

    def download(self, *, url: str) -> list[dict[str, Any]]:
        """The JSONL result through the channel's VendorSession (a signed URL: no access token sent)."""
        session = self.context.client.session
        for pair in urlsplit(url).query.split("&"):  # the signed URL's parameters are credentials: never logged
            session.add_secret(pair.partition("=")[2] or None)
        response = session.get(url, idempotent=True)
        session.raise_for_vendor_status(response)
        return parse_jsonl(response.text)
