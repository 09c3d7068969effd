"""The abstract remote mirror: one row pairs a local object with its id on one channel.

A mirror remembers what the vendor holds for us: the remote id, a status, the last error, when it
last synced, and the hash (and body) of the last payload that succeeded. The hash is how an
unchanged update becomes no HTTP call; the body is what a dry run diffs against.

Bindings are unique: at most one mirror per (channel, remote id) and per (channel, local
object[, view]); `mirror_constraints` builds both for every concrete mirror.
"""

from django.db import models
from django.db.models import Q

from core.models import TenantModel


class MirrorStatus(models.TextChoices):
    """Where a mirror stands against the vendor."""

    PENDING = "pending", "Pending"
    SYNCED = "synced", "Synced"
    FAILED = "failed", "Failed"
    OUTDATED = "outdated", "Outdated"
    WAITING = "waiting", "Waiting"  # deferred (throttled or retrying later): not a failure


class RemoteObject(TenantModel):
    """Abstract base of every mirror: channel, remote id, status, last error and last payload hash."""

    sales_channel = models.ForeignKey("sales_channels.SalesChannel", on_delete=models.CASCADE, related_name="+")
    # CharField because 0 is a valid id for some vendors; blank until the remote object exists.
    remote_id = models.CharField(max_length=255, blank=True, default="")
    status = models.CharField(max_length=16, choices=MirrorStatus.choices, default=MirrorStatus.PENDING)
    last_error = models.TextField(blank=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    payload_hash = models.CharField(max_length=64, blank=True, help_text="sha256 of the last payload that succeeded.")
    last_payload = models.JSONField(null=True, blank=True, help_text="The last payload that succeeded (for diffs).")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{type(self).__name__}({self.remote_id or 'not created'})"

    @property
    def is_created(self) -> bool:
        """True once the vendor has assigned an id."""
        return bool(self.remote_id)


def mirror_constraints(prefix: str, *, local: tuple[str, ...], remote_id: bool = True) -> list[models.BaseConstraint]:
    """Unique (channel, remote id) when set, and unique (channel, *local) for one concrete mirror."""
    constraints: list[models.BaseConstraint] = [
        models.UniqueConstraint(fields=["sales_channel", *local], name=f"{prefix}_local_unique"),
    ]
    if remote_id:
        constraints.append(
            models.UniqueConstraint(
                fields=["sales_channel", "remote_id"], condition=~Q(remote_id=""), name=f"{prefix}_remote_unique"
            )
        )
    return constraints


def view_mirror_constraints(prefix: str, *, local: tuple[str, ...]) -> list[models.BaseConstraint]:
    """Like `mirror_constraints` for mirrors scoped by an optional view (marketplace listings).

    A NULL view never equals another NULL in a unique index, so the storefront case (no view) and the
    marketplace case (one mirror per view) each get their own partial constraint.
    """
    return [
        models.UniqueConstraint(
            fields=["sales_channel", *local], condition=Q(view__isnull=True), name=f"{prefix}_local_unique"
        ),
        models.UniqueConstraint(
            fields=["sales_channel", "view", *local],
            condition=Q(view__isnull=False),
            name=f"{prefix}_local_view_unique",
        ),
        models.UniqueConstraint(
            fields=["sales_channel", "remote_id"],
            condition=~Q(remote_id="") & Q(view__isnull=True),
            name=f"{prefix}_remote_unique",
        ),
        models.UniqueConstraint(
            fields=["sales_channel", "view", "remote_id"],
            condition=~Q(remote_id="") & Q(view__isnull=False),
            name=f"{prefix}_remote_view_unique",
        ),
    ]
