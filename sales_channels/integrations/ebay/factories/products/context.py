"""What the eBay product steps of one run share, read once per run and cached on the StepContext.

The marketplace view's settings (currency, language, policies, location), the label of
every property and select value in the view's language (one query each, for the aspects), and the
`EbayOffer` rows of the batch's listings (one query).
"""

from properties.models import PropertySelectValueTranslation, PropertyTranslation
from sales_channels.exceptions import MappingMissing
from sales_channels.factories.base import CacheKey, StepContext
from sales_channels.integrations.ebay.models import EbayMarketplaceView, EbayOffer
from sales_channels.models import RemoteProduct

VIEW: CacheKey[EbayMarketplaceView] = CacheKey("ebay.view")
OFFERS: CacheKey[dict[int, EbayOffer]] = CacheKey("ebay.offers")


def marketplace(context: StepContext) -> EbayMarketplaceView:
    """The run's marketplace view, with everything a listing needs checked (MappingMissing names what lacks)."""

    def load() -> EbayMarketplaceView:
        if context.view is None:
            raise MappingMissing(["an eBay marketplace (the task has no view)"])
        view = EbayMarketplaceView.objects.get(pk=context.view.pk)
        missing = [
            label
            for label, value in (
                ("a fulfillment policy", view.fulfillment_policy_id),
                ("a payment policy", view.payment_policy_id),
                ("a return policy", view.return_policy_id),
                ("an inventory location", view.merchant_location_key),
                ("a currency", view.currency),
                ("a content language", view.content_language),
            )
            if not value
        ]
        if missing:
            raise MappingMissing([f"{view.remote_id}: {item}" for item in missing])
        return view

    return context.cached(VIEW.scoped(getattr(context.view, "pk", None)), load)


def language(context: StepContext) -> str:
    """The company language of the view's content (en for en-US)."""
    return marketplace(context).content_language.split("-")[0]


def property_names(context: StepContext) -> dict[int, str]:
    """Property id -> name in the view's language (any language as fallback), for the company."""
    wanted = language(context)

    def load() -> dict[int, str]:
        rows = PropertyTranslation.objects.filter(multi_tenant_company_id=context.company_id).values_list(
            "property_id", "language", "name"
        )
        names: dict[int, str] = {}
        for property_id, row_language, name in rows.order_by("id"):
            if row_language == wanted or property_id not in names:
                names[property_id] = name
        return names

    return context.cached(CacheKey[dict]("ebay.property_names", (wanted,)), load)


def value_labels(context: StepContext) -> dict[int, str]:
    """Select value id -> label in the view's language (any language as fallback), for the company."""
    wanted = language(context)

    def load() -> dict[int, str]:
        rows = PropertySelectValueTranslation.objects.filter(multi_tenant_company_id=context.company_id).values_list(
            "select_value_id", "language", "value"
        )
        labels: dict[int, str] = {}
        for value_id, row_language, label in rows.order_by("id"):
            if row_language == wanted or value_id not in labels:
                labels[value_id] = label
        return labels

    return context.cached(CacheKey[dict]("ebay.value_labels", (wanted,)), load)


def known_offers(context: StepContext) -> dict[int, EbayOffer]:
    """EbayOffer rows by listing mirror pk (filled by `load_offers`)."""
    return context.cache.setdefault(OFFERS, {})


def load_offers(context: StepContext, mirrors: list[RemoteProduct]) -> None:
    """The offers of these mirrors in one query (only those not loaded yet).

    A mirror without a remote id is listed anew (it was found missing on eBay, or never went through):
    what its row knew (offer and listing ids, hashes, revisions) is void, so the push sends everything.
    """
    known = known_offers(context)
    wanted = {m.pk: m for m in mirrors if m is not None and m.pk is not None and m.pk not in known}
    if not wanted:
        return
    for row in EbayOffer.objects.filter(remote_product_id__in=list(wanted)):
        if not wanted[row.remote_product_id].remote_id:
            forget(row)
        known[row.remote_product_id] = row


def forget(row: EbayOffer) -> None:
    """Clear what a row knew of a listing eBay no longer holds (saved with the next push's answer)."""
    row.offer_id = row.listing_id = ""
    row.item_hash = row.offer_hash = row.price_quantity_hash = ""
    row.revisions, row.revisions_day = 0, None
