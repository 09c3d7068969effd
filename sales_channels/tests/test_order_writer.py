"""The framework's order writer: idempotent by remote id, lines linked by SKU, redacted customers, resumable import."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orders.models import Order, OrderItem
from sales_channels.exceptions import TransientVendorError
from sales_channels.factories.base import StepContext
from sales_channels.factories.imports import ImportProcessor, Page
from sales_channels.factories.outcomes import CREATED, UNCHANGED, UPDATED
from sales_channels.imports.orders import OrderImportStep, newest_imported_order_at, write_order
from sales_channels.imports.values import ImportedOrder, ImportedOrderLine
from sales_channels.models import ImportProcess, RemoteOrder
from sales_channels.registry import get_spec
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db

PLACED = datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC)


def order(number: int, *, lines: int = 2, status: str = "PENDING", **overrides) -> ImportedOrder:
    values = {
        "remote_id": f"order-{number}",
        "name": f"#{1000 + number}",
        "currency": "eur",
        "ordered_at": PLACED + datetime.timedelta(minutes=number),
        "lines": tuple(
            ImportedOrderLine(sku=f"SKU-{n}", name=f"Line {n}", quantity=1, price=Decimal("2.50")) for n in range(lines)
        ),
        "status": status,
        "customer_name": "Ada",
        "customer_email": "ada@example.com",
    }
    return ImportedOrder(**{**values, **overrides})


def test_an_order_is_written_once_and_updated_on_a_second_sight(storefront, company):
    linked = catalog.product(company, "SKU-0")

    local, kind = write_order(channel=storefront, order=order(1), reference="web-1001")
    again, again_kind = write_order(channel=storefront, order=order(1), reference="web-1001")
    paid, paid_kind = write_order(channel=storefront, order=order(1, status="PROCESSING"), reference="web-1001")

    assert (kind, again_kind, paid_kind) == (CREATED, UNCHANGED, UPDATED)
    assert local.pk == again.pk == paid.pk
    assert Order.objects.get().status == "PROCESSING"
    items = {item.sku: item.product_id for item in OrderItem.objects.all()}
    assert items == {"SKU-0": linked.pk, "SKU-1": None}
    assert (local.subtotal, local.currency.iso_code) == (Decimal("5.00"), "EUR")
    assert RemoteOrder.objects.get().remote_id == "order-1"


def test_redacted_customer_fields_are_optional(storefront):
    local, kind = write_order(
        channel=storefront, order=order(2, customer_name="", customer_email=""), reference="web-1002"
    )

    assert kind == CREATED
    assert (local.customer_name, local.customer_email) == ("", "")


def test_lines_are_linked_in_a_constant_number_of_queries(storefront):
    with CaptureQueriesContext(connection) as one:
        write_order(channel=storefront, order=order(3, lines=1), reference="r-3")
    with CaptureQueriesContext(connection) as forty:
        write_order(channel=storefront, order=order(4, lines=40), reference="r-4")

    assert len(forty.captured_queries) == len(one.captured_queries)


class ListStep(OrderImportStep):
    def parse(self) -> ImportedOrder:
        return self.record["value"]


class ListOrdersImport(ImportProcessor):
    """Two orders a page from a list; the first attempt at the second page fails like a dropped connection."""

    kind = "orders"
    item_step = ListStep
    orders: list[ImportedOrder] = []
    fail_at: set[int] = set()

    def fetch_page(self, *, cursor) -> Page:
        offset = (cursor or {}).get("offset", 0)
        if offset in self.fail_at:
            self.fail_at.discard(offset)
            raise TransientVendorError("connection dropped")
        chunk = self.orders[offset : offset + 2]
        following = offset + len(chunk)
        records = [{"id": value.remote_id, "value": value} for value in chunk]
        return Page(records=records, next_cursor={"offset": following} if following < len(self.orders) else None)


def test_an_interrupted_order_import_resumes_at_its_cursor(storefront, company):
    ListOrdersImport.orders = [order(n) for n in range(5)]
    ListOrdersImport.fail_at = {2}
    process = ImportProcess.objects.create(multi_tenant_company=company, sales_channel=storefront, kind="orders")
    context = StepContext(channel=storefront, spec=get_spec(storefront.integration), client=None)

    with pytest.raises(TransientVendorError):
        ListOrdersImport(process=process, context=context).run()
    assert (process.cursor, process.created_count) == ({"offset": 2}, 2)

    ListOrdersImport(process=process, context=context).run()

    assert (process.status, process.created_count, process.processed) == ("succeeded", 5, 5)
    assert Order.objects.count() == 5
    assert newest_imported_order_at(channel=storefront) == PLACED + datetime.timedelta(minutes=4)
    assert Order.objects.get(remote_reference="order-0").reference == f"{storefront.pk}-1000"
