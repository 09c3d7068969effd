"""Local properties -> Magento EAV attributes, select values -> attribute options, created on demand.

`AttributeMapper` is shared by every step of a run (cached on the StepContext). It loads the
channel's mappings once; a property without one gets a new attribute (`POST /V1/products/attributes`,
its labels per store view) assigned to the channel's attribute set and group; a select value without
one gets a new option (`POST .../options` with store labels). Magento's answer to an option create is
unreliable across versions (`true`, `id_new_option`, `id_<n>`), so the options are read back and
matched by label. Workers share these creations: each runs under the channel's lock on the attribute
code (`sales_channels.locks.channel_lock`), and a worker first re-reads the mappings stored since its run
began, so the second of two workers finds the first one's attribute or options instead of creating them
again (Magento's "already exists" refusal and the read back stay the last resort). Every problem of a
listing (an axis that is not a select, a value without a label) is collected and raised at once as
`MappingMissing` before anything is pushed.
"""

import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from properties.models import Property
from sales_channels.exceptions import AnswerLost, MappingMissing, VendorValidationError
from sales_channels.factories.base import CacheKey, StepContext
from sales_channels.integrations.magento2.factories.sales_channels.metadata import store_options
from sales_channels.integrations.magento2.models import Magento2RemoteProperty, Magento2StoreView
from sales_channels.locks import channel_lock
from sales_channels.models import RemotePropertySelectValue

FRONTEND_INPUTS = {
    Property.Type.SELECT: "select",
    Property.Type.MULTISELECT: "multiselect",
    Property.Type.BOOLEAN: "boolean",
    Property.Type.TEXT: "text",
    Property.Type.DESCRIPTION: "textarea",
    Property.Type.INT: "text",
    Property.Type.FLOAT: "text",
    Property.Type.DATE: "date",
    Property.Type.DATETIME: "date",
}
SELECTS = ("select", "multiselect")
MAPPER: CacheKey["AttributeMapper"] = CacheKey("magento2.attribute_mapper")
CODE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


def attribute_code(prop: Property) -> str:
    """A valid attribute code from the property's internal name (letters, digits, underscores; a letter first)."""
    code = slugify(prop.internal_name or f"property {prop.pk}").replace("-", "_")[:60]
    return code if CODE.match(code) else f"os_{code}"[:60]


def attribute_body(*, prop: Property, code: str, labels: dict[int, str], default_label: str) -> dict[str, Any]:
    """The `POST /V1/products/attributes` body of a local property (global scope, user defined)."""
    return {
        "attribute": {
            "attribute_code": code,
            "frontend_input": FRONTEND_INPUTS[prop.type],
            "entity_type_id": "4",
            "is_required": False,
            "is_user_defined": True,
            "scope": "global",
            "default_frontend_label": default_label,
            "frontend_labels": [{"store_id": store_id, "label": label} for store_id, label in sorted(labels.items())],
        }
    }


def option_body(*, label: str, store_labels: dict[int, str]) -> dict[str, Any]:
    """The `POST .../options` body (Magento ignores a client `value`: an empty one satisfies the schema)."""
    return {
        "option": {
            "label": label,
            "value": "",
            "sort_order": 0,
            "is_default": False,
            "store_labels": [{"store_id": store_id, "label": text} for store_id, text in sorted(store_labels.items())],
        }
    }


class AttributeMapper:
    """The channel's attribute and option mappings for one run; missing ones are created remotely."""

    def __init__(self, *, context: StepContext) -> None:
        self.context = context
        channel = context.channel
        self.attributes = {
            row.local_instance_id: row
            for row in Magento2RemoteProperty.objects.filter(sales_channel=channel, local_instance__isnull=False)
        }
        self.options = {
            row.local_instance_id: row
            for row in RemotePropertySelectValue.objects.filter(sales_channel=channel, local_instance__isnull=False)
            .exclude(remote_id="")
            .select_related("remote_property")
        }
        self.views = [v for v in Magento2StoreView.objects.filter(sales_channel=channel, active=True)]
        self.languages = dict(
            channel.remote_languages.filter(view__isnull=False).values_list("view__remote_id", "local_instance")
        )

    @classmethod
    def of(cls, context: StepContext) -> "AttributeMapper":
        return context.cached(MAPPER, lambda: cls(context=context))

    @property
    def client(self):
        return self.context.client

    def _labels(self, translate) -> dict[int, str]:
        """Store view id -> the label in that view's language."""
        labels = {}
        for view in self.views:
            language = self.languages.get(view.remote_id)
            if language:
                labels[int(view.remote_id)] = translate(language)
        return labels

    def attribute_for(self, prop: Property, *, language: str) -> Magento2RemoteProperty:
        """The attribute of a local property; created (and added to the channel's set) when missing.

        The creation runs under the channel's lock on the attribute code: a worker that waited finds the
        row the first one stored and makes no call; the vendor's "already exists" read back stays the last resort.
        """
        row = self.attributes.get(prop.pk)
        if row is not None:
            return row
        code = attribute_code(prop)
        with channel_lock(channel=self.context.channel, name=f"magento2.attribute:{code}"):
            return self._create_attribute(prop, code=code, language=language)

    def _create_attribute(self, prop: Property, *, code: str, language: str) -> Magento2RemoteProperty:
        channel = self.context.channel
        mapped = Magento2RemoteProperty.objects.filter(sales_channel=channel, local_instance_id=prop.pk).first()
        if mapped is not None:  # stored by another worker since this run's mappings were loaded
            self.attributes[prop.pk] = mapped
            return mapped
        existing = Magento2RemoteProperty.objects.filter(sales_channel=channel, attribute_code=code).first()
        if existing is not None and existing.local_instance_id is None:
            existing.local_instance_id = prop.pk
            existing.save(update_fields=["local_instance"])
            self.attributes[prop.pk] = existing
            return existing
        labels = self._labels(lambda lang: prop.name(language=lang))
        body = attribute_body(prop=prop, code=code, labels=labels, default_label=prop.name(language=language) or code)
        try:
            answer = self.client.post("products/attributes", body=body)
        except AnswerLost:  # it may exist now: read it
            answer = self.client.get(f"products/attributes/{code}")
        except VendorValidationError as error:
            if "already exists" not in " ".join(error.messages):
                raise
            answer = self.client.get(f"products/attributes/{code}")
        if channel.attribute_set_id:
            self.client.post(
                "products/attribute-sets/attributes",
                body={
                    "attributeSetId": channel.attribute_set_id,
                    "attributeGroupId": channel.attribute_group_id or 0,
                    "attributeCode": code,
                    "sortOrder": 100,
                },
            )
        with transaction.atomic():
            row, _ = Magento2RemoteProperty.objects.update_or_create(
                sales_channel=channel,
                remote_id=str(answer["attribute_id"]),
                defaults={
                    "multi_tenant_company_id": channel.multi_tenant_company_id,
                    "local_instance_id": prop.pk,
                    "attribute_code": code,
                    "frontend_input": answer.get("frontend_input") or FRONTEND_INPUTS[prop.type],
                    "remote_name": answer.get("default_frontend_label") or code,
                    "status": "synced",
                },
            )
        self.attributes[prop.pk] = row
        return row

    def prepare(self, *, products, language: str) -> None:
        """Map every attribute and select value these products (and their variations) use, in few calls:
        one options read per attribute, one create per missing option, one read back per attribute that got some."""
        for remote, values in self._wanted(products=products, language=language).values():
            try:
                self._map_options(remote, list(values.values()), language=language)
            except VendorValidationError:
                continue  # left unmapped: each listing using it retries through option_for and fails alone

    def _wanted(self, *, products, language: str) -> dict[int, tuple[Magento2RemoteProperty, dict[int, Any]]]:
        """Remote select attribute -> the unmapped local values the products use (attributes created on the way)."""
        wanted: dict[int, tuple[Magento2RemoteProperty, dict[int, Any]]] = {}
        values = [
            product_property
            for data in products
            for item in [data, *data.variations]
            for product_property in item.properties
            if not product_property.property.is_product_type
        ]
        for product_property in values:
            remote = self.attribute_for(product_property.property, language=language)
            if remote.frontend_input not in SELECTS:
                continue
            chosen = list(product_property.value_multi_select.all())
            if product_property.value_select_id:
                chosen.append(product_property.value_select)
            for value in chosen:
                if value.pk not in self.options:
                    wanted.setdefault(remote.pk, (remote, {}))[1][value.pk] = value
        return wanted

    def _reload_mapped(self, remote: Magento2RemoteProperty, values: list) -> list:
        """Map the values another worker mapped since this run loaded its view (no call); the rest are returned."""
        missing = [value for value in values if not self._mapped(remote, value)]
        if not missing:
            return []
        rows = RemotePropertySelectValue.objects.filter(
            sales_channel=self.context.channel,
            remote_property=remote,
            local_instance_id__in=[value.pk for value in missing],
        ).exclude(remote_id="")
        for row in rows:
            self.options[row.local_instance_id] = row
        return [value for value in missing if not self._mapped(remote, value)]

    def _mapped(self, remote: Magento2RemoteProperty, value) -> bool:
        row = self.options.get(value.pk)
        return row is not None and row.remote_property_id == remote.pk

    def _map_options(self, remote: Magento2RemoteProperty, values: list, *, language: str) -> None:
        """Under the channel's lock on the attribute: what another worker created is found, not created again."""
        with channel_lock(channel=self.context.channel, name=f"magento2.options:{remote.attribute_code}"):
            missing = self._reload_mapped(remote, values)
            if missing:
                self._create_options(remote, missing, language=language)

    def _create_options(self, remote: Magento2RemoteProperty, values: list, *, language: str) -> None:
        path = f"products/attributes/{remote.attribute_code}/options"
        options = self.client.get(path)
        known = {str(o.get("label", "")).strip().lower() for o in options}
        created = False
        for value in values:
            label = (value.value(language=language) or "").strip()
            if label and label.lower() not in known:
                store_labels = self._labels(lambda lang, value=value, label=label: value.value(language=lang) or label)
                self.create_option(path, body=option_body(label=label, store_labels=store_labels))
                known.add(label.lower())
                created = True
        if created:  # the create answers are not trusted: read the ids back once
            options = self.client.get(path)
        store_options(channel=self.context.channel, remote_property=remote, options=options)
        by_label = {
            row.remote_name.strip().lower(): row
            for row in RemotePropertySelectValue.objects.filter(
                sales_channel=self.context.channel, remote_property=remote
            )
        }
        for value in values:
            row = by_label.get((value.value(language=language) or "").strip().lower())
            if row is None:
                continue  # no label in this language: option_for reports it with the listing
            if row.local_instance_id is None:
                row.local_instance_id = value.pk
                try:
                    with transaction.atomic():
                        row.save(update_fields=["local_instance"])
                except IntegrityError:  # mapped to another option meanwhile
                    row.refresh_from_db()
            if row.local_instance_id == value.pk:
                self.options[value.pk] = row

    def create_option(self, path: str, *, body: dict[str, Any]) -> None:
        """POST an option; one that exists already (another worker, or an earlier attempt whose answer was lost)
        is what was wanted: the options are read back by label either way."""
        try:
            self.client.post(path, body=body)
        except AnswerLost:
            return
        except VendorValidationError as error:
            if "already exists" not in " ".join(error.messages):
                raise

    def option_for(self, remote_property: Magento2RemoteProperty, select_value, *, language: str) -> str:
        """The option id (Magento's `value`) of a local select value; created and read back by label when missing."""
        if self._mapped(remote_property, select_value):
            return self.options[select_value.pk].remote_id
        label = (select_value.value(language=language) or "").strip()
        if not label:
            raise MappingMissing([f"a label in '{language}' for value #{select_value.pk}"])
        with channel_lock(channel=self.context.channel, name=f"magento2.options:{remote_property.attribute_code}"):
            if not self._reload_mapped(remote_property, [select_value]):
                return self.options[select_value.pk].remote_id
            return self._create_option(remote_property, select_value, label=label)

    def _create_option(self, remote_property: Magento2RemoteProperty, select_value, *, label: str) -> str:
        """The option of one value: read, created when still missing, read back by label."""
        options = self.client.get(f"products/attributes/{remote_property.attribute_code}/options")
        found = next((o for o in options if str(o.get("label", "")).strip().lower() == label.lower()), None)
        if found is None:
            store_labels = self._labels(lambda lang: select_value.value(language=lang) or label)
            self.create_option(
                f"products/attributes/{remote_property.attribute_code}/options",
                body=option_body(label=label, store_labels=store_labels),
            )  # the answer ("true", "id_new_option" or "id_<n>") is not trusted: read back by label
            options = self.client.get(f"products/attributes/{remote_property.attribute_code}/options")
            found = next((o for o in options if str(o.get("label", "")).strip().lower() == label.lower()), None)
        if found is None or not str(found.get("value") or ""):
            raise VendorValidationError(
                [f"Magento did not keep the option '{label}' of {remote_property.attribute_code}."]
            )
        store_options(channel=self.context.channel, remote_property=remote_property, options=options)
        row = RemotePropertySelectValue.objects.get(
            sales_channel=self.context.channel, remote_property=remote_property, remote_id=str(found["value"])
        )
        if row.local_instance_id is None:
            row.local_instance_id = select_value.pk
            try:
                with transaction.atomic():
                    row.save(update_fields=["local_instance"])
            except IntegrityError:  # this local value is mapped to another option already
                row.refresh_from_db()
        self.options[select_value.pk] = row
        return row.remote_id
