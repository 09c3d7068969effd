"""`manage.py sales_channel_sync --channel ID [--product SKU] [--now]`: resync assigned products of a channel.

Queues a full sync of every product assigned to the channel (or one, by SKU) the way GraphQL and
the admin do (`services.resync_products`). With `--now` this process runs the channel's pending
tasks for those products in batches, with a progress bar, and prints how they ended.
"""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from products.models import Product
from sales_channels import services
from sales_channels.models import SalesChannel, SalesChannelViewAssign, SyncTask, SyncTaskStatus
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.tasks import BATCH_SIZE, execute_sync_tasks


class Command(BaseCommand):
    """Queue (and with --now, run) sync tasks for a channel's assigned products."""

    help = "Resync every product assigned to a sales channel, or one product by SKU."

    def add_arguments(self, parser):
        parser.add_argument("--channel", required=True, help="The sales channel id.")
        parser.add_argument("--company", help="Refuse a channel of any other company (its name).")
        parser.add_argument("--product", help="Only this product (its SKU).")
        parser.add_argument("--now", action="store_true", help="Run the tasks in this process with a progress bar.")

    def handle(self, *args, **options):
        try:
            channel = services.find_channel(channel_id=options["channel"], company_name=options["company"])
            product_ids = self._product_ids(channel=channel, sku=options["product"])
            queued = services.resync_products(channel=channel, product_ids=product_ids)
        except services.ChannelActionError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Queued {len(queued)} sync task(s) on '{channel.name}'.")
        if options["now"]:
            self._run_here(channel=channel, product_ids=product_ids)

    def _product_ids(self, *, channel: SalesChannel, sku: str | None) -> list[int] | None:
        if sku is None:
            return None
        product = Product.objects.filter(multi_tenant_company_id=channel.multi_tenant_company_id, sku=sku).first()
        if product is None:
            raise services.ChannelActionError(f"No product with SKU '{sku}' in the channel's company.")
        return [product.pk]

    def _run_here(self, *, channel: SalesChannel, product_ids: list[int] | None) -> None:
        if product_ids is None:
            product_ids = list(
                SalesChannelViewAssign.objects.filter(sales_channel=channel).values_list("product_id", flat=True)
            )
        pending = list(
            SyncTask.objects.filter(sales_channel=channel, status__in=PENDING_STATUSES, object_id__in=set(product_ids))
            .order_by("view_id", "usage", "pk")
            .values_list("pk", flat=True)
        )
        statuses: Counter = Counter()
        with tqdm(total=len(pending), desc=channel.name, unit="task", file=self.stderr, disable=None) as bar:
            for start in range(0, len(pending), BATCH_SIZE):
                batch = pending[start : start + BATCH_SIZE]
                for task in execute_sync_tasks(sync_task_ids=batch):
                    statuses[task.status] += 1
                bar.update(len(batch))
        ran = ", ".join(f"{status} {count}" for status, count in sorted(statuses.items())) or "nothing was due"
        self.stdout.write(f"Ran {sum(statuses.values())} task(s): {ran}.")
        failed = SyncTask.objects.filter(pk__in=pending, status=SyncTaskStatus.FAILED).order_by("pk")[:20]
        for task in failed:
            self.stdout.write(self.style.ERROR(f"  {task.usage} #{task.object_id}: {task.error}"))
