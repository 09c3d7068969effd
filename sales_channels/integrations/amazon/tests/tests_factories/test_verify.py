"""The `remote.verify` step with HTTP mocked at the transport: searchListingsItems by SKU per marketplace,
`lastUpdatedDate`, pages, a SKU lost in one of its marketplaces, a refused token."""

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from sales_channels.exceptions import AuthExpired
from sales_channels.integrations.amazon.tests.channels import fixture_channel
from sales_channels.models import MirrorStatus, RemoteProduct, SalesChannelView
from sales_channels.tests import catalog
from sales_channels.verify import verify_remote

API = "https://sellingpartnerapi-na.amazon.com"
LWA = "https://api.amazon.com/auth/o2/token"
SEARCH = f"{API}/listings/2021-08-01/items/SELLER1"
TOKEN = {"access_token": "Atza|fresh-token", "token_type": "bearer", "expires_in": 3600}
US, CA = "ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"
PUSHED_AT = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(company):
    channel = fixture_channel(company)
    for marketplace_id in (US, CA):
        SalesChannelView.objects.create(
            multi_tenant_company=company, sales_channel=channel, remote_id=marketplace_id, name=marketplace_id
        )
    return channel


def mirror(company, channel, sku: str, *, marketplaces=(US,)) -> list[RemoteProduct]:
    product = catalog.product(company, sku)
    return [
        RemoteProduct.objects.create(
            multi_tenant_company=company,
            sales_channel=channel,
            view=channel.views.get(remote_id=marketplace_id),
            local_instance=product,
            remote_id=sku,
            remote_sku=sku,
            status=MirrorStatus.SYNCED,
            payload_hash="hash",
            last_synced_at=PUSHED_AT,
        )
        for marketplace_id in marketplaces
    ]


def item(sku: str, marketplace_id: str, updated: datetime) -> dict:
    stamp = updated.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-4] + "Z"
    return {"sku": sku, "summaries": [{"marketplaceId": marketplace_id, "lastUpdatedDate": stamp}]}


def searched(call) -> dict[str, list[str]]:
    return parse_qs(urlsplit(call.request.url).query)


@responses.activate
def test_one_search_per_marketplace_finds_the_missing_and_the_changed(company, channel):
    [kept], [gone], [edited] = (mirror(company, channel, sku) for sku in ("MUG", "TEE", "CAP"))
    later = PUSHED_AT + timedelta(hours=1)
    responses.post(LWA, json=TOKEN)
    responses.get(SEARCH, json={"numberOfResults": 2, "items": [item("MUG", US, PUSHED_AT), item("CAP", US, later)]})

    report = verify_remote(channel=channel, queue=False)

    assert (report.checked, report.missing, report.changed) == (3, ["TEE"], ["CAP"])
    [call] = [call for call in responses.calls if call.request.url.startswith(SEARCH)]
    query = searched(call)
    assert query["marketplaceIds"] == [US]
    assert query["identifiersType"] == ["SKU"]
    assert sorted(query["identifiers"][0].split(",")) == ["CAP", "MUG", "TEE"]
    for row in (kept, gone, edited):
        row.refresh_from_db()
    assert kept.status == MirrorStatus.SYNCED
    assert (gone.status, gone.remote_id) == (MirrorStatus.OUTDATED, "")
    assert "missing on the vendor" in gone.last_error
    assert "changed on the vendor" in edited.last_error


@responses.activate
def test_skus_go_20_at_a_time_and_pages_are_followed(company, channel):
    for n in range(25):
        mirror(company, channel, f"SKU-{n:02d}")
    answers = iter(
        [
            {"items": [item(f"SKU-{n:02d}", US, PUSHED_AT) for n in range(10)], "pagination": {"nextToken": "10"}},
            {"items": [item(f"SKU-{n:02d}", US, PUSHED_AT) for n in range(10, 20)]},
            {"items": [item(f"SKU-{n:02d}", US, PUSHED_AT) for n in range(20, 25)]},
        ]
    )
    responses.post(LWA, json=TOKEN)
    responses.add_callback(responses.GET, SEARCH, callback=lambda request: (200, {}, _json(next(answers))))

    report = verify_remote(channel=channel, queue=False)

    assert (report.checked, report.missing, report.changed) == (25, [], [])
    calls = [searched(call) for call in responses.calls if call.request.url.startswith(SEARCH)]
    assert [len(query["identifiers"][0].split(",")) for query in calls] == [20, 20, 5]
    assert [query.get("pageToken") for query in calls] == [None, ["10"], None]


@responses.activate
def test_a_sku_lost_in_one_of_its_marketplaces_is_missing(company, channel):
    both = mirror(company, channel, "MUG", marketplaces=(US, CA))
    responses.post(LWA, json=TOKEN)
    responses.get(SEARCH, json={"items": [item("MUG", US, PUSHED_AT)]})
    responses.get(SEARCH, json={"items": []})

    assert verify_remote(channel=channel, queue=False).missing == ["MUG", "MUG"]
    asked = [searched(call)["marketplaceIds"] for call in responses.calls if call.request.url.startswith(SEARCH)]
    assert sorted(asked) == [[CA], [US]]
    assert {row.status for row in RemoteProduct.objects.filter(pk__in=[row.pk for row in both])} == {"outdated"}


@responses.activate
def test_a_refused_token_stops_the_verify_and_marks_nothing(company, channel):
    [listing] = mirror(company, channel, "MUG")
    refused = {
        "errors": [
            {
                "code": "Unauthorized",
                "message": "Access to requested resource is denied.",
                "details": "The access token you provided is revoked, malformed or invalid.",
            }
        ]
    }
    responses.post(LWA, json=TOKEN)
    responses.get(SEARCH, status=403, json=refused)

    with pytest.raises(AuthExpired, match="revoked"):
        verify_remote(channel=channel, queue=False)

    listing.refresh_from_db()
    assert (listing.status, listing.remote_id) == (MirrorStatus.SYNCED, "MUG")


def _json(answer: dict) -> str:
    return json.dumps(answer)
