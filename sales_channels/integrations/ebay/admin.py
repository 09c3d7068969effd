"""The eBay admin, per company: channels (no credential shown), their marketplaces' choices, policies and locations.

Channels are added and connected from "Add sales channel" (the framework's admin); here a channel's
page shows its seller, connection state and keyset's public parts (never the Cert ID or a token),
with its marketplaces, policies and locations. A marketplace's page is where the merchant chooses
its fulfillment, payment and return policies (only that marketplace's own), the inventory location
(only its seller's), the default leaf category and the item condition: checked as
`updateEbayMarketplace` checks them (a refusal is a form error on the field and saves nothing), and
a change queues a sync of the marketplace's listings. Policies and locations are read-only: they
come from eBay (create them in Seller Hub, then pull the metadata again).
"""

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest

from core.admin_helpers import TenantAdmin, TenantInline
from sales_channels.admin.common import ONLY_PRESENT, ReadOnlyTenantAdmin, admin_link, secret_field_names
from sales_channels.integrations.ebay.models import (
    EbayBusinessPolicy,
    EbayInventoryLocation,
    EbayMarketplaceView,
    EbayOffer,
    EbaySalesChannel,
)
from sales_channels.integrations.ebay.schema.marketplace import (
    CHOICE_FIELDS,
    CONDITIONS,
    POLICY_FIELDS,
    ChoicesRefused,
    after_change,
    check_choices,
)

CHANNEL_FIELDS = (
    "name",
    "active",
    "environment",
    "client_id",
    "runame",
    "scopes",
    "ebay_username",
    "ebay_user_id",
    "connection_status",
    "last_connection_error",
    "marketplace_ids",
    "opted_in_programs",
    "location_country",
    "location_postal_code",
    "access_token_expires_at",
    "refresh_token_expires_at",
    "created_at",
    "updated_at",
)
VIEW_FACTS = (
    "sales_channel",
    "remote_id",
    "name",
    "currency",
    "content_language",
    "category_tree_id",
    "category_tree_version",
)


class ReadOnlyInline(TenantInline):
    """Rows pulled from eBay, shown on their parent's page."""

    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MarketplaceInline(ReadOnlyInline):
    """The channel's marketplaces and their choices (changed on each marketplace's page)."""

    model = EbayMarketplaceView
    fields = (
        "marketplace",
        "currency",
        "fulfillment_policy_id",
        "payment_policy_id",
        "return_policy_id",
        "merchant_location_key",
        "category_id",
        "condition",
    )
    readonly_fields = fields
    fk_name = "sales_channel"

    @admin.display(description="marketplace")
    def marketplace(self, obj) -> str:
        return admin_link(obj=obj, text=f"{obj.remote_id} (choose its policies here)")


class PolicyInline(ReadOnlyInline):
    """Business policies pulled from eBay."""

    model = EbayBusinessPolicy
    fields = ("kind", "remote_id", "name", "view")
    readonly_fields = fields


class LocationInline(ReadOnlyInline):
    """Inventory locations pulled from (or created on) eBay."""

    model = EbayInventoryLocation
    fields = ("key", "name", "country")
    readonly_fields = fields


@admin.register(EbaySalesChannel)
class EbaySalesChannelAdmin(TenantAdmin):
    """eBay channels of the user's company: read-only facts (no credential), marketplaces, policies, locations."""

    list_display = ("name", "ebay_username", "environment", "connection_status", "active")
    list_filter = ("environment", "connection_status", "active")
    search_fields = ("name", "ebay_username")
    ordering = ("name",)
    fields = CHANNEL_FIELDS
    readonly_fields = CHANNEL_FIELDS
    inlines = (MarketplaceInline, PolicyInline, LocationInline)

    def get_exclude(self, request, obj=None):
        secrets = (*secret_field_names(model=EbaySalesChannel), "oauth_state", "app_token_expires_at")
        return (*super().get_exclude(request, obj), *secrets)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # added and connected from "Add sales channel"


class MarketplaceChoicesForm(forms.ModelForm):
    """The choices of one marketplace, offered from its own pulled rows and checked like the GraphQL mutation."""

    class Meta:
        model = EbayMarketplaceView
        fields = CHOICE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        view = self.instance
        for name, kind in POLICY_FIELDS.items():
            rows = EbayBusinessPolicy.objects.filter(sales_channel_id=view.sales_channel_id, view=view, kind=kind)
            pairs = [(p.remote_id, f"{p.name} ({p.remote_id})") for p in rows.order_by("name", "remote_id")]
            self.fields[name] = self._choice(name=name, pairs=pairs, help_text=f"A {kind} policy of this marketplace.")
        locations = EbayInventoryLocation.objects.filter(sales_channel_id=view.sales_channel_id).order_by("key")
        pairs = [(row.key, f"{row.name or row.key} ({row.key}, {row.country or '?'})") for row in locations]
        self.fields["merchant_location_key"] = self._choice(
            name="merchant_location_key", pairs=pairs, help_text="An inventory location of this eBay account."
        )
        self.fields["condition"] = self._choice(
            name="condition", pairs=[(value, value) for value in CONDITIONS], help_text="eBay's item condition."
        )
        self.fields["category_id"].help_text = (
            "A leaf category id of this marketplace's tree (e.g. 9355), for products whose product type has none "
            "here; empty: none."
        )
        self.notes: list[str] = []

    def _choice(self, *, name: str, pairs: list[tuple[str, str]], help_text: str) -> forms.ChoiceField:
        current = getattr(self.instance, name)
        if current and current not in {key for key, _label in pairs}:
            pairs = [(current, f"{current} (current: no longer pulled from eBay)"), *pairs]
        return forms.ChoiceField(choices=[("", "---------"), *pairs], required=False, help_text=help_text)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        changes = {name: cleaned.get(name) for name in self.changed_data if name in CHOICE_FIELDS}
        try:
            checked = check_choices(view=self.instance, changes=changes)
        except ChoicesRefused as refused:
            for name, text in refused.problems.items():
                self.add_error(name, text)
            return cleaned
        cleaned.update(checked.values)
        self.notes = checked.notes
        return cleaned


@admin.register(EbayMarketplaceView)
class EbayMarketplaceViewAdmin(TenantAdmin):
    """Marketplaces of eBay channels: choose the policies, location, default category and item condition."""

    form = MarketplaceChoicesForm
    list_display = (
        "name",
        "remote_id",
        "sales_channel",
        "fulfillment_policy_id",
        "merchant_location_key",
        "category_id",
        "condition",
        "is_default",
    )
    list_filter = ("remote_id", ("sales_channel", ONLY_PRESENT))
    search_fields = ("name", "remote_id")
    list_select_related = ("multi_tenant_company", "sales_channel")
    fieldsets = (
        (None, {"fields": VIEW_FACTS}),
        ("Choices (sent with every listing)", {"fields": CHOICE_FIELDS}),
    )
    readonly_fields = VIEW_FACTS
    inlines = (PolicyInline,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # pulled from eBay when the channel connects

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        changed = [name for name in form.changed_data if name in CHOICE_FIELDS]
        saved = after_change(view=obj, changed=changed, notes=getattr(form, "notes", []))
        for note in saved.notes:
            self.message_user(request, note, level=messages.INFO)


@admin.register(EbayBusinessPolicy)
class EbayBusinessPolicyAdmin(ReadOnlyTenantAdmin):
    """Business policies pulled from eBay, per marketplace (create them in Seller Hub)."""

    list_display = ("name", "kind", "remote_id", "view", "sales_channel")
    list_filter = ("kind", ("sales_channel", ONLY_PRESENT))
    search_fields = ("name", "remote_id")
    list_select_related = ("multi_tenant_company", "view", "sales_channel")


@admin.register(EbayInventoryLocation)
class EbayInventoryLocationAdmin(ReadOnlyTenantAdmin):
    """Inventory locations of eBay sellers (merchantLocationKey)."""

    list_display = ("key", "name", "country", "sales_channel")
    list_filter = (("sales_channel", ONLY_PRESENT),)
    search_fields = ("key", "name")
    list_select_related = ("multi_tenant_company", "sales_channel")


@admin.register(EbayOffer)
class EbayOfferAdmin(ReadOnlyTenantAdmin):
    """The offer (or item group) eBay holds for each listing."""

    list_display = ("remote_product", "offer_id", "listing_id", "revisions_day", "revisions")
    search_fields = ("offer_id", "listing_id", "remote_product__remote_sku")
    list_select_related = ("multi_tenant_company", "remote_product")
    raw_id_fields = ("remote_product",)
