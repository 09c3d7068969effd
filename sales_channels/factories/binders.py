"""The binder: remote id <-> local row for one mirror, with the lock that makes create-or-link safe.

`lock()` must run inside `transaction.atomic()`: it gets or creates the mirror row and takes a row
lock on it (`select_for_update`; on SQLite the IMMEDIATE transaction's write lock serializes the
same way). A second worker creating the same object waits on that lock (or on the unique index
for a brand-new row), then sees the remote id the first one bound and updates instead of creating.

`bind_or_get` is the same guarantee for mirrors created outside that lock (auto-mapped properties,
variant and media rows): the insert runs in a savepoint, and losing the race to the unique
constraint returns the row the other worker wrote instead of failing.
"""

from typing import Any, Generic, TypeVar, cast

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from sales_channels.exceptions import SalesChannelError
from sales_channels.factories.outcomes import normalise, payload_hash
from sales_channels.models import MirrorStatus, RemoteObject

MirrorT = TypeVar("MirrorT", bound=RemoteObject)

MAX_ERROR_LENGTH = 4000
STATE_FIELDS = ("status", "last_error", "last_synced_at", "payload_hash", "last_payload")


def bind_or_get(row: RemoteObject, *, unique: dict[str, Any]) -> tuple[RemoteObject, bool]:
    """Save `row`, or return the row a concurrent worker already saved under the same unique key.

    `unique` are the constrained fields (e.g. channel and local instance) used to read the winner back;
    returns (row, True) when ours was written, (theirs, False) when we lost. The save runs in a savepoint,
    so the lost race does not abort the caller's transaction (PostgreSQL); an IntegrityError on another
    key (nothing found under `unique`) is re-raised.
    """
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        existing = type(row).objects.filter(**unique).first()
        if existing is None:
            raise
        return existing, False
    return row, True


def error_text(error: BaseException) -> str:
    """How an error is stored on a mirror or a task: the taxonomy's message, else type and message."""
    if isinstance(error, SalesChannelError):
        return error.message[:MAX_ERROR_LENGTH]
    return f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH]


class MirrorBinder(Generic[MirrorT]):
    """Finds, locks, binds and fails the mirror row of one local object on one channel."""

    def __init__(
        self,
        *,
        model: type[MirrorT],
        channel,
        keys: dict[str, Any],
        defaults: dict[str, Any] | None = None,
        known: dict[Any, MirrorT | None] | None = None,
        known_key: Any = None,
    ) -> None:
        self.model = model
        self.channel = channel
        self.keys = keys
        self.defaults = defaults or {}
        self.known = known
        self.known_key = known_key
        self.inserted = False

    def _rows(self) -> "QuerySet[MirrorT]":
        """All rows of the mirror model (django-stubs types a TypeVar-bound model's manager as the bound's)."""
        return cast("QuerySet[MirrorT]", self.model._default_manager.all())

    def find(self) -> MirrorT | None:
        """The mirror, from the prefetched rows when there are some, else from the database."""
        if self.known is not None:
            return self.known.get(self.known_key)
        return self._rows().filter(sales_channel=self.channel, **self.keys).first()

    def lock(self) -> MirrorT:
        """Get or create the mirror and hold a row lock on it until the surrounding transaction ends."""
        self.inserted = False
        if self.known is not None and self.known.get(self.known_key) is None:
            inserted = self._insert_new()
            if inserted is not None:
                self.inserted = True
                self._remember(inserted)
                return inserted
        mirror, created = self._rows().get_or_create(
            sales_channel=self.channel,
            **self.keys,
            defaults={"multi_tenant_company_id": self.channel.multi_tenant_company_id, **self.defaults},
        )
        if not created:
            mirror = self._rows().select_for_update().get(pk=mirror.pk)
        self.inserted = created
        self._remember(mirror)
        return mirror

    def _insert_new(self) -> MirrorT | None:
        """Prefetched as absent: insert the row at once (ours alone until commit); None when another worker won."""
        mirror = self.new()
        try:
            with transaction.atomic():  # a savepoint: a conflicting insert must not abort the transaction
                mirror.save(force_insert=True)
        except IntegrityError:
            return None
        return mirror

    def new(self) -> MirrorT:
        """An unsaved mirror for this object (sections save it only once the vendor accepted it)."""
        return self.model(
            sales_channel=self.channel,
            multi_tenant_company_id=self.channel.multi_tenant_company_id,
            **self.keys,
            **self.defaults,
        )

    def bind(self, mirror: MirrorT, *, remote_id: str | None, payload: dict, digest: str | None = None) -> MirrorT:
        """Record success: the remote id, status synced, the payload and its hash; returns the saved row."""
        mirror = self.stage(mirror, remote_id=remote_id, payload=payload, digest=digest)
        if mirror.pk is None:
            mirror = self._save_new(mirror)
        else:
            self._write(mirror, ("remote_id", *STATE_FIELDS, *self.defaults))
        self._remember(mirror)
        return mirror

    def bind_remote_id(self, mirror: MirrorT, *, remote_id: str) -> MirrorT:
        """Record only the link to an object found after a lost answer (not synced: its payload is pushed next)."""
        mirror.remote_id = str(remote_id)
        for name, value in self.defaults.items():
            setattr(mirror, name, value)
        mirror.payload_hash = ""
        mirror.last_payload = None
        self._write(mirror, ("remote_id", "payload_hash", "last_payload", *self.defaults))
        self._remember(mirror)
        return mirror

    def _write(self, mirror: MirrorT, fields) -> None:
        """UPDATE these fields of an existing mirror in one statement (mirrors have no save side effects)."""
        mirror.updated_at = timezone.now()
        values = {name: getattr(mirror, name) for name in (*fields, "updated_at")}
        self._rows().filter(pk=mirror.pk).update(**values)

    def stage(self, mirror: MirrorT, *, remote_id: str | None, payload: dict, digest: str | None = None) -> MirrorT:
        """Set the success fields without saving (a new section mirror is then written in bulk)."""
        if remote_id is not None:
            mirror.remote_id = str(remote_id)
        for name, value in self.defaults.items():
            setattr(mirror, name, value)
        mirror.status = MirrorStatus.SYNCED
        mirror.last_error = ""
        mirror.last_synced_at = timezone.now()
        mirror.payload_hash = digest or payload_hash(payload)
        mirror.last_payload = normalise(payload)
        self._remember(mirror)
        return mirror

    def record_failure(self, mirror: MirrorT | None, error: BaseException, *, status: str = "") -> MirrorT:
        """Store the failure on the mirror (creating the row if needed) so it is visible; the caller re-raises.

        `status` defaults to failed; a caller that knows the task will run again passes waiting.
        """
        if mirror is None:
            mirror = self.find() or self.new()
        mirror.status = status or MirrorStatus.FAILED
        mirror.last_error = error_text(error)
        mirror = self._save(mirror)
        self._remember(mirror)
        return mirror

    def _save(self, mirror: MirrorT) -> MirrorT:
        """Save; a brand-new row that another worker inserted meanwhile is merged into theirs."""
        if mirror.pk is not None:
            mirror.save()
            return mirror
        return self._save_new(mirror)

    def _save_new(self, mirror: MirrorT) -> MirrorT:
        try:
            with transaction.atomic():
                mirror.save()
        except IntegrityError:
            existing = self._rows().get(sales_channel=self.channel, **self.keys)
            for name in STATE_FIELDS:
                setattr(existing, name, getattr(mirror, name))
            existing.remote_id = mirror.remote_id or existing.remote_id
            existing.save()
            return existing
        return mirror

    def _remember(self, mirror: MirrorT) -> None:
        if self.known is not None:
            self.known[self.known_key] = mirror


class MirrorWriter:
    """Buffers brand-new section mirrors and inserts them with one statement per model on `flush()`.

    A crash before the flush only costs a repeated (idempotent) push of those parts next time; a row
    another worker inserted meanwhile wins (ON CONFLICT DO NOTHING). Multi-table subclasses cannot
    be bulk-inserted, so they are saved one by one.
    """

    def __init__(self) -> None:
        self.pending: dict[type[RemoteObject], list[RemoteObject]] = {}

    def add(self, mirror: RemoteObject) -> None:
        self.pending.setdefault(type(mirror), []).append(mirror)

    def flush(self, *, cache: dict | None = None) -> None:
        """Insert what is buffered; cached section mirrors of the touched listings are dropped (they have no pk)."""
        pending, self.pending = self.pending, {}
        if not pending:
            return
        with transaction.atomic():
            for model, rows in pending.items():
                if model._meta.parents:
                    for row in rows:
                        MirrorBinder(model=model, channel=row.sales_channel, keys={})._save_new(row)
                else:
                    model.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
        for model, rows in pending.items():
            if cache is not None:
                for row in rows:
                    cache.pop(("section_mirrors", model, getattr(row, "remote_product_id", None)), None)
