"""Validate a listing against a marketplace's JSON Schema before sending it, in the merchant's terms.

JSON Schema 2019-09 plus the marketplace vocabulary Amazon's product type definitions use:
`maxUtf8ByteLength` / `minUtf8ByteLength` (a string's UTF-8 size), `maxUniqueItems` /
`minUniqueItems` (how many distinct values by their selectors) and `selectors` (no two values of an
attribute may share one selector combination, e.g. one `item_name` per marketplace and language).
Annotation keywords (`editable`, `hidden`, `enumNames`, ...) constrain nothing; any other keyword the
validator does not know is listed in `ValidationReport.unchecked` instead of passing silently;
a caller may name its own annotation keywords (`annotations=`: notes an integration keeps on an
attribute, e.g. eBay's `x-ebay-mode`), which are skipped like the standard ones.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft201909Validator, ValidationError, validators

from sales_channels.marketplaces.schemas import ANNOTATIONS

SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
CORE_KEYWORDS = frozenset({"$schema", "$id", "$anchor", "$ref", "$defs", "definitions", "$vocabulary", "$recursiveRef"})
CORE_KEYWORDS |= {"$recursiveAnchor", "format", "contentMediaType", "contentEncoding", "contentSchema", "deprecated"}
CORE_KEYWORDS |= {"readOnly", "writeOnly"}


def _selector_key(value: Any, selectors: list[str]) -> str:
    if not isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return json.dumps([value.get(name) for name in selectors])


def _unique_count(instance: list, schema: dict[str, Any]) -> int:
    selectors = schema.get("selectors") or []
    return len({_selector_key(item, selectors) if selectors else json.dumps(item, sort_keys=True) for item in instance})


def _max_utf8(validator, limit, instance, schema) -> Iterator[ValidationError]:
    if isinstance(instance, str) and len(instance.encode()) > limit:
        yield ValidationError(f"is longer than {limit} bytes")


def _min_utf8(validator, limit, instance, schema) -> Iterator[ValidationError]:
    if isinstance(instance, str) and len(instance.encode()) < limit:
        yield ValidationError(f"is shorter than {limit} bytes")


def _max_unique(validator, limit, instance, schema) -> Iterator[ValidationError]:
    if isinstance(instance, list) and _unique_count(instance, schema) > limit:
        yield ValidationError(f"has more than {limit} distinct value(s)")


def _min_unique(validator, limit, instance, schema) -> Iterator[ValidationError]:
    if isinstance(instance, list) and _unique_count(instance, schema) < limit:
        yield ValidationError(f"needs at least {limit} distinct value(s)")


def _selectors(validator, selectors, instance, schema) -> Iterator[ValidationError]:
    if not isinstance(instance, list):
        return
    seen: set[str] = set()
    for item in instance:
        key = _selector_key(item, selectors)
        if key in seen:
            yield ValidationError(f"has two values for the same {' / '.join(selectors)}")
            return
        seen.add(key)


VOCABULARY = {
    "maxUtf8ByteLength": _max_utf8,
    "minUtf8ByteLength": _min_utf8,
    "maxUniqueItems": _max_unique,
    "minUniqueItems": _min_unique,
    "selectors": _selectors,
}
MarketplaceValidator = validators.extend(Draft201909Validator, VOCABULARY)
KNOWN_KEYWORDS = frozenset(MarketplaceValidator.VALIDATORS) | ANNOTATIONS | CORE_KEYWORDS


@dataclass(frozen=True)
class Violation:
    """One reason the listing would be refused: the attribute, a sentence for the merchant, the keyword."""

    attribute: str
    message: str
    keyword: str


@dataclass(frozen=True)
class ValidationReport:
    """The violations of one listing, and the schema keywords that could not be checked."""

    violations: tuple[Violation, ...] = ()
    unchecked: tuple[str, ...] = field(default_factory=tuple)

    @property
    def valid(self) -> bool:
        return not self.violations


def unknown_keywords(schema: Any, *, in_map: bool = False, annotations: frozenset[str] = frozenset()) -> set[str]:
    """Keywords of a schema (and its subschemas) that the validator does not implement nor the caller annotates."""
    found: set[str] = set()
    if isinstance(schema, list):
        for item in schema:
            found |= unknown_keywords(item, annotations=annotations)
        return found
    if not isinstance(schema, dict):
        return found
    for key, value in schema.items():
        if in_map:
            found |= unknown_keywords(value, annotations=annotations)
            continue
        if key in annotations:
            continue
        if key not in KNOWN_KEYWORDS:
            found.add(key)
        if key in ("enum", "const", "examples", "default", "required", "enumNames", "selectors"):
            continue
        found |= unknown_keywords(value, in_map=key in SCHEMA_MAPS, annotations=annotations)
    return found


def _sentence(error: ValidationError) -> Violation:
    path = [str(part) for part in error.absolute_path]
    attribute = path[0] if path else ""
    where = ".".join(part for part in path[1:] if not part.isdigit())
    label = f"{attribute}.{where}" if where else attribute
    keyword = str(error.validator)
    if keyword == "required" and not path:
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return Violation(missing, f"'{missing}' is required for this product type: map a property to it.", keyword)
    if keyword == "additionalProperties" and not path:
        return Violation("", f"Not an attribute of this product type: {error.message}", keyword)
    if keyword == "maxItems" and isinstance(error.instance, list):
        limit = error.validator_value
        return Violation(attribute, f"'{label}' takes at most {limit} value(s); it has {len(error.instance)}.", keyword)
    if keyword == "minItems" and isinstance(error.instance, list):
        return Violation(attribute, f"'{label}' needs at least {error.validator_value} value(s).", keyword)
    if keyword == "enum":
        allowed = ", ".join(str(option) for option in error.validator_value[:10])
        return Violation(
            attribute, f"'{label}' has {error.instance!r}, not one of the allowed values ({allowed}).", keyword
        )
    return Violation(attribute, f"'{label}' {error.message}", keyword)


def validate_listing(
    *, schema: dict[str, Any], listing: dict[str, Any], annotations: frozenset[str] = frozenset()
) -> ValidationReport:
    """Check `listing` (the attributes object the vendor receives) against `schema`.

    `annotations`: the caller's own descriptive keywords, not reported as unchecked.
    """
    validator = MarketplaceValidator(schema)
    errors = sorted(validator.iter_errors(listing), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    unchecked = unknown_keywords(schema, annotations=annotations)
    return ValidationReport(violations=tuple(_sentence(error) for error in errors), unchecked=tuple(sorted(unchecked)))
