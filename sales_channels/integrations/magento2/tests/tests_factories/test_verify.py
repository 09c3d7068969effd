"""The `remote.verify` step with HTTP mocked at the transport: `sku in (...)` searches, `updated_at`, a refusal."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from sales_channels.exceptions import AuthExpired
from sales_channels.integrations.magento2.tests.channels import BASE, connected_channel
from sales_channels.models import MirrorStatus, RemoteProduct
from sales_channels.tests import catalog
from sales_channels.verify import verify_remote

PRODUCTS = f"{BASE}/rest/all/V1/products"
PUSHED_AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(company):
    return connected_channel(company)


def mirror(company, channel, sku: str) -> RemoteProduct:
    product = catalog.product(company, sku)
    return RemoteProduct.objects.create(
        multi_tenant_company=company,
        sales_channel=channel,
        local_instance=product,
        remote_id=sku,
        remote_sku=sku,
        status=MirrorStatus.SYNCED,
        payload_hash="hash",
        last_synced_at=PUSHED_AT,
    )


def search_answer(*items: tuple[str, datetime]) -> dict:
    rows = [{"id": n, "sku": sku, "updated_at": at.strftime("%Y-%m-%d %H:%M:%S")} for n, (sku, at) in enumerate(items)]
    return {"items": rows, "total_count": len(rows), "search_criteria": {}}


@responses.activate
def test_one_search_per_page_finds_the_missing_and_the_changed(company, channel):
    kept, gone, edited = (mirror(company, channel, sku) for sku in ("MUG", "TEE", "CAP"))
    responses.get(PRODUCTS, json=search_answer(("MUG", PUSHED_AT), ("CAP", PUSHED_AT + timedelta(hours=1))))

    report = verify_remote(channel=channel, queue=False)

    assert (report.checked, report.missing, report.changed) == (3, ["TEE"], ["CAP"])
    [call] = responses.calls
    query = parse_qs(urlsplit(call.request.url).query)
    assert query["searchCriteria[filterGroups][0][filters][0][field]"] == ["sku"]
    assert query["searchCriteria[filterGroups][0][filters][0][conditionType]"] == ["in"]
    assert sorted(query["searchCriteria[filterGroups][0][filters][0][value]"][0].split(",")) == ["CAP", "MUG", "TEE"]
    for row in (kept, gone, edited):
        row.refresh_from_db()
    assert kept.status == MirrorStatus.SYNCED
    assert (gone.status, gone.remote_id) == (MirrorStatus.OUTDATED, "")
    assert "missing on the vendor" in gone.last_error
    assert (edited.status, edited.payload_hash) == (MirrorStatus.OUTDATED, "")


@responses.activate
def test_a_sku_holding_a_comma_is_read_alone(company, channel):
    mirror(company, channel, "A,B")
    responses.get(f"{PRODUCTS}/A%2CB", status=404, json={"message": "The product that was requested doesn't exist."})

    assert verify_remote(channel=channel, queue=False).missing == ["A,B"]
    assert [call.request.url for call in responses.calls] == [f"{PRODUCTS}/A%2CB"]


@responses.activate
def test_refused_credentials_stop_the_verify_and_mark_nothing(company, channel):
    listing = mirror(company, channel, "MUG")
    responses.get(PRODUCTS, status=401, json={"message": "Specified token does not exist"})

    with pytest.raises(AuthExpired, match="access token"):
        verify_remote(channel=channel, queue=False)

    listing.refresh_from_db()
    assert (listing.status, listing.remote_id) == (MirrorStatus.SYNCED, "MUG")
