"""The two fake integrations: a storefront (one listing per channel) and a marketplace (one per view)."""

from sales_channels.models import SalesChannel
from sales_channels.registry import Capabilities, IntegrationSpec, register, unregister
from sales_channels.services import connect_with_connection_test
from sales_channels.surfaces import ConnectSpec
from sales_channels.tests.fake.client import FakeClient
from sales_channels.tests.fake.remote import FakeBackend
from sales_channels.tests.fake.steps import STEPS, FakeProductsImport
from sales_channels.tests.fake.webhooks import build_webhooks

STOREFRONT = "fake_storefront"
MARKETPLACE = "fake_marketplace"


def build_specs(backend: FakeBackend) -> list[IntegrationSpec]:
    def build_client(*, channel, session) -> FakeClient:
        return FakeClient(backend.remote(channel))

    common = {
        "channel_model": SalesChannel,
        "build_client": build_client,
        "steps": STEPS,
        "import_processors": {"products": FakeProductsImport},
        "refresh_credentials": backend.refresh,
        "connect": ConnectSpec(
            fields=("name", "base_url"), connect=connect_with_connection_test, help_text="Key-based: checked at once."
        ),
    }
    return [
        IntegrationSpec(
            integration=STOREFRONT, capabilities=Capabilities(kind="storefront"), webhooks=build_webhooks(), **common
        ),
        IntegrationSpec(integration=MARKETPLACE, capabilities=Capabilities(kind="marketplace"), **common),
    ]


def register_fake(backend: FakeBackend) -> list[IntegrationSpec]:
    return [register(spec) for spec in build_specs(backend)]


def unregister_fake() -> None:
    unregister(STOREFRONT)
    unregister(MARKETPLACE)
