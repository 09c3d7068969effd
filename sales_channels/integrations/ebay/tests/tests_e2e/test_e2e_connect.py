"""Connecting to the sandbox over real HTTP: consent with state, code exchange, tokens encrypted, metadata."""

import os
import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from sales_channels import services
from sales_channels.factories.clients import build_session
from sales_channels.integrations.ebay.client import EbayClient
from sales_channels.integrations.ebay.factories.sales_channels import tokens
from sales_channels.integrations.ebay.factories.sales_channels.connect import connect_via_oauth, finish_oauth
from sales_channels.integrations.ebay.factories.sales_channels.oauth import GetEbayRedirectUrlFactory
from sales_channels.integrations.ebay.factories.sales_channels.tokens import EbayAuthError, application_token
from sales_channels.integrations.ebay.models import (
    EbayApplicationToken,
    EbayBusinessPolicy,
    EbayInventoryLocation,
    EbayMarketplaceView,
    EbaySalesChannel,
)
from sales_channels.integrations.ebay.models.sales_channels import RECONSENT_PREFIX
from sales_channels.integrations.ebay.sandbox import EbaySandbox
from sales_channels.integrations.ebay.tests.conftest import new_channel
from sales_channels.models import RemoteCurrency, RemoteLanguage

pytestmark = pytest.mark.django_db(transaction=True)


def _raw(channel, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM ebay_ebaysaleschannel WHERE saleschannel_ptr_id = %s", [channel.pk])
        return cursor.fetchone()[0]


def test_consent_flow_connects_and_pulls_the_metadata(company, ebay_sandbox):
    channel = connect_via_oauth(channel=new_channel(company=company, sandbox=ebay_sandbox))

    channel.refresh_from_db()
    assert channel.connection_status == "connected"
    assert channel.access_token
    assert channel.refresh_token
    assert channel.refresh_token_expires_at
    assert _raw(channel, "access_token") != channel.access_token  # encrypted at rest
    assert _raw(channel, "client_secret") != ebay_sandbox.client_secret
    assert channel.ebay_username == "onesila_seller"
    assert channel.ebay_user_id == ebay_sandbox.user_id
    [view] = EbayMarketplaceView.objects.filter(sales_channel=channel)
    assert (view.remote_id, view.currency, view.content_language, view.is_default) == ("EBAY_US", "USD", "en-US", True)
    assert (view.fulfillment_policy_id, view.payment_policy_id, view.return_policy_id) == (
        "6200000000",
        "6200000001",
        "6200000002",
    )
    assert view.merchant_location_key == "WAREHOUSE-1"
    assert EbayBusinessPolicy.objects.filter(sales_channel=channel).count() == 3
    assert list(EbayInventoryLocation.objects.filter(sales_channel=channel).values_list("key", flat=True)) == [
        "WAREHOUSE-1"
    ]
    assert RemoteCurrency.objects.get(view=view).remote_code == "USD"
    assert RemoteLanguage.objects.get(view=view).local_instance == "en"
    assert channel.opted_in_programs == ["SELLING_POLICY_MANAGEMENT"]
    assert channel.last_connection_error == ""

    connect_via_oauth(channel=channel)  # pulled again: nothing duplicated
    assert EbayBusinessPolicy.objects.filter(sales_channel=channel).count() == 3
    assert EbayMarketplaceView.objects.filter(sales_channel=channel).count() == 1


def test_several_marketplaces_become_views_and_a_missing_location_is_created(company):
    with EbaySandbox() as sandbox:
        sandbox.inventory.locations.clear()
        channel = new_channel(
            company=company,
            sandbox=sandbox,
            marketplace_ids=["EBAY_GB", "EBAY_DE"],
            location_country="GB",
            location_postal_code="SW1A 1AA",
        )
        connect_via_oauth(channel=channel)
        assert sorted(sandbox.inventory.locations) == ["ONESILA-DEFAULT"]
    views = {v.remote_id: v for v in EbayMarketplaceView.objects.filter(sales_channel=channel)}
    assert {k: (v.currency, v.content_language) for k, v in views.items()} == {
        "EBAY_GB": ("GBP", "en-GB"),
        "EBAY_DE": ("EUR", "de-DE"),
    }
    assert {v.merchant_location_key for v in views.values()} == {"ONESILA-DEFAULT"}
    assert views["EBAY_DE"].fulfillment_policy_id == "6200000020"


def test_a_replayed_or_forged_callback_is_refused_and_creates_nothing(company, ebay_sandbox):
    channel = new_channel(company=company, sandbox=ebay_sandbox)
    GetEbayRedirectUrlFactory(channel=channel).run()
    with pytest.raises(EbayAuthError, match="state does not match"):
        finish_oauth(channel=channel, query_params={"code": "x", "state": "forged"})
    channel.refresh_from_db()
    assert channel.connection_status == "failed"
    assert not channel.access_token
    with pytest.raises(EbayAuthError, match="declined"):
        finish_oauth(channel=channel, query_params={"error": "access_denied", "state": channel.oauth_state})
    assert not EbayMarketplaceView.objects.filter(sales_channel=channel).exists()


def test_a_bad_code_is_refused_with_ebays_reason(company, ebay_sandbox):
    channel = new_channel(company=company, sandbox=ebay_sandbox)
    GetEbayRedirectUrlFactory(channel=channel).run()
    state = EbaySalesChannel.objects.get(pk=channel.pk).oauth_state
    with pytest.raises(EbayAuthError, match="invalid or was issued to another client"):
        finish_oauth(channel=channel, query_params={"code": "v^1.1#nope", "state": state})
    assert EbaySalesChannel.objects.get(pk=channel.pk).oauth_state == ""  # single use


def test_channels_on_one_keyset_share_one_application_token_across_companies(company, other_company, ebay_sandbox):
    first = connect_via_oauth(channel=new_channel(company=company, sandbox=ebay_sandbox, name="Company A"))
    second = connect_via_oauth(channel=new_channel(company=other_company, sandbox=ebay_sandbox, name="Company B"))
    for channel in (first, second):  # an application call of each channel
        EbayClient(channel=channel, session=build_session(channel=channel)).public_key(kid=ebay_sandbox.signer.kid)

    assert ebay_sandbox.oauth.grants_used_today()["client_credentials"] == 1
    [cached] = EbayApplicationToken.objects.all()
    assert (cached.client_id, cached.minted_count) == (ebay_sandbox.client_id, 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM ebay_ebayapplicationtoken")
        assert cursor.fetchone()[0] != cached.token  # encrypted at rest


def test_a_channel_with_the_app_id_but_another_secret_does_not_get_the_keysets_token(company, ebay_sandbox):
    connect_via_oauth(channel=new_channel(company=company, sandbox=ebay_sandbox))
    impostor = new_channel(company=company, sandbox=ebay_sandbox, name="Impostor")
    impostor.client_secret = "not-the-cert-id"

    with pytest.raises(EbayAuthError):
        application_token(channel=impostor, session=build_session(channel=impostor))
    assert EbayApplicationToken.objects.exclude(token="").count() == 1


def _consent_ends_in(channel, days: int) -> EbaySalesChannel:
    EbaySalesChannel.objects.filter(pk=channel.pk).update(
        refresh_token_expires_at=timezone.now() + timedelta(days=days)
    )
    return EbaySalesChannel.objects.get(pk=channel.pk)


def test_a_consent_ending_within_30_days_is_warned_by_the_connection_test_and_the_status_check(company, ebay_sandbox):
    channel = _consent_ends_in(connect_via_oauth(channel=new_channel(company=company, sandbox=ebay_sandbox)), 10)

    services.check_connection(channel=channel)  # an idle channel: no refresh needed, its check warns

    row = EbaySalesChannel.objects.get(pk=channel.pk)
    assert row.connection_status == "connected"
    assert row.last_connection_error.startswith(RECONSENT_PREFIX)
    out = StringIO()
    call_command("sales_channel_status", "--check", stdout=out)
    assert f"{RECONSENT_PREFIX} " in out.getvalue()
    assert "connected" in out.getvalue()

    channel = _consent_ends_in(channel, 200)
    services.check_connection(channel=channel)
    assert EbaySalesChannel.objects.get(pk=channel.pk).last_connection_error == ""


def test_a_refresh_warns_when_the_consent_ends_soon_and_a_reconnect_clears_it(company, ebay_sandbox):
    channel = _consent_ends_in(connect_via_oauth(channel=new_channel(company=company, sandbox=ebay_sandbox)), 29)
    channel.access_token_expires_at = timezone.now() - timedelta(minutes=1)
    channel.save(update_fields=["access_token_expires_at"])

    EbayClient(channel=channel, session=build_session(channel=channel)).user()  # refreshes the user token

    assert ebay_sandbox.oauth.grants_used_today()["refresh_token"] == 1
    row = EbaySalesChannel.objects.get(pk=channel.pk)
    assert row.last_connection_error.startswith(RECONSENT_PREFIX)
    assert row.connection_status == "connected"

    connect_via_oauth(channel=row)  # the merchant consents again: a new refresh token (about 18 months)

    row = EbaySalesChannel.objects.get(pk=channel.pk)
    assert row.last_connection_error == ""
    assert row.refresh_token_expires_at > timezone.now() + timedelta(days=300)
    services.check_connection(channel=row)
    assert EbaySalesChannel.objects.get(pk=channel.pk).last_connection_error == ""


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs PostgreSQL (DATABASE_URL): the in-memory SQLite test database refuses a second writer at once",
)
def test_two_workers_needing_the_application_token_at_once_mint_one(company, other_company, ebay_sandbox, monkeypatch):
    channels = [
        new_channel(company=company, sandbox=ebay_sandbox, name="Worker A"),
        new_channel(company=other_company, sandbox=ebay_sandbox, name="Worker B"),
    ]
    minting = tokens.token_request

    def slow_token_request(**kwargs):  # widen the window in which a second worker could also mint
        time.sleep(0.3)
        return minting(**kwargs)

    monkeypatch.setattr(tokens, "token_request", slow_token_request)
    start, found, errors = threading.Barrier(2), [], []

    def worker(channel):
        try:
            start.wait()
            found.append(application_token(channel=channel, session=build_session(channel=channel)))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(channel,)) for channel in channels]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(set(found)) == 1
    assert ebay_sandbox.oauth.grants_used_today()["client_credentials"] == 1
