"""Metadata pulls right after connect: the seller (Identity), marketplaces -> views, policies, locations.

- The seller's user id and name come from the Identity API, the programs it opted in to from the
  Account API (business policies need SELLING_POLICY_MANAGEMENT: a warning says so otherwise).
- Marketplaces: the channel's chosen `marketplace_ids`, else the seller's registration marketplace,
  become `EbayMarketplaceView` rows with their currency and `Content-Language`, plus the view's
  remote currency and language (mapped to the company's when it has them).
- Business policies (fulfillment, payment, return) of each marketplace are upserted; a view keeps
  the policies its merchant chose while they exist, else takes the first of each kind.
- Inventory locations are pulled; when the seller has none, one is created from the channel's
  ship-from country and postal code (or a warning says what to fill in).
- Each view's default category tree, and its categories' aspects when the tree version changed
  (`categories.pull_categories`, phase 5).
Every pull upserts by remote key, so a repeated pull changes nothing.
"""

from dataclasses import dataclass

from currencies.models import Currency
from sales_channels.exceptions import SalesChannelError
from sales_channels.factories.base import StepContext
from sales_channels.factories.clients import build_client
from sales_channels.integrations.ebay.factories.sales_channels.categories import pull_categories
from sales_channels.integrations.ebay.models import (
    EbayBusinessPolicy,
    EbayInventoryLocation,
    EbayMarketplaceView,
    EbaySalesChannel,
)
from sales_channels.models import RemoteCurrency, RemoteLanguage
from sales_channels.registry import spec_for_channel

DEFAULT_LOCATION_KEY = "ONESILA-DEFAULT"
BUSINESS_POLICIES = "SELLING_POLICY_MANAGEMENT"
POLICY_KINDS = ("fulfillment", "payment", "return")


@dataclass(frozen=True)
class Marketplace:
    """What OneSila knows of an eBay marketplace."""

    name: str
    currency: str
    language: str
    country: str


MARKETPLACES = {
    "EBAY_US": Marketplace("eBay United States", "USD", "en-US", "US"),
    "EBAY_GB": Marketplace("eBay United Kingdom", "GBP", "en-GB", "GB"),
    "EBAY_DE": Marketplace("eBay Germany", "EUR", "de-DE", "DE"),
    "EBAY_FR": Marketplace("eBay France", "EUR", "fr-FR", "FR"),
    "EBAY_IT": Marketplace("eBay Italy", "EUR", "it-IT", "IT"),
    "EBAY_ES": Marketplace("eBay Spain", "EUR", "es-ES", "ES"),
    "EBAY_AU": Marketplace("eBay Australia", "AUD", "en-AU", "AU"),
    "EBAY_CA": Marketplace("eBay Canada", "CAD", "en-CA", "CA"),
}


class EbayMetadataError(SalesChannelError):
    """A metadata pull could not finish (the message says what the merchant can do)."""


def pull_ebay_metadata(*, channel: EbaySalesChannel) -> list[str]:
    """Run every pull for a connected channel; returns the warnings (empty when all is ready)."""
    spec = spec_for_channel(channel)
    client, session = build_client(spec=spec, channel=channel)
    context = StepContext(channel=channel, spec=spec, client=client, session=session)
    with session:
        registration = pull_identity(context=context)
        views = pull_marketplaces(context=context, registration=registration)
        warnings = pull_programs(context=context)
        warnings += [warning for view in views for warning in pull_policies(context=context, view=view)]
        warnings += pull_locations(context=context, views=views)
        for view in views:
            warnings += pull_categories(client=context.client, view=view).warnings
    return warnings


def pull_identity(*, context: StepContext) -> str:
    """The seller's id and name onto the channel; returns the registration marketplace."""
    user = context.client.user() or {}
    channel = context.channel
    channel.ebay_user_id = str(user.get("userId") or channel.ebay_user_id)
    channel.ebay_username = str(user.get("username") or channel.ebay_username)
    channel.save()
    return str(user.get("registrationMarketplaceId") or "EBAY_US")


def pull_programs(*, context: StepContext) -> list[str]:
    """The programs the seller opted in to; business policies need SELLING_POLICY_MANAGEMENT."""
    channel = context.channel
    channel.opted_in_programs = context.client.opted_in_programs()
    channel.save()
    if BUSINESS_POLICIES not in channel.opted_in_programs:
        return ["The eBay account has not opted in to business policies: opt in (Seller Hub) before listing."]
    return []


def pull_marketplaces(*, context: StepContext, registration: str) -> list[EbayMarketplaceView]:
    """One view per marketplace the seller sells on, with its currency and language rows."""
    channel = context.channel
    wanted = [m for m in (channel.marketplace_ids or [registration]) if m in MARKETPLACES]
    if not wanted:
        raise EbayMetadataError(f"None of the marketplaces {channel.marketplace_ids} is supported.")
    company_id = context.company_id
    currencies = {c.iso_code: c for c in Currency.objects.filter(multi_tenant_company_id=company_id)}
    views = []
    for position, marketplace_id in enumerate(wanted):
        facts = MARKETPLACES[marketplace_id]
        view, _ = EbayMarketplaceView.objects.update_or_create(
            sales_channel=channel,
            remote_id=marketplace_id,
            defaults={
                "multi_tenant_company_id": company_id,
                "name": facts.name,
                "currency": facts.currency,
                "content_language": facts.language,
                "is_default": position == 0,
                "active": True,
            },
        )
        currency_row, _ = RemoteCurrency.objects.get_or_create(
            sales_channel=channel,
            view=view,
            remote_code=facts.currency,
            defaults={"multi_tenant_company_id": company_id},
        )
        if currency_row.local_instance_id is None and facts.currency in currencies:
            currency_row.local_instance = currencies[facts.currency]
            currency_row.save()
        language_row, _ = RemoteLanguage.objects.get_or_create(
            sales_channel=channel,
            view=view,
            remote_code=facts.language,
            defaults={"multi_tenant_company_id": company_id},
        )
        if not language_row.local_instance:
            language_row.local_instance = facts.language.split("-")[0]
            language_row.save()
        views.append(view)
    return views


def pull_policies(*, context: StepContext, view: EbayMarketplaceView) -> list[str]:
    """The marketplace's business policies; the view keeps valid choices, else takes the first of each kind."""
    channel = context.channel
    warnings = []
    for kind in POLICY_KINDS:
        found = context.client.policies(kind=kind, marketplace=view.remote_id)
        ids = []
        for policy in found:
            remote_id = str(policy.get(f"{kind}PolicyId") or "")
            if not remote_id:
                continue
            ids.append(remote_id)
            EbayBusinessPolicy.objects.update_or_create(
                sales_channel=channel,
                kind=kind,
                remote_id=remote_id,
                defaults={
                    "multi_tenant_company_id": context.company_id,
                    "view": view,
                    "name": policy.get("name") or "",
                },
            )
        EbayBusinessPolicy.objects.filter(sales_channel=channel, view=view, kind=kind).exclude(
            remote_id__in=ids
        ).delete()
        field = f"{kind}_policy_id"
        if getattr(view, field) not in ids:
            setattr(view, field, ids[0] if ids else "")
        if not ids:
            warnings.append(f"{view.remote_id}: no {kind} policy on eBay; create one in Seller Hub before listing.")
    view.save()
    return warnings


def pull_locations(*, context: StepContext, views: list[EbayMarketplaceView]) -> list[str]:
    """The seller's inventory locations; one is created when there is none; views without one get the first."""
    channel = context.channel
    locations = context.client.locations()
    if not locations:
        if not channel.location_country or not channel.location_postal_code:
            return ["The eBay account has no inventory location: fill in the ship-from country and postal code."]
        body = {
            "location": {"address": {"country": channel.location_country, "postalCode": channel.location_postal_code}},
            "name": "OneSila",
            "merchantLocationStatus": "ENABLED",
            "locationTypes": ["WAREHOUSE"],
        }
        context.client.create_location(key=DEFAULT_LOCATION_KEY, body=body)
        locations = [{"merchantLocationKey": DEFAULT_LOCATION_KEY, "name": "OneSila", **body}]
    keys = []
    for location in locations:
        key = str(location.get("merchantLocationKey") or "")
        keys.append(key)
        address = (location.get("location") or {}).get("address") or {}
        EbayInventoryLocation.objects.update_or_create(
            sales_channel=channel,
            key=key,
            defaults={
                "multi_tenant_company_id": context.company_id,
                "name": location.get("name") or "",
                "country": address.get("country") or "",
            },
        )
    EbayInventoryLocation.objects.filter(sales_channel=channel).exclude(key__in=keys).delete()
    for view in views:
        if view.merchant_location_key not in keys:
            view.merchant_location_key = keys[0]
            view.save()
    return []
