"""`manage.py sales_channel_import --channel ID [--kind products] [--update-only] [--dry-run] [--now]`,
or `manage.py sales_channel_import --resume IMPORT_ID [--company NAME] [--now]`.

Starts an import the way GraphQL and the admin do (`services.start_import`), or resumes a failed
or stopped one from its saved cursor (`services.resume_import`). By default the queue
runs it; `--now` runs it in this process (a worker that already took it is followed instead) with a
progress bar fed by the import's own per-page saves, then prints its counts; it exits non-zero when
the import did not succeed.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models.signals import post_save
from tqdm import tqdm

from sales_channels import services
from sales_channels.explain import public_error
from sales_channels.models import ImportProcess, ImportStatus
from sales_channels.tasks import execute_import

FINISHED = (ImportStatus.SUCCEEDED, ImportStatus.FAILED, ImportStatus.CANCELLED)
POLL_SECONDS = 1.0


class Command(BaseCommand):
    """Start (and with --now, run) an import of a kind of record from one channel."""

    help = "Import products (or another kind) from a sales channel into the catalog."

    def add_arguments(self, parser):
        parser.add_argument("--channel", help="The sales channel id (to start an import).")
        parser.add_argument("--resume", metavar="IMPORT_ID", help="Resume this failed or stopped import instead.")
        parser.add_argument("--company", help="Refuse a channel of any other company (its name).")
        parser.add_argument("--kind", default="products", help="What to import (default: products).")
        parser.add_argument("--update-only", action="store_true", help="Update existing products; create none.")
        parser.add_argument("--dry-run", action="store_true", help="Count what would happen; write nothing local.")
        parser.add_argument("--now", action="store_true", help="Run the import in this process with a progress bar.")
        parser.add_argument("--timeout", type=float, default=3600.0, help="With --now: stop following after N s.")

    def handle(self, *args, **options):
        if not options["channel"] and not options["resume"]:
            raise CommandError("Give --channel ID to start an import, or --resume IMPORT_ID to resume one.")
        try:
            if options["resume"]:
                process = self._resume(import_id=options["resume"], company_name=options["company"])
            else:
                process = self._start(options)
        except services.ChannelActionError as error:
            raise CommandError(str(error)) from error
        if not options["now"]:
            self.stdout.write("A worker runs it; follow it in the admin or with `sales_channel_status`.")
            return
        process = self._run_here(process=process, timeout=options["timeout"])
        self._summary(process)
        if process.status != ImportStatus.SUCCEEDED:
            raise CommandError(f"Import #{process.pk} did not succeed ({process.status}).", returncode=1)

    def _start(self, options) -> ImportProcess:
        channel = services.find_channel(channel_id=options["channel"], company_name=options["company"])
        process = services.start_import(
            channel=channel, kind=options["kind"], update_only=options["update_only"], dry_run=options["dry_run"]
        )
        mode = " (dry run)" if process.dry_run else ""
        self.stdout.write(f"Import #{process.pk} of {process.kind} from '{channel.name}' started{mode}.")
        return process

    def _resume(self, *, import_id: str, company_name: str | None) -> ImportProcess:
        rows = ImportProcess.objects.filter(pk=import_id) if str(import_id).isdigit() else ImportProcess.objects.none()
        if company_name:
            rows = rows.filter(multi_tenant_company__name=company_name)
        process = rows.select_related("sales_channel").first()
        if process is None:
            raise services.ChannelActionError(f"Import {import_id} was not found.")
        process = services.resume_import(process=process)
        cursor = f" from its cursor {process.cursor}" if process.cursor else " from the start"
        self.stdout.write(f"Import #{process.pk} of {process.kind} resumed{cursor}.")
        return process

    def _run_here(self, *, process: ImportProcess, timeout: float) -> ImportProcess:
        bar = tqdm(total=100, desc=f"import #{process.pk}", unit="%", file=self.stderr, disable=None)

        def advance(sender, instance, **kwargs):
            if instance.pk == process.pk:
                bar.update(max(0, instance.percentage - bar.n))

        post_save.connect(advance, sender=ImportProcess, weak=False)
        try:
            execute_import(import_process_id=process.pk)
            process.refresh_from_db()
            deadline = time.monotonic() + timeout
            while process.status not in FINISHED and time.monotonic() < deadline:
                time.sleep(POLL_SECONDS)  # a worker took it first, or it waits for a retry: follow it
                process.refresh_from_db()
                advance(ImportProcess, process)
        finally:
            post_save.disconnect(advance, sender=ImportProcess)
            bar.close()
        return process

    def _summary(self, process: ImportProcess) -> None:
        counts = (
            f"created {process.created_count}, linked {process.linked_count}, updated {process.updated_count}, "
            f"skipped {process.skipped_count}, failed {process.failed_count}"
        )
        line = f"Import #{process.pk} {process.status} ({process.percentage}%): {counts}."
        if process.status == ImportStatus.SUCCEEDED:
            self.stdout.write(self.style.SUCCESS(line))
        else:
            self.stdout.write(self.style.WARNING(line))
        if process.error:
            self.stdout.write(f"Error: {public_error(text=process.error)}")
        for item in process.item_errors.all()[:20]:
            self.stdout.write(f"  {item.identifier or '?'}: {item.message}")
