"""Helpers of the integrations' end-to-end tests against their sandboxes over real HTTP.

- `last_task_id`, `run_all` and `assign_and_run`: run every task a change queued on a connected
  channel, as workers would (deferred tasks included), and return the tasks it created;
- `ready_to_push`: a connected channel's company currency, mapped languages and the view to assign to;
- `select_property`, `choose` and `product_type_rule`: select properties with their values, a
  product's chosen value, and a product type whose rule makes properties its configurator axes;
- `edit_price` and `edit_stock`: a merchant's live edits (each save queues its own task);
- `free_port`, `run_stack`, `on_earlier_sandbox` and `synced_listing`: `run_stack --no-serve` against
  sandboxes on free ports, with a channel still holding the token of an earlier sandbox run and
  listings it believes are on the vendor.
"""

import socket
from decimal import Decimal
from io import StringIO
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pytest
import redis
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from inventory.models import Inventory
from products.models import Product
from properties.models import (
    ProductPropertiesRule,
    ProductPropertiesRuleItem,
    ProductProperty,
    Property,
    PropertySelectValue,
)
from properties.product_types import ensure_product_type_property
from sales_channels.flows import default as flows
from sales_channels.models import (
    MirrorStatus,
    RemoteLanguage,
    RemoteProduct,
    SalesChannel,
    SalesChannelView,
    SyncTask,
    ThrottleBucket,
)
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.registry import get_spec, registered
from sales_channels.services import vendor_label
from sales_channels.tasks import dispatch_due, execute_sync_tasks
from sales_channels.tests import catalog
from sales_channels.throttle import REDIS_KEY_PREFIX, redis_url
from sales_prices.models import SalesPrice

ChannelT = TypeVar("ChannelT", bound=SalesChannel)
EARLIER_TOKEN = "token-of-an-earlier-sandbox"


def last_task_id() -> int:
    """The id of the newest sync task (0 when there is none): `run_all(since=...)` returns the later ones."""
    return SyncTask.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def open_throttles() -> None:
    """Every shared rate budget full and unblocked, as two hours later: the database rows and, when the suite
    runs on Redis, this test worker's own Redis database (tests jump the clock; Redis would still block)."""
    ThrottleBucket.objects.update(tokens=F("capacity"), blocked_until=0.0, updated_at=0.0)
    url = redis_url()
    if url:
        client = redis.Redis.from_url(url)
        keys = list(client.scan_iter(match=REDIS_KEY_PREFIX + "*"))
        if keys:
            client.delete(*keys)


def run_all(*, since: int, rounds: int = 20) -> list[SyncTask]:
    """The tasks created after `since`, once every pending one ran (Huey runs new ones at commit; deferred
    ones are run by dispatch_due after their time, reached here by passing a later `now`)."""
    for _ in range(rounds):
        ids = list(SyncTask.objects.filter(status__in=PENDING_STATUSES).values_list("pk", flat=True))
        if not ids:
            break
        later = timezone.now() + timezone.timedelta(hours=2)
        open_throttles()  # full 2 h later
        execute_sync_tasks(sync_task_ids=ids, now=later)
        dispatch_due(now=later)
    return list(SyncTask.objects.filter(pk__gt=since).exclude(status="cancelled").order_by("pk"))


def assign_and_run(view: SalesChannelView, *, product_ids: list[int], rounds: int = 20) -> list[SyncTask]:
    """Assign the products to the view and run every task that queued; the tasks the assign created."""
    since = last_task_id()
    flows.assign_products(view=view, product_ids=product_ids)
    return run_all(since=since, rounds=rounds)


def ready_to_push(
    channel: SalesChannel,
    *,
    view_remote_id: str,
    view_name: str = "",
    languages: tuple[str, ...] = (),
    currency: str = "EUR",
) -> SalesChannelView:
    """Ready a connected channel to push: the company's default currency, `languages` mapped to themselves
    (rows the metadata pull made are updated) and the view to assign to (the pulled one, else a new one)."""
    company = channel.multi_tenant_company
    catalog.currency(company, iso=currency)
    for code in languages:
        RemoteLanguage.objects.update_or_create(
            sales_channel=channel,
            remote_code=code,
            view=None,
            defaults={"multi_tenant_company": company, "local_instance": code},
        )
    view, _ = SalesChannelView.objects.get_or_create(
        sales_channel=channel,
        remote_id=view_remote_id,
        defaults={"multi_tenant_company": company, "name": view_name or view_remote_id},
    )
    return view


def select_property(company, internal_name: str, name: str, values: list[str]) -> tuple[Property, list]:
    """A select property named `name` in English with one select value per label, in order."""
    prop = Property.objects.create(multi_tenant_company=company, type=Property.Type.SELECT, internal_name=internal_name)
    prop.translations.create(multi_tenant_company=company, language="en", name=name)
    options = []
    for label in values:
        option = PropertySelectValue.objects.create(multi_tenant_company=company, property=prop)
        option.translations.create(multi_tenant_company=company, language="en", value=label)
        options.append(option)
    return prop, options


def choose(product: Product, prop: Property, option: PropertySelectValue) -> ProductProperty:
    """The product's value of a select property."""
    return ProductProperty.objects.create(
        multi_tenant_company_id=product.multi_tenant_company_id, product=product, property=prop, value_select=option
    )


def require_axes(rule: ProductPropertiesRule, axes: list[Property], *, start: int = 0) -> None:
    """Make `axes` required configurator properties of the rule, sorted from `start` on."""
    for order, prop in enumerate(axes, start=start):
        ProductPropertiesRuleItem.objects.create(
            multi_tenant_company_id=rule.multi_tenant_company_id,
            rule=rule,
            property=prop,
            type=ProductPropertiesRuleItem.REQUIRED_IN_CONFIGURATOR,
            sort_order=order,
        )


def product_type_rule(
    company, *, type_name: str, axes: list[Property]
) -> tuple[Property, PropertySelectValue, ProductPropertiesRule]:
    """The product-type property, a type named `type_name` and its rule requiring `axes` as configurator axes."""
    type_property = ensure_product_type_property(company=company)
    product_type = PropertySelectValue.objects.create(multi_tenant_company=company, property=type_property)
    product_type.translations.create(multi_tenant_company=company, language="en", value=type_name)
    rule = ProductPropertiesRule.objects.create(multi_tenant_company=company, product_type=product_type)
    require_axes(rule, axes)
    return type_property, product_type, rule


def edit_price(product: Product, *, price: str) -> SalesPrice:
    """Save a new amount on the product's one sales price, as a merchant's edit does."""
    row = SalesPrice.objects.get(product=product)
    row.price = Decimal(price)
    row.save()
    return row


def edit_stock(product: Product, *, quantity: int) -> Inventory:
    """Save a new quantity on the product's one stock row, as a merchant's edit does."""
    row = Inventory.objects.get(product=product)
    row.quantity = quantity
    row.save()
    return row


def free_port() -> int:
    """A port nothing listens on now (tests never bind the sandboxes' fixed ports)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_stack(*, ports: dict[str, int]) -> str:
    """`run_stack --no-serve` with these sandboxes on these ports and every other one on a free port; its output."""
    every = {spec.integration: free_port() for spec in registered() if spec.sandbox is not None} | ports
    out = StringIO()
    call_command(
        "run_stack", no_serve=True, sandbox_port=[f"{name}={port}" for name, port in every.items()], stdout=out
    )
    return out.getvalue()


def on_earlier_sandbox(model: type[ChannelT], *, company, port: int, **fields: Any) -> ChannelT:
    """A channel `connected` to the sandbox on `port` with the token of an earlier run (the new run knows none)."""
    return model.objects.create(
        multi_tenant_company=company,
        base_url=f"http://127.0.0.1:{port}",
        access_token=EARLIER_TOKEN,
        connection_status="connected",
        **fields,
    )


def synced_listing(channel: SalesChannel, *, sku: str, remote_id: str) -> RemoteProduct:
    """A new product of the channel's company that the channel holds as synced under `remote_id`."""
    company = channel.multi_tenant_company
    return RemoteProduct.objects.create(
        multi_tenant_company=company,
        sales_channel=channel,
        local_instance=catalog.product(company, sku),
        remote_id=remote_id,
        status=MirrorStatus.SYNCED,
    )


# -- `sales_channel_status --check` -------------------------------------------------------------


def assert_status_check_passes(*, channel: Any) -> None:
    """`sales_channel_status --check` exits 0 and reports the connected channel as connected."""
    out = StringIO()
    call_command("sales_channel_status", check=True, stdout=out)
    assert f"{channel.name}: connected" in out.getvalue()
    channel.refresh_from_db()
    assert (channel.connection_status, channel.last_connection_error) == ("connected", "")


def assert_status_check_fails_once_stopped(*, channel: Any, sandbox: Any) -> None:
    """With its sandbox stopped, the check exits 1 naming the channel, and the channel says why and what to do."""
    port = urlsplit(sandbox.base_url).port
    sandbox.stop()
    out = StringIO()
    with pytest.raises(CommandError, match=rf"1 channel\(s\) failed the connection check: {channel.name}\.") as raised:
        call_command("sales_channel_status", check=True, stdout=out)
    assert raised.value.returncode == 1
    vendor = vendor_label(spec=get_spec(channel.integration))
    assert f"{channel.name}: failed. {vendor} could not be reached at 127.0.0.1:{port}" in out.getvalue()
    channel.refresh_from_db()
    assert channel.connection_status == "failed"
    assert "Check that the shop (or its sandbox) is running" in channel.last_connection_error
