"""EAV routes of the sandbox: attributes, their options (with the unreliable create answer), attribute sets.

`POST /V1/products/attributes/{code}/options` ignores a client-supplied `value` and answers a string
whose format changed across Magento versions (`"true"`, `"id_new_option"` or `"id_<n>"`): the
sandbox answers in the format of `option_answer`, so clients must re-read the options and match
by label, as they must against a real store.
"""

import re
from typing import Any

from .errors import MagentoError, bad_request
from .state import PRODUCT_ENTITY_TYPE, Attribute, StoreState

ATTRIBUTE_FIELDS = {
    "attribute_code", "frontend_input", "default_frontend_label", "frontend_labels", "is_required", "scope",
    "entity_type_id", "is_user_defined", "options", "is_filterable", "is_searchable", "is_visible_on_front",
    "is_comparable", "used_in_product_listing", "is_visible", "position", "backend_type", "default_value",
    "is_unique", "note", "apply_to", "is_html_allowed_on_front", "is_used_in_grid", "is_visible_in_grid",
    "is_filterable_in_grid", "is_filterable_in_search", "is_used_for_promo_rules", "used_for_sort_by",
    "is_wysiwyg_enabled", "is_visible_in_advanced_search", "extension_attributes", "custom_attributes",
    "attribute_id", "validation_rules", "frontend_class", "backend_model", "source_model",
}  # fmt: skip
OPTION_FIELDS = {"label", "value", "sort_order", "is_default", "store_labels"}
INPUTS = {"text", "textarea", "select", "multiselect", "boolean", "date", "price", "weight"}
CODE = re.compile(r"^[a-z][a-z_0-9]{0,59}$")


def _check(body: Any, allowed: set[str], class_name: str) -> None:
    if not isinstance(body, dict):
        raise bad_request("Decoding error: the request body must be a JSON object.")
    for name in body:
        if name not in allowed:
            getter = "get" + "".join(part.capitalize() for part in name.split("_"))
            raise MagentoError(
                400,
                'Property "%fieldName" does not have accessor method "%getter" in class "%className".',
                {"fieldName": name, "getter": getter, "className": class_name},
            )


def get_attribute(state: StoreState, code: str) -> Attribute:
    attribute = state.attribute(code)
    if attribute is None:
        raise MagentoError(
            404, 'The attribute with a "%1" attributeCode doesn\'t exist. Verify the attribute and try again.', [code]
        )
    return attribute


def create_attribute(state: StoreState, body: Any) -> dict[str, Any]:
    _check(body, {"attribute"}, "request")
    data = body.get("attribute")
    _check(data, ATTRIBUTE_FIELDS, "Magento\\Catalog\\Api\\Data\\ProductAttributeInterface")
    code = data.get("attribute_code") or ""
    if not CODE.match(code):
        raise bad_request(
            'Attribute code "%1" is invalid. Please use only letters (a-z or A-Z), numbers (0-9) or underscore (_) '
            "in this field, and the first character should be a letter.",
            [code],
        )
    if data.get("frontend_input") not in INPUTS:
        raise bad_request(
            'Invalid value of "%1" provided for the frontendInput field.', [str(data.get("frontend_input"))]
        )
    labels = data.get("frontend_labels") or []
    label = data.get("default_frontend_label") or next(
        (item.get("label") for item in labels if item.get("store_id") == 0), ""
    )
    if not label:
        raise bad_request("The attribute label is required. Enter and try again.")
    with state.lock:
        if code in state.attributes:
            raise bad_request("An attribute with the same code (%1) already exists.", [code])
        attribute = Attribute(state.next_id("attribute"), code, data["frontend_input"], label)
        state.attributes[code] = attribute
        for option in data.get("options") or []:
            _add_option(state, attribute, option)
    return attribute.as_json()


def _add_option(state: StoreState, attribute: Attribute, option: dict[str, Any]) -> dict[str, Any]:
    label = str(option.get("label") or "").strip()
    if not label:
        raise bad_request("The attribute option label is empty. Enter a value and try again.")
    if any(existing["label"] == label for existing in attribute.options):
        raise bad_request('Admin store attribute option label "%1" is already exists.', [label])
    row = {
        "label": label,
        "value": str(state.next_id("option")),  # a client-supplied value is ignored
        "sort_order": int(option.get("sort_order") or 0),
        "is_default": bool(option.get("is_default") or False),
        "store_labels": [
            {"store_id": int(item["store_id"]), "label": str(item["label"])}
            for item in option.get("store_labels") or []
            if isinstance(item, dict) and "store_id" in item and "label" in item
        ],
    }
    attribute.options.append(row)
    return row


def add_option(state: StoreState, code: str, body: Any, *, answer_format: str) -> str:
    _check(body, {"option"}, "request")
    option = body.get("option")
    _check(option, OPTION_FIELDS, "Magento\\Eav\\Api\\Data\\AttributeOptionInterface")
    with state.lock:
        attribute = get_attribute(state, code)
        if attribute.frontend_input not in ("select", "multiselect"):
            raise bad_request('The "%1" attribute doesn\'t work with options.', [attribute.attribute_code])
        row = _add_option(state, attribute, option)
    if answer_format == "true":
        return "true"
    if answer_format == "id_new_option":
        return "id_new_option"
    return f"id_{row['value']}"


def options(state: StoreState, code: str) -> list[dict[str, Any]]:
    attribute = get_attribute(state, code)
    return [{"label": " ", "value": ""}, *({k: v for k, v in o.items()} for o in attribute.options)]


def attribute_sets(state: StoreState) -> list[dict[str, Any]]:
    return [dict(row) for row in state.attribute_sets.values()]


def assign_to_set(state: StoreState, body: Any) -> str:
    """POST /V1/products/attribute-sets/attributes: the attribute joins the set (its values then stick)."""
    _check(body, {"attributeSetId", "attributeGroupId", "attributeCode", "sortOrder"}, "request")
    set_id = int(body.get("attributeSetId") or 0)
    if set_id not in state.attribute_sets:
        raise MagentoError(
            404, 'The AttributeSet with a "%1" ID doesn\'t exist. Verify the attributeSet and try again.', [str(set_id)]
        )
    attribute = get_attribute(state, str(body.get("attributeCode") or ""))
    with state.lock:
        state.set_members.setdefault(set_id, set()).add(attribute.attribute_code)
    return str(attribute.attribute_id)


def set_attributes(state: StoreState, set_id: str) -> list[dict[str, Any]]:
    """GET /V1/products/attribute-sets/{id}/attributes: the attributes the set holds."""
    members = state.set_members.get(int(set_id) if set_id.isdigit() else -1)
    if members is None:
        raise MagentoError(
            404, 'The AttributeSet with a "%1" ID doesn\'t exist. Verify the attributeSet and try again.', [set_id]
        )
    return [state.attributes[code].as_json() for code in sorted(members) if code in state.attributes]


def set_groups(state: StoreState) -> list[dict[str, Any]]:
    return [
        {"attribute_group_id": 7 + index, "attribute_group_name": "General", "attribute_set_id": set_id}
        for index, set_id in enumerate(state.attribute_sets)
    ]


__all__ = ["PRODUCT_ENTITY_TYPE"]
