"""A marketplace's marketplaces (Amazon marketplace ids, eBay sites) as views with their currency and language."""

from dataclasses import dataclass

from django.db import transaction

from currencies.models import Currency
from sales_channels.models import RemoteCurrency, RemoteLanguage, SalesChannel, SalesChannelView


@dataclass(frozen=True)
class MarketplaceInfo:
    """One marketplace as the vendor lists it."""

    remote_id: str
    name: str
    currency: str = ""
    language: str = ""  # the vendor's tag, e.g. en_US or de-DE
    url: str = ""
    active: bool = True


def local_language(tag: str) -> str:
    """The company language code of a vendor language tag: en_US -> en, de-DE -> de."""
    return tag.replace("-", "_").split("_")[0].lower()[:7]


@transaction.atomic
def sync_marketplace_views(*, channel: SalesChannel, marketplaces: list[MarketplaceInfo]) -> list[SalesChannelView]:
    """Create or update one view per marketplace (with its currency and language); deactivate the others."""
    company_id = channel.multi_tenant_company_id
    existing = {view.remote_id: view for view in SalesChannelView.objects.filter(sales_channel=channel)}
    currencies = {c.iso_code: c for c in Currency.objects.filter(multi_tenant_company_id=company_id)}
    views = []
    for index, info in enumerate(marketplaces):
        view = existing.pop(info.remote_id, None) or SalesChannelView(
            multi_tenant_company_id=company_id, sales_channel=channel, remote_id=info.remote_id
        )
        view.name, view.url, view.active = info.name[:255], info.url[:512], info.active
        view.is_default = index == 0
        view.save()
        views.append(view)
        if info.currency:
            remote, _ = RemoteCurrency.objects.get_or_create(
                sales_channel=channel,
                view=view,
                remote_code=info.currency,
                defaults={"multi_tenant_company_id": company_id},
            )
            if remote.local_instance_id is None and info.currency in currencies:
                remote.local_instance = currencies[info.currency]
                remote.save(update_fields=["local_instance"])
        if info.language:
            RemoteLanguage.objects.get_or_create(
                sales_channel=channel,
                view=view,
                remote_code=info.language,
                defaults={"multi_tenant_company_id": company_id, "local_instance": local_language(info.language)},
            )
    for view in existing.values():
        if view.active:
            view.active = False
            view.save(update_fields=["active"])
    return views
