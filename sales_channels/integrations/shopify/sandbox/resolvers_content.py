"""Custom data and translations: metafieldsSet, metafieldsDelete, metafieldDefinitionCreate,
translatableResource(s) and translationsRegister."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from .errors import UserErrors
from .metafield_values import is_known_type, value_error
from .pagination import connection
from .product_apply import apply_metafields
from .state import Metafield, MetafieldDefinition, Product, SandboxState, Translation, digest, parse_gid

METAFIELDS_SET_LIMIT = 25
APP_NAMESPACE = "app--sandbox"
_TRANSLATABLE_METAFIELD_TYPES = {
    "single_line_text_field": "SINGLE_LINE_TEXT_FIELD",
    "multi_line_text_field": "MULTI_LINE_TEXT_FIELD",
    "rich_text_field": "RICH_TEXT_FIELD",
    "list.single_line_text_field": "LIST_SINGLE_LINE_TEXT_FIELD",
    "url": "URL",
}


def _owner_type(owner: object) -> str:
    return "PRODUCT" if isinstance(owner, Product) else "PRODUCTVARIANT"


def _check_metafield(state: SandboxState, index: int, data: dict[str, Any], errors: UserErrors) -> None:
    path: list[str | int] = ["metafields", index]
    owner = state.metafield_owner(data["ownerId"])
    if owner is None:
        errors.add([*path, "ownerId"], "Owner does not exist.", "INVALID_VALUE", elementIndex=index)
        return
    namespace, key = data.get("namespace") or APP_NAMESPACE, data["key"]
    for name, text, low, high in (("namespace", namespace, 3, 255), ("key", key, 2, 64)):
        if len(text) < low:
            errors.add([*path, name], f"is too short (minimum is {low} characters)", "TOO_SHORT", elementIndex=index)
        elif len(text) > high:
            errors.add([*path, name], f"is too long (maximum is {high} characters)", "TOO_LONG", elementIndex=index)
    current = next((m for m in owner.metafields if (m.namespace, m.key) == (namespace, key)), None)
    _check_digest(current, data, path, index, errors)
    definition = state.definition_for(_owner_type(owner), namespace, key)
    type_name = data.get("type") or (definition.type if definition else None) or (current.type if current else None)
    if not type_name:
        errors.add([*path, "type"], "Type can't be blank", "BLANK", elementIndex=index)
    elif not is_known_type(type_name) or (definition is not None and definition.type != type_name):
        errors.add(
            [*path, "type"], f"Type '{type_name}' is invalid for this metafield.", "INVALID_TYPE", elementIndex=index
        )
    else:
        problem = value_error(type_name, data["value"], definition.validations if definition else None)
        if problem:
            errors.add([*path, "value"], problem, "INVALID_VALUE", elementIndex=index)


def _check_digest(current: Metafield | None, data: dict[str, Any], path: list, index: int, errors: UserErrors) -> None:
    """compareDigest: absent = no guarantee; null = must not exist yet; a digest = must match the stored value."""
    if "compareDigest" not in data:
        return
    expected = data["compareDigest"]
    actual = current.compare_digest if current else None
    if expected != actual:
        message = "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value."
        errors.add([*path, "compareDigest"], message, "STALE_OBJECT", elementIndex=index)


def metafields_set(_root: object, info: GraphQLResolveInfo, metafields: list[dict[str, Any]]) -> dict[str, Any]:
    """Sets up to 25 metafields atomically."""
    state: SandboxState = info.context
    errors = UserErrors()
    if len(metafields) > METAFIELDS_SET_LIMIT:
        message = f"Exceeded the maximum metafields input limit of {METAFIELDS_SET_LIMIT}."
        errors.add(["metafields"], message, "LESS_THAN_OR_EQUAL_TO", elementIndex=None)
        return {"metafields": None, "userErrors": errors}
    for index, data in enumerate(metafields):
        _check_metafield(state, index, data, errors)
    if errors:
        return {"metafields": None, "userErrors": errors}
    written = []
    for data in metafields:
        owner = state.metafield_owner(data["ownerId"])
        namespace = data.get("namespace") or APP_NAMESPACE
        normalized = {**data, "namespace": namespace}
        keep = [m for m in owner.metafields if (m.namespace, m.key) != (namespace, data["key"])]
        current = [m for m in owner.metafields if (m.namespace, m.key) == (namespace, data["key"])]
        new = apply_metafields(state, owner.gid, _owner_type(owner), current, [normalized])
        owner.metafields = keep + new
        written.extend(new)
    return {"metafields": written, "userErrors": []}


def translatable_content(state: SandboxState, resource_gid: str) -> list[dict[str, Any]] | None:
    """The translatable (key, value, digest, type) entries of a resource, or None when it does not exist."""
    product = state.product_by_gid(resource_gid)
    if product is not None:
        entries = [
            ("title", product.title, "SINGLE_LINE_TEXT_FIELD"),
            ("body_html", product.description_html or None, "HTML"),
            ("handle", product.handle, "URI"),
            ("product_type", product.product_type or None, "SINGLE_LINE_TEXT_FIELD"),
        ]
    else:
        entries = _other_content(state, resource_gid)
        if entries is None:
            return None
    locale = state.primary_locale()
    return [
        {"key": key, "value": value, "digest": digest(value), "locale": locale, "type": kind}
        for key, value, kind in entries
    ]


def _other_content(state: SandboxState, resource_gid: str) -> list[tuple[str, str | None, str]] | None:
    metafield = state.metafield_by_gid(resource_gid)
    if metafield is not None:
        kind = _TRANSLATABLE_METAFIELD_TYPES.get(metafield.type)
        return [("value", metafield.value, kind)] if kind else []
    for product in state.products.values():
        for option in product.options:
            if parse_gid(resource_gid, "ProductOption") == option.id:
                return [("name", option.name, "SINGLE_LINE_TEXT_FIELD")]
            value = next((v for v in option.option_values if v.gid == resource_gid), None)
            if value is not None:
                return [("name", value.name, "SINGLE_LINE_TEXT_FIELD")]
    return None


def translatable_resource(_root: object, info: GraphQLResolveInfo, resource_id: str) -> dict[str, Any] | None:
    content = translatable_content(info.context, resource_id)
    if content is None:
        return None
    return {"resourceId": resource_id, "translatableContent": content}


def _translations(resource: dict[str, Any], info: GraphQLResolveInfo, locale: str) -> list[dict[str, Any]]:
    state: SandboxState = info.context
    digests = {entry["key"]: entry["digest"] for entry in resource["translatableContent"]}
    stored = state.translations.get(resource["resourceId"], {})
    return [
        {"key": t.key, "value": t.value, "locale": t.locale, "outdated": digests.get(t.key) != t.source_digest}
        for (stored_locale, _key), t in sorted(stored.items())
        if stored_locale == locale
    ]


def _check_translation(
    state: SandboxState, index: int, data: dict[str, Any], content: dict, errors: UserErrors
) -> None:
    path: list[str | int] = ["translations", index]
    locales = {locale.locale: locale for locale in state.locales}
    if data["locale"] not in locales or locales[data["locale"]].primary:
        errors.add(
            [*path, "locale"],
            f"Locale {data['locale']!r} is not a translatable locale of the shop.",
            "INVALID_LOCALE_FOR_SHOP",
        )
    if data["key"] not in content:
        errors.add(
            [*path, "key"], f"Key {data['key']!r} is not translatable for this resource.", "INVALID_KEY_FOR_MODEL"
        )
    elif data["translatableContentDigest"] != content[data["key"]]:
        message = "Translatable content hash is invalid"
        errors.add([*path, "translatableContentDigest"], message, "INVALID_TRANSLATABLE_CONTENT")
    if not data["value"].strip():
        errors.add([*path, "value"], "Value can't be blank", "BLANK")


def translations_register(
    _root: object, info: GraphQLResolveInfo, resource_id: str, translations: list[dict[str, Any]]
) -> dict[str, Any]:
    """Registers translations atomically; each must carry the digest of the current source content."""
    state: SandboxState = info.context
    content = translatable_content(state, resource_id)
    errors = UserErrors()
    if content is None:
        errors.add(["resourceId"], f"Resource {resource_id} does not exist", "RESOURCE_NOT_FOUND")
        return {"translations": None, "userErrors": errors}
    digests = {entry["key"]: entry["digest"] for entry in content}
    for index, data in enumerate(translations):
        _check_translation(state, index, data, digests, errors)
    if errors:
        return {"translations": None, "userErrors": errors}
    stored = state.translations.setdefault(resource_id, {})
    result = []
    for data in translations:
        translation = Translation(data["locale"], data["key"], data["value"], data["translatableContentDigest"])
        stored[(translation.locale, translation.key)] = translation
        result.append(
            {"key": translation.key, "value": translation.value, "locale": translation.locale, "outdated": False}
        )
    return {"translations": result, "userErrors": []}


def translatable_resources_by_ids(
    _root: object, info: GraphQLResolveInfo, resource_ids: list[str], first: int | None = None, after=None
) -> dict[str, Any]:
    """The translatable content of many resources at once (unknown ids are left out)."""
    if first is None:
        raise GraphQLError("you must provide one of first or last")
    found = [translatable_resource(_root, info, resource_id) for resource_id in resource_ids]
    ordered = [_Positioned(resource, id=index) for index, resource in enumerate(found) if resource is not None]
    return connection(ordered, first=first, after=after)


class _Positioned(dict):
    """A resource dict that pages in the order its id was asked for (`id` is that position)."""

    def __init__(self, values: dict[str, Any], *, id: int) -> None:
        super().__init__(values)
        self.id = id


def metafields_delete(_root: object, info: GraphQLResolveInfo, metafields: list[dict[str, Any]]) -> dict[str, Any]:
    """Deletes metafields by owner, namespace and key; one that does not exist answers null in its place."""
    state: SandboxState = info.context
    deleted: list[dict[str, Any] | None] = []
    for identifier in metafields:
        owner = state.metafield_owner(identifier["ownerId"])
        wanted = (identifier["namespace"], identifier["key"])
        current = [m for m in owner.metafields if (m.namespace, m.key) == wanted] if owner is not None else []
        if not current:
            deleted.append(None)
            continue
        owner.metafields = [m for m in owner.metafields if (m.namespace, m.key) != wanted]
        for metafield in current:
            state.translations.pop(metafield.gid, None)
        deleted.append(dict(identifier))
    return {"deletedMetafields": deleted, "userErrors": []}


def metafield_definition_create(_root: object, info: GraphQLResolveInfo, definition: dict[str, Any]) -> dict[str, Any]:
    """Creates a metafield definition; the same owner type, namespace and key twice is TAKEN."""
    state: SandboxState = info.context
    errors = UserErrors()
    namespace = definition.get("namespace") or APP_NAMESPACE
    if state.definition_for(definition["ownerType"], namespace, definition["key"]) is not None:
        errors.add(["definition", "key"], "Key is in use for Product metafields on the 'namespace' namespace.", "TAKEN")
    if not is_known_type(definition["type"]):
        errors.add(["definition", "type"], f"Type '{definition['type']}' is not a valid type.", "INCLUSION")
    if errors:
        return {"createdDefinition": None, "userErrors": errors}
    capabilities = definition.get("capabilities") or {}
    created = MetafieldDefinition(
        id=state.next_id(),
        name=definition["name"],
        namespace=namespace,
        key=definition["key"],
        type=definition["type"],
        owner_type=definition["ownerType"],
        description=definition.get("description"),
        validations=[(v["name"], v["value"]) for v in definition.get("validations") or []],
        unique_values=bool((capabilities.get("uniqueValues") or {}).get("enabled")),
    )
    state.metafield_definitions[created.id] = created
    return {"createdDefinition": created, "userErrors": []}


RESOLVERS = {
    ("QueryRoot", "translatableResourcesByIds"): translatable_resources_by_ids,
    ("Mutation", "metafieldsDelete"): metafields_delete,
    ("Mutation", "metafieldDefinitionCreate"): metafield_definition_create,
    ("Mutation", "metafieldsSet"): metafields_set,
    ("QueryRoot", "translatableResource"): translatable_resource,
    ("TranslatableResource", "translations"): _translations,
    ("Mutation", "translationsRegister"): translations_register,
}
