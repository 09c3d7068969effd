"""Pure builders: a product property value -> the string Shopify stores, and metafieldsSet inputs."""

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

METAFIELDS_PER_CALL = 25  # metafieldsSet accepts at most 25 metafields per call (vendor-facts 1.4)


def _scalar(raw: Any, *, language: str) -> str | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, float):
        return format(Decimal(repr(raw)).normalize(), "f")
    if isinstance(raw, datetime):
        return raw.isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    if hasattr(raw, "value") and callable(raw.value):  # a PropertySelectValue
        return raw.value(language=language)
    return str(raw)


def metafield_value(*, raw: Any, metafield_type: str, language: str) -> str | None:
    """The metafield value string for a local value (None: nothing to send), shaped by the metafield type."""
    if isinstance(raw, list):
        items = [item for item in (_scalar(value, language=language) for value in raw) if item]
    else:
        single = _scalar(raw, language=language)
        items = [single] if single else []
    if not items:
        return None
    if metafield_type.startswith("list."):
        return json.dumps(items, ensure_ascii=False)
    return ", ".join(items)


def metafield_payload(*, namespace: str, key: str, metafield_type: str, value: str) -> dict[str, str]:
    """What the mirror of one product property value holds (and hashes)."""
    return {"namespace": namespace, "key": key, "type": metafield_type, "value": value}


def metafields_set_batches(*, owner_id: str, payloads: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    """MetafieldsSetInput lists of at most 25 for one owner."""
    inputs = [{"ownerId": owner_id, **payload} for payload in payloads]
    return [inputs[start : start + METAFIELDS_PER_CALL] for start in range(0, len(inputs), METAFIELDS_PER_CALL)]
