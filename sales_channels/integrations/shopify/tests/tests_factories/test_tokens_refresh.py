"""Expiring offline tokens: refreshed before expiry, and once on a 401 through the task layer; rotation atomic."""

import dataclasses
import json
from datetime import timedelta
from pathlib import Path

import pytest
import responses
from django.utils import timezone

from sales_channels.exceptions import TransientVendorError
from sales_channels.factories.base import SyncStep
from sales_channels.factories.outcomes import UNCHANGED, StepOutcome
from sales_channels.integrations.shopify.factories.sales_channels.tokens import refresh_access_token
from sales_channels.integrations.shopify.models import ShopifySalesChannel
from sales_channels.integrations.shopify.spec import SHOPIFY_SPEC
from sales_channels.models import RemoteCallLog, SyncTask
from sales_channels.registry import register
from sales_channels.tasks import execute_sync_tasks
from sales_channels.tasks_batch import MAX_REFRESHES_PER_RUN

FIXTURES = Path(__file__).parent.parent / "fixtures"
SHOP = "fixture-shop.myshopify.com"
GRAPHQL = f"https://{SHOP}/admin/api/2026-01/graphql.json"
TOKEN_URL = f"https://{SHOP}/admin/oauth/access_token"


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


class PingStep(SyncStep):
    """One authenticated call, so a task can meet a 401."""

    usage = "test.ping"

    def run(self) -> StepOutcome:
        self.client.execute(document="shop_metadata")
        return StepOutcome(kind=UNCHANGED)


@pytest.fixture
def ping_spec():
    register(dataclasses.replace(SHOPIFY_SPEC, steps={**SHOPIFY_SPEC.steps, "test.ping": PingStep}))
    yield
    register(SHOPIFY_SPEC)


@pytest.fixture
def channel(company):
    return ShopifySalesChannel.objects.create(
        multi_tenant_company=company,
        name="Fixture shop",
        shop_domain=SHOP,
        client_id="fixture-client",
        client_secret="fixture-app-credential",
        access_token="shpat_old",
        access_token_expires_at=timezone.now() + timedelta(hours=1),
        refresh_token="shprt_old",
        connection_status="connected",
    )


def _ping_task(channel) -> SyncTask:
    return SyncTask.objects.create(
        multi_tenant_company=channel.multi_tenant_company, sales_channel=channel, usage="test.ping", object_id=1
    )


@responses.activate
def test_a_401_refreshes_once_through_the_task_layer_and_stores_the_rotated_pair(channel, ping_spec):
    graphql = responses.post(GRAPHQL, status=401, json={"errors": "[API] Invalid API key or access token"})
    refresh = responses.post(TOKEN_URL, json=fixture("auth_token_refreshed.json"))
    graphql_ok = responses.post(GRAPHQL, json=fixture("meta_shop.json"))
    task = _ping_task(channel)

    [done] = execute_sync_tasks(sync_task_ids=[task.pk])

    assert done.status == "succeeded", done.error
    assert json.loads(refresh.calls[0].request.body)["refresh_token"] == "shprt_old"
    assert graphql.call_count + graphql_ok.call_count == 2
    assert refresh.call_count == 1
    assert graphql_ok.calls[0].request.headers["X-Shopify-Access-Token"] == "shpat_fixture_access_0002"
    stored = ShopifySalesChannel.objects.get(pk=channel.pk)
    assert (stored.access_token, stored.refresh_token) == ("shpat_fixture_access_0002", "shprt_fixture_refresh_0002")


@responses.activate
def test_fresh_tokens_refused_again_and_again_defer_the_task_without_disconnecting(channel, ping_spec):
    # The refreshes work, so the channel is not dead: the task is deferred (it fails as "auth", and the
    # channel is marked, only on its last attempt; see sales_channels/tests/test_tasks_auth.py).
    responses.post(GRAPHQL, status=401, json={"errors": "[API] Invalid API key or access token"})
    refresh = responses.post(TOKEN_URL, json=fixture("auth_token_refreshed.json"))
    task = _ping_task(channel)

    [done] = execute_sync_tasks(sync_task_ids=[task.pk])

    assert (done.status, done.error_kind) == ("deferred", "transient")
    assert refresh.call_count == MAX_REFRESHES_PER_RUN
    assert ShopifySalesChannel.objects.get(pk=channel.pk).connection_status != "failed"


@responses.activate
def test_a_token_near_expiry_is_refreshed_before_the_call(channel, ping_spec):
    ShopifySalesChannel.objects.filter(pk=channel.pk).update(
        access_token_expires_at=timezone.now() + timedelta(minutes=1)
    )
    refresh = responses.post(TOKEN_URL, json=fixture("auth_token_refreshed.json"))
    graphql = responses.post(GRAPHQL, json=fixture("meta_shop.json"))

    [done] = execute_sync_tasks(sync_task_ids=[_ping_task(channel).pk])

    assert done.status == "succeeded"
    assert refresh.call_count == 1
    assert graphql.call_count == 1
    assert graphql.calls[0].request.headers["X-Shopify-Access-Token"] == "shpat_fixture_access_0002"


@responses.activate
def test_a_stale_copy_reuses_the_pair_another_worker_stored(channel):
    responses.post(TOKEN_URL, json=fixture("auth_token_refreshed.json"))
    stale = ShopifySalesChannel.objects.get(pk=channel.pk)
    refresh_access_token(channel=channel)

    refresh_access_token(channel=stale)  # the other worker's copy still holds shpat_old

    assert len(responses.calls) == 1
    assert (stale.access_token, stale.refresh_token) == ("shpat_fixture_access_0002", "shprt_fixture_refresh_0002")


@responses.activate
def test_a_successful_refresh_is_in_the_call_log_without_secrets(channel):
    responses.post(TOKEN_URL, json=fixture("auth_token_refreshed.json"))

    refresh_access_token(channel=channel)

    [logged] = RemoteCallLog.objects.filter(sales_channel=channel, url__endswith="/admin/oauth/access_token")
    assert logged.status_code == 200
    stored = f"{logged.request_excerpt} {logged.response_excerpt}"
    for secret in ("shprt_old", "fixture-app-credential", "shpat_fixture_access_0002", "shprt_fixture_refresh_0002"):
        assert secret not in stored


@responses.activate
def test_a_refused_refresh_is_in_the_call_log_too(channel, ping_spec):
    responses.post(GRAPHQL, status=401, json={"errors": "[API] Invalid API key or access token"})
    responses.post(TOKEN_URL, status=400, json={"error": "invalid_grant", "error_description": "revoked"})

    [done] = execute_sync_tasks(sync_task_ids=[_ping_task(channel).pk])

    assert (done.status, done.error_kind) == ("failed", "auth")
    [logged] = RemoteCallLog.objects.filter(sales_channel=channel, url__endswith="/admin/oauth/access_token")
    assert logged.status_code == 400
    assert "shprt_old" not in logged.request_excerpt
    stored = ShopifySalesChannel.objects.get(pk=channel.pk)
    assert (stored.access_token, stored.refresh_token) == ("shpat_old", "shprt_old")  # nothing half-written


@responses.activate
def test_a_refresh_that_cannot_reach_shopify_is_logged_and_retryable(channel):
    responses.post(TOKEN_URL, status=503, json={"errors": "unavailable"})

    with pytest.raises(TransientVendorError):
        refresh_access_token(channel=channel)

    assert RemoteCallLog.objects.filter(sales_channel=channel, status_code=503).count() == 1
