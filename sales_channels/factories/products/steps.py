"""Product listing steps: the listing itself, then its sections, then its variations.

`ProductStep` is the `MirrorStep` recipe for `RemoteProduct` plus what every vendor needs around a
product: the batch prefetch (local data and mirrors of the whole batch and its variations in a
constant number of queries), the listing's sections (content, prices, stock, images, properties)
and, for a configurable, one `variation_step` per variation (stale variations are deleted). An
integration subclasses it once with its hooks and lists its sections; the usages map to small
subclasses that only set `action` (create, sync, delete) or `only_sections` (price.update).
"""

from typing import Any, ClassVar

from sales_channels.factories.base import StepContext
from sales_channels.factories.binders import MirrorBinder
from sales_channels.factories.lifecycle import CREATE, DELETE, SYNC, MirrorStep
from sales_channels.factories.outcomes import SKIPPED, UNCHANGED, StepOutcome, summarise
from sales_channels.factories.products import data as parts
from sales_channels.factories.products.data import ProductData, channel_locale, load_product_data
from sales_channels.factories.products.sections import ProductSection
from sales_channels.models import RemoteObject, RemoteProduct

DATA = "product_data"


def as_listing(mirror: RemoteObject) -> RemoteProduct:
    """A product step's mirror as what it is, a listing (the lifecycle hooks are typed for any mirror)."""
    if not isinstance(mirror, RemoteProduct):
        raise TypeError(f"A product step bound a {type(mirror).__name__}, not a RemoteProduct.")
    return mirror


class ProductStep(MirrorStep):
    """A product listing on a channel (or marketplace view): lifecycle, sections and variations."""

    mirror_model: ClassVar[type[RemoteProduct]] = RemoteProduct
    sections: ClassVar[tuple[type[ProductSection], ...]] = ()
    variation_step: ClassVar[type["ProductStep"] | None] = None
    only_sections: tuple[str, ...] | None = None  # e.g. ("prices",) for price.update
    payload_needs: ClassVar[frozenset[str]] = frozenset({parts.CONTENT, parts.EAN, parts.VIEWS})
    # Delete a configurable's variations remotely first; vendors whose variants die with the product set False.
    deletes_variations: ClassVar[bool] = True

    def __init__(
        self,
        *,
        context: StepContext,
        object_id: int | None = None,
        payload: dict | None = None,
        parent_mirror: RemoteProduct | None = None,
    ) -> None:
        super().__init__(context=context, object_id=object_id, payload=payload)
        self.parent_mirror = parent_mirror

    # -- batch loading --------------------------------------------------------------------------

    @classmethod
    def needs(cls) -> frozenset[str]:
        """The ProductData parts this step (its payload, sections and variations) reads."""
        wanted = set(cls.payload_needs)
        for section in cls.sections:
            wanted |= section.needs
        if cls.variation_step is not None:
            wanted |= cls.variation_step.needs() | {parts.VARIATIONS}
        return frozenset(wanted)

    @classmethod
    def section_classes(cls) -> set[type[ProductSection]]:
        found = set(cls.sections)
        if cls.variation_step is not None:
            found |= cls.variation_step.section_classes()
        return found

    @classmethod
    def prefetch(cls, *, context: StepContext, object_ids: list[int]) -> None:
        view_id = getattr(context.view, "pk", None)
        locale = context.cached(("locale", view_id), lambda: channel_locale(channel=context.channel, view=context.view))
        needs = cls.needs() if context.channel.sync_ean_codes else cls.needs() - {parts.EAN}
        loaded = load_product_data(channel=context.channel, product_ids=object_ids, locale=locale, needs=needs)
        store: dict[int, ProductData | None] = context.cache.setdefault(DATA, {})
        store.update(dict.fromkeys(object_ids))
        store.update(loaded)
        store.update({v.id: v for d in loaded.values() for v in d.variations})
        family = set(object_ids) | {v.id for d in loaded.values() for v in d.variations}
        # last_payload is only read by dry runs: not decoding it keeps resyncs cheap.
        scope = cls.mirror_model.objects.filter(sales_channel=context.channel, view=context.view).defer("last_payload")
        mirrors = list(scope.filter(local_instance_id__in=family))
        configurables = {pk for pk, data in loaded.items() if data.product.is_configurable}
        parents = [m.pk for m in mirrors if m.local_instance_id in configurables]
        if parents:  # variations no longer in the family: the step deletes them remotely
            mirrors += scope.filter(parent_id__in=parents).exclude(local_instance_id__in=family)
        known = cls.known_mirrors(context)
        known.update(dict.fromkeys(family))
        known.update({mirror.local_instance_id: mirror for mirror in mirrors})
        remote_ids = [mirror.pk for mirror in known.values() if mirror is not None and mirror.pk is not None]
        for section in cls.section_classes():
            grouped: dict[int, dict[tuple, Any]] = {pk: {} for pk in remote_ids}
            for row in section.mirror_model.objects.filter(remote_product_id__in=remote_ids).defer("last_payload"):
                grouped[row.remote_product_id][section.key_of(row)] = row
            for pk, rows in grouped.items():
                context.cache[("section_mirrors", section.mirror_model, pk)] = rows

    @classmethod
    def known_mirrors(cls, context: StepContext) -> dict[int | None, RemoteProduct | None]:
        """Prefetched listing mirrors by local product id (value None: prefetched and absent)."""
        return context.cache.setdefault(("mirrors", cls.mirror_model, getattr(context.view, "pk", None)), {})

    @property
    def data(self) -> ProductData | None:
        """This product's prefetched data (loaded on first use when the runner did not prefetch)."""
        store = self.context.cache.setdefault(DATA, {})
        if self.object_id is None:
            return None
        if self.object_id not in store:
            type(self).prefetch(context=self.context, object_ids=[self.object_id])
        return store.get(self.object_id)

    # -- MirrorStep hooks -----------------------------------------------------------------------

    def mirror_keys(self) -> dict[str, Any]:
        return {"local_instance_id": self.object_id, "view": self.view}

    def mirror_defaults(self) -> dict[str, Any]:
        data = self.data
        defaults: dict[str, Any] = {"parent": self.parent_mirror}
        if data is not None:
            defaults["remote_sku"] = data.sku
        return defaults

    def binder(self) -> MirrorBinder[RemoteProduct]:
        known = type(self).known_mirrors(self.context)
        return MirrorBinder(
            model=self.mirror_model,
            channel=self.channel,
            keys=self.mirror_keys(),
            defaults=self.mirror_defaults(),
            known=known if self.object_id in known else None,
            known_key=self.object_id,
        )

    # -- recipe ---------------------------------------------------------------------------------

    def run(self) -> StepOutcome:
        try:
            if self.action != DELETE and self.data is None:
                return StepOutcome(
                    kind=SKIPPED, detail="The local product no longer exists (or is not this company's)."
                )
            if self.only_sections is not None:
                return self._run_sections_only()
            return super().run()
        finally:
            if self.parent_mirror is None and self.context.sync_task is None:
                self.context.flush()  # the task runner flushes once per batch instead

    def on_new_mirror(self, *, mirror: RemoteObject) -> None:
        for section in self.section_classes():
            self.context.cache[("section_mirrors", section.mirror_model, mirror.pk)] = {}

    def on_bound_elsewhere(self, *, mirror: RemoteObject) -> None:
        """Another worker created the listing meanwhile: its part mirrors are read again, not taken from the batch."""
        for section in self.section_classes():
            self.context.cache.pop(("section_mirrors", section.mirror_model, mirror.pk), None)

    def forget_remote_parts(self, *, mirror: RemoteObject) -> None:
        listing = as_listing(mirror)
        for section in self.section_classes():
            section.mirror_model.objects.filter(remote_product=listing).delete()
        self.on_new_mirror(mirror=listing)
        known = type(self).known_mirrors(self.context)
        for child in listing.variations.all():
            known.pop(child.local_instance_id, None)
            child.delete()

    def after_bind(self, *, mirror: RemoteObject | None) -> list[StepOutcome]:
        """Sections, then variations; a failing part is also recorded on the listing's mirror."""
        listing = as_listing(mirror) if mirror is not None else None
        data = self.data
        try:
            outcomes = [section.run() for section in self._sections(listing)]
            if self.variation_step is not None and data is not None and data.variations:
                outcomes.append(self._sync_variations(listing, variation_step=self.variation_step, data=data))
        except Exception as error:
            if listing is not None and listing.pk is not None and not self.dry_run:
                self.binder().record_failure(listing, error)
            raise
        return outcomes

    def _sections(self, mirror: RemoteProduct | None) -> list[ProductSection]:
        wanted = self.only_sections
        return [
            section(context=self.context, remote_product=mirror, data=self.data)
            for section in self.sections
            if wanted is None or section.name in wanted
        ]

    def _sync_variations(
        self, mirror: RemoteProduct | None, *, variation_step: type["ProductStep"], data: ProductData
    ) -> StepOutcome:
        step = variation_step
        outcomes = []
        for variation in data.variations:
            child = step(context=self.context, object_id=variation.id, parent_mirror=mirror)
            child.action = SYNC if self.action == CREATE else self.action
            child.only_sections = self.only_sections
            outcomes.append(child.run())
        current = {variation.id for variation in data.variations}
        known = step.known_mirrors(self.context)
        stale = [m for m in known.values() if m is not None and mirror is not None and m.parent_id == mirror.pk]
        for stale_mirror in stale:
            if stale_mirror.local_instance_id in current:
                continue
            remover = step(context=self.context, object_id=stale_mirror.local_instance_id, parent_mirror=mirror)
            remover.action = DELETE
            outcomes.append(remover.run())
            known.pop(stale_mirror.local_instance_id, None)
        kind = summarise([o.kind for o in outcomes])
        return StepOutcome(kind=kind if kind != SKIPPED else UNCHANGED, detail="variations", children=tuple(outcomes))

    def delete(self) -> StepOutcome:
        """Delete the variations' remote objects (when the vendor keeps them), then the listing's."""
        mirror = self.binder().find()
        children: list[StepOutcome] = []
        if mirror is not None and self.variation_step is not None and self.deletes_variations:
            for child in mirror.variations.exclude(remote_id=""):
                remover = self.variation_step(
                    context=self.context, object_id=child.local_instance_id, parent_mirror=mirror
                )
                remover.action = DELETE
                children.append(remover.run())
        return super().delete().with_children(children)

    def _run_sections_only(self) -> StepOutcome:
        """price.update / stock.update: only those sections; a listing not created yet gets a full sync."""
        mirror = self.binder().find()
        if mirror is None or not mirror.remote_id:
            self.only_sections = None
            return self.sync()
        children = self.after_bind(mirror=mirror)
        return StepOutcome(kind=UNCHANGED, remote_id=mirror.remote_id).with_children(children)
