"""The lifecycle every mirrored object shares: create (or link), update, create-or-update, delete.

`MirrorStep` is the recipe; an integration subclasses it per object and supplies the hooks:
`mirror_keys` (which mirror row), `build_payload` (calls a pure builder), `find_remote` (look the
object up remotely, by SKU say), `create_remote`, `update_remote`, `delete_remote` (one client
call each). The rules it guarantees:

- create first looks the object up (the stored id, then `find_remote`) and links or updates
  instead of duplicating; the mirror row is locked around create-or-link, so two workers never
  both create. Vendor failures inside the lock are recorded on the mirror and the transaction is
  *committed* before re-raising, so the failure and the call log rows survive;
- an update whose payload hash equals the mirror's last successful hash makes no call
  ('unchanged'); an update of a remote object that no longer exists recreates it;
- a dry run computes the outcome and the field-level diff against the last pushed payload and
  calls nothing;
- every failure lands on the mirror (status failed, last error) and is re-raised for the task
  layer to classify;
- a create whose answer was lost (`AnswerLost`: truncated body, read timeout) is resolved inside
  the lock: the step looks up what the vendor now holds (`recover_lost_create`, by default
  `find_remote`), binds it (the remote id first, so a later failure keeps the link) and updates
  it; when nothing was created it creates again (`redo_lost_create`) or defers the task;
- what the answer carries besides the id (variant or media ids) is bound inside the lock too:
  `create_remote` returns a `RemoteAnswer` (the id and the answer's body), `update_remote` returns
  the body, and `bind_answer` receives it, so steps keep no answer on the instance; a worker that
  waited on the lock while another bound the object reloads what it had cached
  (`on_bound_elsewhere`) and goes on as update or unchanged.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import DatabaseError, transaction

from sales_channels.exceptions import AnswerLost, RemoteObjectMissing
from sales_channels.factories.base import SyncStep
from sales_channels.factories.binders import MirrorBinder
from sales_channels.factories.outcomes import (
    CREATED,
    DELETED,
    LINKED,
    UNCHANGED,
    UPDATED,
    StepOutcome,
    diff_payloads,
    normalise,
    payload_hash,
)
from sales_channels.models import MirrorStatus, RemoteObject

CREATE = "create"
UPDATE = "update"
SYNC = "sync"
DELETE = "delete"


@dataclass(frozen=True)
class RemoteAnswer:
    """What a create call answered: the new object's remote id and the body `bind_answer` binds from."""

    remote_id: str
    body: Any = None


def split_created(created: str | RemoteAnswer) -> tuple[str, Any]:
    """The remote id and the answer body of what `create_remote` returned (a bare id has no body)."""
    if isinstance(created, RemoteAnswer):
        return created.remote_id, created.body
    return created, None


def is_current(mirror: RemoteObject | None, digest: str) -> bool:
    """True when the mirror already holds exactly this payload, successfully pushed."""
    return mirror is not None and mirror.status == MirrorStatus.SYNCED and mirror.payload_hash == digest


class MirrorStep(SyncStep):
    """Create / update / sync / delete of one mirrored object; `action` picks the recipe."""

    mirror_model: ClassVar[type[RemoteObject]]
    action: str = SYNC  # a subclass sets it; a parent step sets it on the variation steps it runs
    # A create whose answer was lost and whose lookup finds nothing: create again at once (True), or defer
    # the task (False, for vendors whose lookup lags behind their writes, e.g. a search index).
    redo_lost_create: ClassVar[bool] = True

    # -- hooks ----------------------------------------------------------------------------------

    def mirror_keys(self) -> dict[str, Any]:
        """Lookup kwargs of this object's mirror row (besides the channel)."""
        return {"local_instance_id": self.object_id}

    def mirror_defaults(self) -> dict[str, Any]:
        """Extra mirror fields set on create and on every successful bind (a remote SKU, a parent)."""
        return {}

    def build_payload(self) -> dict:
        """The vendor payload for the local object (delegate to a pure builder)."""
        raise NotImplementedError

    def find_remote(self, *, payload: dict) -> str | None:
        """The remote id of an existing remote object for this local one (by SKU, say), or None."""
        return None

    def create_remote(self, *, payload: dict) -> str | RemoteAnswer:
        """Create the remote object; return its remote id, or a `RemoteAnswer` when `bind_answer` needs the body."""
        raise NotImplementedError

    def update_remote(self, *, remote_id: str, payload: dict) -> Any:
        """Update the remote object and return the answer body `bind_answer` needs (or None).

        Raise RemoteObjectMissing when the object no longer exists.
        """
        raise NotImplementedError

    def delete_remote(self, *, remote_id: str) -> None:
        """Delete the remote object; RemoteObjectMissing counts as already deleted."""
        raise NotImplementedError

    def recover_lost_create(self, *, payload: dict, lost: AnswerLost) -> str | None:
        """A create's answer was lost: the remote id of what the vendor now holds for this object, or None.

        The default is the step's lookup (`find_remote`); override to read back by an id the request carried.
        """
        return self.find_remote(payload=payload)

    def bind_answer(self, *, mirror: RemoteObject, answer: Any) -> None:
        """Bind what the create/update answer carried besides the id (variant, media ids); None when it carried nothing.

        Runs right after the mirror is bound, inside the create lock, so a worker waiting on it finds them bound.
        """

    def annotate_preview(self, *, outcome: StepOutcome, mirror: RemoteObject | None, payload: dict) -> StepOutcome:
        """A dry run's outcome with what else the vendor can say read-only (a fee quote, say); by default as is."""
        return outcome

    def on_bound_elsewhere(self, *, mirror: RemoteObject) -> None:
        """Another worker bound this object while this run waited for the lock: reload what the run cached about it."""

    def after_bind(self, *, mirror: RemoteObject | None) -> list[StepOutcome]:
        """Sub-steps to run once the object exists remotely (content, prices, images, ...)."""
        return []

    def on_new_mirror(self, *, mirror: RemoteObject) -> None:
        """The mirror row was just inserted: nothing hangs off it yet (lets steps skip lookups)."""

    def forget_remote_parts(self, *, mirror: RemoteObject) -> None:
        """The remote object vanished: drop what we knew about its parts, so they are pushed again."""

    # -- recipe ---------------------------------------------------------------------------------

    def binder(self) -> MirrorBinder:
        return MirrorBinder(
            model=self.mirror_model, channel=self.channel, keys=self.mirror_keys(), defaults=self.mirror_defaults()
        )

    def run(self) -> StepOutcome:
        recipes: dict[str, Callable[[], StepOutcome]] = {
            CREATE: self.create,
            UPDATE: self.sync,
            SYNC: self.sync,
            DELETE: self.delete,
        }
        return recipes[self.action]()

    def create(self) -> StepOutcome:
        """Create or link (lookup first); an object that already exists is updated instead."""
        binder = self.binder()
        payload = self._mapped(binder)
        if self.dry_run:
            return self._preview(binder.find(), payload)
        outcome, mirror = self._locked_create_or_link(binder, payload)
        return outcome.with_children(self.after_bind(mirror=mirror))

    def sync(self) -> StepOutcome:
        """Update when the object exists remotely, create (or link) otherwise."""
        binder = self.binder()
        mirror = binder.find()
        if mirror is None or not mirror.remote_id:
            return self.create()
        payload = self._mapped(binder, mirror)
        if self.dry_run:
            return self._preview(mirror, payload)
        outcome, mirror = self._update(binder, mirror, payload)
        return outcome.with_children(self.after_bind(mirror=mirror))

    def delete(self) -> StepOutcome:
        """Delete the remote object (missing counts as deleted) and its mirror."""
        binder = self.binder()
        mirror = binder.find()
        remote_id = mirror.remote_id if mirror is not None else str(self.task_payload.get("remote_id") or "")
        if not remote_id:
            if mirror is not None and not self.dry_run:
                mirror.delete()
            return StepOutcome(kind=UNCHANGED, detail="Nothing exists remotely.")
        if self.dry_run:
            return StepOutcome(kind=DELETED, remote_id=remote_id, detail="Dry run: would delete.")
        try:
            self.delete_remote(remote_id=remote_id)
        except RemoteObjectMissing:
            pass  # already gone: the outcome the delete wanted
        except Exception as error:
            if mirror is not None:
                binder.record_failure(mirror, error)
            raise
        if mirror is not None:
            mirror.delete()
        return StepOutcome(kind=DELETED, remote_id=remote_id)

    # -- pieces ---------------------------------------------------------------------------------

    def _mapped(self, binder: MirrorBinder, mirror: RemoteObject | None = None) -> dict:
        """Build the payload; a mapping failure is stored on the mirror (unless dry run) and re-raised."""
        try:
            return normalise(self.build_payload())
        except Exception as error:
            if not self.dry_run:
                binder.record_failure(mirror, error)
            raise

    def _preview(self, mirror: RemoteObject | None, payload: dict) -> StepOutcome:
        before = (mirror.last_payload or {}) if mirror is not None else {}
        remote_id = mirror.remote_id if mirror is not None else ""
        if not remote_id:
            kind = CREATED
        else:
            kind = UNCHANGED if is_current(mirror, payload_hash(payload)) else UPDATED
        outcome = StepOutcome(kind=kind, remote_id=remote_id, detail="Dry run.", diff=diff_payloads(before, payload))
        outcome = self.annotate_preview(outcome=outcome, mirror=mirror, payload=payload)
        return outcome.with_children(self.after_bind(mirror=mirror))

    def _locked_create_or_link(self, binder: MirrorBinder, payload: dict) -> tuple[StepOutcome, RemoteObject]:
        failure: BaseException | None = None
        cached = binder.known.get(binder.known_key) if binder.known is not None else None
        believed_bound = cached is not None and bool(cached.remote_id)
        with transaction.atomic():
            mirror = binder.lock()
            if binder.inserted:
                self.on_new_mirror(mirror=mirror)
            elif mirror.remote_id and not believed_bound:
                self.on_bound_elsewhere(mirror=mirror)
            try:
                outcome = self._create_or_link(binder, mirror, payload)
            except DatabaseError:
                raise
            except Exception as error:  # noqa: BLE001 - recorded on the mirror, committed, re-raised below
                binder.record_failure(mirror, error)
                failure = error
        if failure is not None:
            raise failure
        return outcome, mirror

    def _create_or_link(self, binder: MirrorBinder, mirror: RemoteObject, payload: dict) -> StepOutcome:
        digest = payload_hash(payload)
        if mirror.remote_id:  # switched to sync: another worker (or an earlier run) created it
            if is_current(mirror, digest):
                return StepOutcome(kind=UNCHANGED, remote_id=mirror.remote_id)
            answer = self.update_remote(remote_id=mirror.remote_id, payload=payload)
            self._bind(binder, mirror, remote_id=mirror.remote_id, payload=payload, digest=digest, answer=answer)
            return StepOutcome(kind=UPDATED, remote_id=mirror.remote_id)
        found_id = self.find_remote(payload=payload)
        if found_id:
            answer = self.update_remote(remote_id=found_id, payload=payload)
            self._bind(binder, mirror, remote_id=found_id, payload=payload, digest=digest, answer=answer)
            return StepOutcome(kind=LINKED, remote_id=str(found_id), detail="Found remotely; linked and updated.")
        try:
            remote_id, answer = split_created(self.create_remote(payload=payload))
        except AnswerLost as lost:
            return self._recover_lost_create(binder, mirror, payload, lost)
        self._bind(binder, mirror, remote_id=remote_id, payload=payload, digest=digest, answer=answer)
        return StepOutcome(kind=CREATED, remote_id=str(remote_id))

    def _recover_lost_create(
        self, binder: MirrorBinder, mirror: RemoteObject, payload: dict, lost: AnswerLost
    ) -> StepOutcome:
        """The create's answer was lost: bind what the vendor now holds, else create again (or defer the task)."""
        digest = payload_hash(payload)
        remote_id = self.recover_lost_create(payload=payload, lost=lost)
        if remote_id:
            binder.bind_remote_id(mirror, remote_id=remote_id)  # the link first: a failure below keeps it
            answer = self.update_remote(remote_id=remote_id, payload=payload)
            self._bind(binder, mirror, remote_id=remote_id, payload=payload, digest=digest, answer=answer)
            detail = "The answer to the create was lost; found the created object and bound it."
            return StepOutcome(kind=CREATED, remote_id=str(remote_id), detail=detail)
        if not self.redo_lost_create:
            raise lost
        created_id, answer = split_created(self.create_remote(payload=payload))
        self._bind(binder, mirror, remote_id=created_id, payload=payload, digest=digest, answer=answer)
        detail = "The answer to the create was lost and the vendor held nothing; created again."
        return StepOutcome(kind=CREATED, remote_id=str(created_id), detail=detail)

    def _bind(
        self, binder: MirrorBinder, mirror: RemoteObject, *, remote_id: str, payload: dict, digest: str, answer: Any
    ) -> None:
        binder.bind(mirror, remote_id=remote_id, payload=payload, digest=digest)
        self.bind_answer(mirror=mirror, answer=answer)

    def _update(self, binder: MirrorBinder, mirror: RemoteObject, payload: dict) -> tuple[StepOutcome, RemoteObject]:
        digest = payload_hash(payload)
        if is_current(mirror, digest):
            return StepOutcome(kind=UNCHANGED, remote_id=mirror.remote_id), mirror
        try:
            answer = self.update_remote(remote_id=mirror.remote_id, payload=payload)
        except RemoteObjectMissing:
            return self._recreate(binder, mirror, payload)
        except Exception as error:
            binder.record_failure(mirror, error)
            raise
        self._bind(binder, mirror, remote_id=mirror.remote_id, payload=payload, digest=digest, answer=answer)
        return StepOutcome(kind=UPDATED, remote_id=mirror.remote_id), mirror

    def _recreate(self, binder: MirrorBinder, mirror: RemoteObject, payload: dict) -> tuple[StepOutcome, RemoteObject]:
        """The remote object vanished: forget its id and go through create-or-link again (switched to create)."""
        missing_id = mirror.remote_id
        self.forget_remote_parts(mirror=mirror)
        mirror.remote_id = ""
        mirror.payload_hash = ""
        mirror.status = MirrorStatus.OUTDATED
        mirror.save()
        outcome, mirror = self._locked_create_or_link(binder, payload)
        detail = f"Remote object {missing_id} was missing; recreated."
        return StepOutcome(kind=outcome.kind, remote_id=outcome.remote_id, detail=detail), mirror


class CreateStep(MirrorStep):
    """Create (or link to an existing remote object, then update it)."""

    action = CREATE


class UpdateStep(MirrorStep):
    """Update; switches to create when nothing exists remotely, recreates when the remote vanished."""

    action = UPDATE


class CreateOrUpdateStep(MirrorStep):
    """The full sync: update when bound, create or link otherwise."""

    action = SYNC


class DeleteStep(MirrorStep):
    """Delete the remote object and forget the mirror."""

    action = DELETE
