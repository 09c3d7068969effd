"""A merchant's choices on an eBay marketplace view: checked, saved, and the view's listings resynced.

GraphQL (`updateEbayMarketplace`) and the admin share these functions. Each choice must be one eBay
takes for THIS view: a fulfillment, payment or return policy pulled for this marketplace (right
kind), an inventory location of this channel's seller, an item condition of the Inventory API's
ConditionEnum, and a leaf category of the marketplace's tree. The category is known when its aspects
were imported into the view; otherwise, once the view knows its tree, one Taxonomy call
(`get_category_subtree`) says whether it is a leaf; without a tree (or when eBay cannot be asked
now) it is accepted with a note: the first push imports its aspects and eBay refuses a non-leaf.
A refusal names the field and what to do, and nothing is saved. A change queues `product.sync` of
every product assigned to the view (offers carry the policies, location and category; items the
condition).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import transaction

from sales_channels.exceptions import SalesChannelError, VendorValidationError
from sales_channels.flows.queue import PRODUCT_SYNC, TaskRequest, queue_tasks
from sales_channels.integrations.ebay.factories.sales_channels import categories
from sales_channels.integrations.ebay.models import (
    EbayBusinessPolicy,
    EbayInventoryLocation,
    EbayMarketplaceView,
    EbaySalesChannel,
)
from sales_channels.models import MarketplaceSchema, SalesChannelViewAssign
from sales_channels.registry import find_spec

POLICY_FIELDS = {"fulfillment_policy_id": "fulfillment", "payment_policy_id": "payment", "return_policy_id": "return"}
CHOICE_FIELDS = (*POLICY_FIELDS, "merchant_location_key", "category_id", "condition")
# eBay's ConditionEnum (sell/inventory/types/slr:ConditionEnum, which the Inventory spec links to without
# listing it). MANUFACTURER_REFURBISHED is left out: the spec says it "is no longer applicable".
CONDITIONS = (
    "NEW",
    "LIKE_NEW",
    "NEW_OTHER",
    "NEW_WITH_DEFECTS",
    "CERTIFIED_REFURBISHED",
    "EXCELLENT_REFURBISHED",
    "VERY_GOOD_REFURBISHED",
    "GOOD_REFURBISHED",
    "SELLER_REFURBISHED",
    "PRE_OWNED_EXCELLENT",
    "USED_EXCELLENT",
    "PRE_OWNED_FAIR",
    "USED_VERY_GOOD",
    "USED_GOOD",
    "USED_ACCEPTABLE",
    "FOR_PARTS_OR_NOT_WORKING",
)
RETIRED_CONDITIONS = {"MANUFACTURER_REFURBISHED": "CERTIFIED_REFURBISHED"}
NOT_IN_TREE = "62005"  # get_category_subtree: the category ID does not belong to the tree
SHOWN = 10  # how many known choices a refusal lists


class ChoicesRefused(Exception):
    """One or more choices are not valid for the view: {field: what is wrong and what to do}."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{name}: {text}" for name, text in problems.items()))


@dataclass
class ChoicesChecked:
    """The normalized choices, and what the merchant should know although they are accepted."""

    values: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class ChoicesSaved:
    """What a change did: the fields that changed, the sync tasks queued, and the notes."""

    changed: list[str]
    queued: int
    notes: list[str]


def _listed(pairs: list[tuple[str, str]]) -> str:
    shown = ", ".join(f"{key} ({name})" if name else key for key, name in pairs[:SHOWN])
    return shown + (f" and {len(pairs) - SHOWN} more" if len(pairs) > SHOWN else "")


def policy_problem(*, view: EbayMarketplaceView, kind: str, value: str) -> str | None:
    """Why `value` is not a `kind` policy of this view (None when it is)."""
    mine = EbayBusinessPolicy.objects.filter(sales_channel_id=view.sales_channel_id, view=view, kind=kind)
    if value and mine.filter(remote_id=value).exists():
        return None
    choices = list(mine.order_by("name", "remote_id").values_list("remote_id", "name"))
    todo = f"choose one of {_listed(choices)}" if choices else "none was pulled"
    todo += f" (create {kind} policies for {view.remote_id} in Seller Hub, then pull the metadata again)."
    if not value:
        return f"a listing needs a {kind} policy: {todo}"
    other = (
        EbayBusinessPolicy.objects.filter(sales_channel_id=view.sales_channel_id, remote_id=value)
        .select_related("view")
        .first()
    )
    if other is not None and other.kind != kind:
        return f"{value} is a {other.kind} policy, not a {kind} policy: {todo}"
    if other is not None:
        return f"{value} is a policy of {other.view.remote_id}, not of {view.remote_id}: {todo}"
    return f"{value} is not a {kind} policy of {view.remote_id} on this eBay account: {todo}"


def location_problem(*, view: EbayMarketplaceView, value: str) -> str | None:
    """Why `value` is not an inventory location of the view's seller (None when it is)."""
    mine = EbayInventoryLocation.objects.filter(sales_channel_id=view.sales_channel_id)
    if value and mine.filter(key=value).exists():
        return None
    choices = list(mine.order_by("key").values_list("key", "name"))
    todo = f"choose one of {_listed(choices)}" if choices else "none was pulled"
    todo += " (or pull the metadata again: a location is created from the ship-from address when there is none)."
    if not value:
        return f"a listing needs an inventory location: {todo}"
    return f"'{value}' is not an inventory location of this eBay account: {todo}"


def condition_problem(value: str) -> str | None:
    """Why `value` is not an item condition eBay takes (None when it is)."""
    if value in CONDITIONS:
        return None
    if value in RETIRED_CONDITIONS:
        return f"eBay no longer accepts {value}: use {RETIRED_CONDITIONS[value]}."
    return f"'{value}' is not an eBay item condition: use one of {', '.join(CONDITIONS)}."


def _subtree_node(*, view: EbayMarketplaceView, category_id: str) -> Any:
    channel = cast(EbaySalesChannel, view.sales_channel.specific)
    answer = categories.with_client(
        channel=channel,
        action=lambda client: client.category_subtree(tree_id=view.category_tree_id, category_id=category_id),
    )
    return answer.get("categorySubtreeNode")


def category_problem(*, view: EbayMarketplaceView, value: str, notes: list[str]) -> str | None:
    """Why `value` is not a leaf category of the view's tree (None when it is, or cannot be known now: noted)."""
    if not value:
        return None  # no default category: products list under their product type's category only
    if not value.isdigit():
        return f"'{value}' is not an eBay category id (a number, e.g. 9355): browse with browseEbayCategories."
    if MarketplaceSchema.objects.filter(view=view, remote_type=value).exists():
        return None  # imported: its aspects were read, which eBay answers for leaf categories only
    later = f"category {value} will be checked when its aspects are read, at the first push"
    if not view.category_tree_id:
        notes.append(f"{view.remote_id} has not read its category tree yet (pull the metadata): {later}.")
        return None
    try:
        node = _subtree_node(view=view, category_id=value)
    except VendorValidationError as refused:
        if any(message.startswith(NOT_IN_TREE) for message in refused.messages):
            return f"{value} is not a category of {view.remote_id}'s tree: pick a leaf with browseEbayCategories."
        notes.append(f"eBay could not check the category now ({refused.message}): {later}.")
        return None
    except SalesChannelError as error:
        notes.append(f"eBay could not be asked about the category now ({error.message}): {later}.")
        return None
    if not isinstance(node, dict) or node.get("leafCategoryTreeNode"):
        return None
    children = [
        (
            str((child.get("category") or {}).get("categoryId") or ""),
            str((child.get("category") or {}).get("categoryName") or ""),
        )
        for child in node.get("childCategoryTreeNodes") or []
    ]
    name = (node.get("category") or {}).get("categoryName") or value
    return f"{value} ({name}) is not a leaf category: choose one of its subcategories, {_listed(children)}."


def check_choices(*, view: EbayMarketplaceView, changes: Mapping[str, str | None]) -> ChoicesChecked:
    """Normalize and check the given choices (only those given); ChoicesRefused names every bad one."""
    checked = ChoicesChecked()
    problems: dict[str, str] = {}
    for name, raw in changes.items():
        value = (raw or "").strip()
        if name == "condition":
            value = value.upper()
            problem = condition_problem(value)
        elif name in POLICY_FIELDS:
            problem = policy_problem(view=view, kind=POLICY_FIELDS[name], value=value)
        elif name == "merchant_location_key":
            problem = location_problem(view=view, value=value)
        elif name == "category_id":
            problem = category_problem(view=view, value=value, notes=checked.notes)
        else:
            raise ValueError(f"{name} is not a choice of an eBay marketplace.")
        if problem:
            problems[name] = problem
        checked.values[name] = value
    if problems:
        raise ChoicesRefused(problems)
    return checked


def queue_view_listings(*, view: EbayMarketplaceView) -> int:
    """Queue a sync of every product assigned to the view (nothing on an inactive channel); how many queued."""
    channel = view.sales_channel
    if not channel.active or find_spec(channel.integration) is None:
        return 0
    product_ids = (
        SalesChannelViewAssign.objects.filter(view=view, multi_tenant_company_id=view.multi_tenant_company_id)
        .order_by("id")
        .values_list("product_id", flat=True)
    )
    requests = [
        TaskRequest(
            company_id=view.multi_tenant_company_id,
            sales_channel_id=channel.pk,
            view_id=view.pk,
            usage=PRODUCT_SYNC,
            object_id=product_id,
        )
        for product_id in product_ids
    ]
    return len(queue_tasks(requests)) if requests else 0


def after_change(*, view: EbayMarketplaceView, changed: list[str], notes: list[str]) -> ChoicesSaved:
    """Queue the resync a saved change calls for; the notes say what happened."""
    queued = queue_view_listings(view=view) if changed else 0
    notes = list(notes)
    if changed and not view.sales_channel.active:
        notes.append("The channel is inactive: no listing was resynced; resync it once it is active.")
    elif changed:
        notes.append(f"{queued} listing sync(s) queued for {view.remote_id}.")
    return ChoicesSaved(changed=changed, queued=queued, notes=notes)


def update_choices(*, view: EbayMarketplaceView, changes: Mapping[str, str | None], user=None) -> ChoicesSaved:
    """Check, save and resync: all or nothing (ChoicesRefused changes nothing)."""
    checked = check_choices(view=view, changes=changes)
    changed = [name for name, value in checked.values.items() if getattr(view, name) != value]
    with transaction.atomic():
        for name in changed:
            setattr(view, name, checked.values[name])
        if changed:  # only these columns: a metadata pull may be writing the view's other ones
            audit = ["updated_at"]
            if user is not None:
                view.last_update_by_multi_tenant_user = user
                audit.append("last_update_by_multi_tenant_user")
            view.save(update_fields=[*changed, *audit])
        return after_change(view=view, changed=changed, notes=checked.notes)
