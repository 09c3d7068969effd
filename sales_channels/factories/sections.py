"""Sub-steps: the parts of a listing that are pushed on their own, each with its own mirror and hash.

A listing's step runs its sections after the listing exists remotely. A section turns the
prefetched local data into items (key, payload): one per currency for prices, per language for
content, one for stock, one per image. For each item it compares the payload hash with the item's
mirror and calls the vendor only for what changed; with `removes_stale`, mirrors whose item is
gone (a removed image) are removed remotely too. Sections compose: an integration lists the ones
its vendor needs and implements `push` (and `remove`) with one client call each.

A push that creates a remote object (an image) and loses its answer (`AnswerLost`) is resolved by
`recover_lost`: the section looks up what the vendor now holds and binds it, so the retry does not
create a second one. Set-style pushes (prices, stock, content) need no hook: sending them again is safe.
"""

from typing import TYPE_CHECKING, Any, ClassVar

from sales_channels.exceptions import AnswerLost, RemoteObjectMissing
from sales_channels.factories.base import StepContext
from sales_channels.factories.binders import MirrorBinder
from sales_channels.factories.lifecycle import is_current
from sales_channels.factories.outcomes import (
    CREATED,
    DELETED,
    SKIPPED,
    UNCHANGED,
    UPDATED,
    StepOutcome,
    diff_payloads,
    normalise,
    payload_hash,
)
from sales_channels.models import (
    RemoteImageProductAssociation,
    RemoteInventory,
    RemoteObject,
    RemotePrice,
    RemoteProductContent,
    RemoteProductProperty,
)

if TYPE_CHECKING:
    from sales_channels.models import RemoteProduct

Item = tuple[tuple, dict[str, Any], dict]  # (item key, mirror lookup fields, payload)
# The mirror of one part of a listing: each has a `remote_product` foreign key (an integration subclasses these).
PartMirror = (
    RemoteProductContent | RemotePrice | RemoteInventory | RemoteImageProductAssociation | RemoteProductProperty
)


class Section:
    """One part of a listing (prices, stock, content, images, ...) pushed item by item, hash-checked."""

    name: ClassVar[str] = ""
    switch: ClassVar[str | None] = None  # the channel's sync switch, e.g. "sync_prices"
    master_group: ClassVar[str | None] = None  # skipped when the remote side is master of this group
    mirror_model: ClassVar[type[PartMirror]]
    removes_stale: ClassVar[bool] = False
    only_first_push: ClassVar[bool] = False  # e.g. starting stock: pushed once, never updated

    def __init__(self, *, context: StepContext, remote_product: "RemoteProduct | None", data: Any) -> None:
        self.context = context
        self.remote_product = remote_product
        self.data = data

    # -- hooks ----------------------------------------------------------------------------------

    def items(self) -> list[Item]:
        """The items to push, from `self.data`; raise MappingMissing listing every missing mapping."""
        raise NotImplementedError

    def push(self, *, mirror: RemoteObject, payload: dict) -> str | None:
        """Send one item (one client call); return its remote id when the vendor gives one."""
        raise NotImplementedError

    def remove(self, *, mirror: RemoteObject) -> None:
        """Remove an item that no longer exists locally (sections with `removes_stale`)."""
        raise NotImplementedError

    def recover_lost(self, *, mirror: RemoteObject, payload: dict, lost: AnswerLost) -> str | None:
        """A push that created an item lost its answer: the remote id the vendor now holds for it.

        Sections whose push creates remote objects override it with a lookup; re-raise `lost` when
        nothing is found (the task is retried). The default re-raises: sending a set-style push again is safe.
        """
        raise lost

    # -- recipe ---------------------------------------------------------------------------------

    @property
    def client(self) -> Any:
        return self.context.client

    @property
    def channel(self):
        return self.context.channel

    def enabled(self) -> bool:
        """Off when the channel's switch is off or the remote side is master of this group."""
        if self.switch and not getattr(self.channel, self.switch):
            return False
        return not (self.master_group and self.channel.master_of(self.master_group) == "remote")

    def existing(self) -> dict[tuple, PartMirror]:
        """This listing's mirrors of this section, by item key (prefetched by the product step)."""
        if self.remote_product is None or self.remote_product.pk is None:
            return {}
        key = ("section_mirrors", self.mirror_model, self.remote_product.pk)
        return self.context.cached(key, self._load_existing)

    def _load_existing(self) -> dict[tuple, PartMirror]:
        rows = self.mirror_model.objects.filter(remote_product=self.remote_product)
        return {self.item_key(row): row for row in rows}

    def item_key(self, mirror: RemoteObject) -> tuple:
        """The key of an existing mirror; must match the key `items()` gives for the same item."""
        return (mirror.remote_id,)

    def run(self) -> StepOutcome:
        if not self.enabled():
            return StepOutcome(kind=SKIPPED, detail=f"{self.name}: switched off or owned by the remote side.")
        existing = self.existing()
        items = self.items()
        outcomes = [self._push_item(existing, key, lookup, payload) for key, lookup, payload in items]
        if self.removes_stale:
            wanted = {key for key, _, _ in items}
            outcomes += [self._remove_item(existing, key) for key in list(existing) if key not in wanted]
        kinds = {outcome.kind for outcome in outcomes}
        kind = UPDATED if kinds & {CREATED, UPDATED, DELETED} else UNCHANGED
        return StepOutcome(kind=kind, detail=self.name, children=tuple(o for o in outcomes if o.kind != UNCHANGED))

    def _binder(self, existing: dict, key: tuple, lookup: dict[str, Any]) -> MirrorBinder:
        return MirrorBinder(
            model=self.mirror_model,
            channel=self.channel,
            keys={"remote_product": self.remote_product, **lookup},
            known=existing,
            known_key=key,
        )

    def _push_item(self, existing: dict, key: tuple, lookup: dict[str, Any], payload: dict) -> StepOutcome:
        payload = normalise(payload)
        digest = payload_hash(payload)
        mirror = existing.get(key)
        if mirror is not None and (is_current(mirror, digest) or (self.only_first_push and mirror.payload_hash)):
            return StepOutcome(kind=UNCHANGED, remote_id=mirror.remote_id)
        kind = CREATED if mirror is None else UPDATED
        if self.context.dry_run:
            before = mirror.last_payload if mirror is not None else {}
            return StepOutcome(kind=kind, detail=f"{self.name} {key}", diff=diff_payloads(before or {}, payload))
        binder = self._binder(existing, key, lookup)
        mirror = mirror or binder.new()
        try:
            remote_id = self._push_or_recover(mirror=mirror, payload=payload)
        except Exception as error:
            binder.record_failure(mirror, error)
            raise
        if mirror.pk is None:
            binder.stage(mirror, remote_id=remote_id, payload=payload, digest=digest)
            self.context.writer.add(mirror)
        else:
            mirror = binder.bind(mirror, remote_id=remote_id, payload=payload, digest=digest)
        return StepOutcome(kind=kind, remote_id=mirror.remote_id, detail=f"{self.name} {key}")

    def _push_or_recover(self, *, mirror: RemoteObject, payload: dict) -> str | None:
        try:
            return self.push(mirror=mirror, payload=payload)
        except AnswerLost as lost:
            if mirror.remote_id:  # addressed by its id: pushing it again is safe
                raise
            return self.recover_lost(mirror=mirror, payload=payload, lost=lost)

    def _remove_item(self, existing: dict, key: tuple) -> StepOutcome:
        mirror = existing[key]
        if self.context.dry_run:
            return StepOutcome(kind=DELETED, remote_id=mirror.remote_id, detail=f"{self.name} {key}")
        try:
            self.remove(mirror=mirror)
        except RemoteObjectMissing:
            pass
        except Exception as error:
            MirrorBinder(model=self.mirror_model, channel=self.channel, keys={}).record_failure(mirror, error)
            raise
        mirror.delete()
        del existing[key]
        return StepOutcome(kind=DELETED, remote_id=mirror.remote_id, detail=f"{self.name} {key}")
