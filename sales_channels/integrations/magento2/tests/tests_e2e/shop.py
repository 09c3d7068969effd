"""Catalog and run helpers of the Magento 2 end-to-end tests (a shirt family, a mug with an image, the runners)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from media.models import Media, MediaProductThrough
from products.models import ProductTranslation
from properties.models import (
    ProductPropertiesRule,
    ProductPropertiesRuleItem,
    ProductProperty,
    Property,
    PropertySelectValue,
    PropertySelectValueTranslation,
    PropertyTranslation,
)
from properties.product_types import ensure_product_type_property
from sales_channels.models import RemoteJob, SyncTask
from sales_channels.models.tasks import PENDING_STATUSES
from sales_channels.tasks import dispatch_due, execute_job_poll, execute_sync_tasks
from sales_channels.tests import catalog, e2e

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def select_property(company, internal_name: str, names: dict[str, str], values: list[dict[str, str]]):
    """A select property with these options (the existing one, with its options, when the company has it)."""
    prop, created = Property.objects.get_or_create(
        multi_tenant_company=company, internal_name=internal_name, defaults={"type": Property.Type.SELECT}
    )
    if not created:
        by_label = {
            t.value: t.select_value
            for t in PropertySelectValueTranslation.objects.filter(select_value__property=prop, language="en")
        }
        return prop, [by_label[labels["en"]] for labels in values]
    for language, name in names.items():
        PropertyTranslation.objects.create(multi_tenant_company=company, property=prop, language=language, name=name)
    options = []
    for labels in values:
        option = PropertySelectValue.objects.create(multi_tenant_company=company, property=prop)
        for language, label in labels.items():
            PropertySelectValueTranslation.objects.create(
                multi_tenant_company=company, select_value=option, language=language, value=label
            )
        options.append(option)
    return prop, options


def shirt_family(company, *, sku: str = "SHIRT"):
    """A configurable with two variations over a new `fit` select axis (Slim/Loose), named in en and de."""
    type_property = ensure_product_type_property(company=company)
    shirt_type = PropertySelectValue.objects.create(multi_tenant_company=company, property=type_property)
    PropertySelectValueTranslation.objects.create(
        multi_tenant_company=company, select_value=shirt_type, language="en", value="Shirt"
    )
    fit, (slim, loose) = select_property(
        company, "fit", {"en": "Fit", "de": "Passform"}, [{"en": "Slim", "de": "Schmal"}, {"en": "Loose", "de": "Weit"}]
    )
    rule = ProductPropertiesRule.objects.create(multi_tenant_company=company, product_type=shirt_type)
    ProductPropertiesRuleItem.objects.create(
        multi_tenant_company=company, rule=rule, property=fit, type=ProductPropertiesRuleItem.REQUIRED_IN_CONFIGURATOR
    )
    parent = catalog.configurable(company, sku, variations=[f"{sku}-SLIM", f"{sku}-LOOSE"], price="29.00", stock=4)
    ProductTranslation.objects.filter(product=parent).update(name="Shirt")
    ProductTranslation.objects.create(multi_tenant_company=company, product=parent, language="de", name="Hemd")
    ProductProperty.objects.create(
        multi_tenant_company=company, product=parent, property=type_property, value_select=shirt_type
    )
    for link in parent.variation_links.select_related("variation"):
        option = slim if link.variation.sku.endswith("SLIM") else loose
        ProductProperty.objects.create(
            multi_tenant_company=company, product=link.variation, property=fit, value_select=option
        )
    return parent


def mug(company, *, sku: str = "MUG-NEW"):
    """A simple product in en and de with a color (existing Magento attribute), a price, stock and one image."""
    item = catalog.product(company, sku, name="Mug", price="12.50", stock=5)
    ProductTranslation.objects.create(multi_tenant_company=company, product=item, language="de", name="Becher")
    ProductTranslation.objects.filter(product=item, language="en").update(description="<p>A mug</p>")
    color, (red,) = select_property(company, "color", {"en": "Color"}, [{"en": "Red"}])
    ProductProperty.objects.create(multi_tenant_company=company, product=item, property=color, value_select=red)
    media = Media(multi_tenant_company=company, title="Mug front")
    media.image.save(f"{sku.lower()}-front.png", ContentFile(PNG + sku.encode()), save=False)  # one file per SKU
    media.save()
    MediaProductThrough.objects.create(multi_tenant_company=company, media=media, product=item, is_main_image=True)
    return item


def last_task_id() -> int:
    return SyncTask.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def run_all(*, sandbox, since: int, rounds: int = 20) -> list[SyncTask]:
    """Run every pending task and poll every open vendor job (the sandbox's consumer runs at each call)."""
    for _ in range(rounds):
        later = timezone.now() + timedelta(hours=2)
        e2e.open_throttles()
        ids = list(SyncTask.objects.filter(status__in=PENDING_STATUSES).values_list("pk", flat=True))
        if ids:
            execute_sync_tasks(sync_task_ids=ids, now=later)
        sandbox.run_consumer()
        for job_id in RemoteJob.objects.filter(status__in=("submitted", "running")).values_list("pk", flat=True):
            execute_job_poll(job_id=job_id, now=later)
        dispatch_due(now=later)
        open_jobs = RemoteJob.objects.filter(status__in=("submitted", "running")).exists()
        if not open_jobs and not SyncTask.objects.filter(status__in=PENDING_STATUSES).exists():
            break
    return list(SyncTask.objects.filter(pk__gt=since).exclude(status="cancelled").order_by("pk"))
