"""`manage.py sales_channel_status [--company NAME] [--check]`: one line per channel with its queue and last error.

`--check` first makes a live connection check of every active channel (the integration's
`connection.test`, as the admin's "Test the connection" does) and exits non-zero when one fails,
naming each failed channel and the cause.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, OuterRef, Q, Subquery

from core.models import MultiTenantCompany
from sales_channels import services
from sales_channels.explain import public_error
from sales_channels.models import SalesChannel, SyncTask, SyncTaskStatus

COLUMNS = (
    ("ID", 5),
    ("Channel", 24),
    ("Company", 16),
    ("Integration", 16),
    ("Active", 6),
    ("Status", 12),
    ("Queued", 6),
    ("Deferred", 8),
    ("Failed", 6),
    ("Last error", 0),
)
ERROR_WIDTH = 70


def _count(status: str) -> Count:
    return Count("sync_tasks", filter=Q(sync_tasks__status=status))


def channel_rows(*, company: MultiTenantCompany | None = None) -> list[tuple]:
    """(id, name, company, integration, active, status, queued, deferred, failed, last error) per channel."""
    last_failure = (
        SyncTask.objects.filter(sales_channel=OuterRef("pk"), status=SyncTaskStatus.FAILED)
        .order_by("-finished_at", "-pk")
        .values("error")[:1]
    )
    channels = SalesChannel.objects.select_related("multi_tenant_company").annotate(
        queued=_count(SyncTaskStatus.QUEUED),
        deferred=_count(SyncTaskStatus.DEFERRED),
        failed=_count(SyncTaskStatus.FAILED),
        last_task_error=Subquery(last_failure),
    )
    if company is not None:
        channels = channels.filter(multi_tenant_company=company)
    return [
        (
            channel.pk,
            channel.name,
            channel.multi_tenant_company.name,
            channel.integration or "-",
            "yes" if channel.active else "no",
            channel.connection_status,
            channel.queued,
            channel.deferred,
            channel.failed,
            _one_line(public_error(text=channel.last_connection_error or channel.last_task_error or "")),
        )
        for channel in channels.order_by("multi_tenant_company__name", "name", "pk")
    ]


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= ERROR_WIDTH else f"{text[: ERROR_WIDTH - 3]}..."


def _line(values) -> str:
    cells = []
    for value, (_, width) in zip(values, COLUMNS, strict=True):
        cells.append(str(value)[:width].ljust(width) if width else str(value))
    return "  ".join(cells).rstrip()


class Command(BaseCommand):
    """Print a table of channels: integration, connection status, queued/deferred/failed tasks, last error."""

    help = "Show every sales channel with its connection status, pending and failed tasks and last error."

    def add_arguments(self, parser):
        parser.add_argument("--company", help="Only this company's channels (its name).")
        parser.add_argument(
            "--check", action="store_true", help="Test the connection of every active channel now; exit 1 on failure."
        )

    def handle(self, *args, company: str | None = None, check: bool = False, **options):
        tenant = None
        if company is not None:
            tenant = MultiTenantCompany.objects.filter(name=company).first()
            if tenant is None:
                raise CommandError(f"Company '{company}' was not found.")
        failures = self._check(company=tenant) if check else []
        rows = channel_rows(company=tenant)
        if not rows:
            self.stdout.write("No sales channels.")
            return
        self.stdout.write(self.style.MIGRATE_HEADING(_line([name for name, _ in COLUMNS])))
        for row in rows:
            line = _line(row)
            self.stdout.write(self.style.ERROR(line) if row[8] or row[5] == "failed" else line)
        if failures:
            names = ", ".join(failures)
            raise CommandError(f"{len(failures)} channel(s) failed the connection check: {names}.", returncode=1)

    def _check(self, *, company: MultiTenantCompany | None) -> list[str]:
        """Test every active channel now; print one line each; return the names of those that failed."""
        channels = SalesChannel.objects.filter(active=True).order_by("name", "pk")
        if company is not None:
            channels = channels.filter(multi_tenant_company=company)
        failed = []
        for channel in channels:
            try:
                services.check_connection(channel=channel)
            except services.ChannelActionError as error:
                failed.append(channel.name)
                self.stdout.write(self.style.ERROR(f"{channel.name}: cannot be checked. {error}"))
                continue
            if channel.connection_status == SalesChannel.ConnectionStatus.CONNECTED:
                self.stdout.write(self.style.SUCCESS(f"{channel.name}: connected"))
            else:
                failed.append(channel.name)
                self.stdout.write(self.style.ERROR(f"{channel.name}: failed. {channel.last_connection_error}"))
        return failed
