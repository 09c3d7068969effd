"""Magento's searchCriteria: filter groups (AND of groups, OR inside a group), sort orders and pages.

The query string is PHP-style (`searchCriteria[filterGroups][0][filters][0][field]=sku`). Paging has
Magento's quirks: `currentPage` 0 and 1 are the same page, a page past the end repeats the last page
(clients must stop on `total_count`), and the page size is capped at 300 (the input limit).
"""

import re
from typing import Any

from .errors import bad_request

MAX_PAGE_SIZE = 300
DEFAULT_PAGE_SIZE = 20
_KEY = re.compile(r"^searchCriteria((?:\[[^\]]*\])+)$")
_PART = re.compile(r"\[([^\]]*)\]")
CONDITIONS = {"eq", "neq", "in", "nin", "like", "gt", "gteq", "lt", "lteq", "null", "notnull", "finset"}


def parse(query: list[tuple[str, str]]) -> dict[str, Any]:
    """The nested searchCriteria of a query string (lists of pairs keep repeated keys)."""
    criteria: dict[str, Any] = {}
    for key, value in query:
        match = _KEY.match(key)
        if not match:
            continue
        node: Any = criteria
        parts = _PART.findall(match.group(1))
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            if last:
                node[part] = value
            else:
                node = node.setdefault(part, {})
    return criteria


def _value(record: dict[str, Any], field: str) -> Any:
    if field in record:
        return record[field]
    for attribute in record.get("custom_attributes") or []:
        if attribute.get("attribute_code") == field:
            return attribute.get("value")
    return None


def _matches(record: dict[str, Any], flt: dict[str, Any]) -> bool:
    field = flt.get("field")
    if not field:
        raise bad_request('"%fieldName" is required. Enter and try again.', {"fieldName": "field"})
    condition = flt.get("conditionType") or flt.get("condition_type") or "eq"
    if condition not in CONDITIONS:
        raise bad_request('Invalid condition type "%1".', [condition])
    expected = flt.get("value", "")
    actual = _value(record, field)
    text = "" if actual is None else str(actual)
    if condition == "eq":
        return text == expected
    if condition == "neq":
        return text != expected
    if condition in ("in", "nin"):
        hit = text in [part.strip() for part in expected.split(",")]
        return hit if condition == "in" else not hit
    if condition == "like":
        pattern = "^" + re.escape(expected).replace("%", ".*") + "$"
        return re.match(pattern, text, re.IGNORECASE) is not None
    if condition in ("null", "notnull"):
        return (actual in (None, "")) == (condition == "null")
    if condition == "finset":
        return expected in text.split(",")
    return _compare(text, expected, condition)


def _compare(actual: str, expected: str, condition: str) -> bool:
    try:
        left, right = float(actual), float(expected)
    except ValueError:
        left, right = actual, expected  # dates "YYYY-MM-DD HH:MM:SS" compare as text
    return {"gt": left > right, "gteq": left >= right, "lt": left < right, "lteq": left <= right}[condition]


def search(records: list[dict[str, Any]], criteria: dict[str, Any]) -> tuple[list[dict[str, Any]], int, dict]:
    """(page items, total_count, search_criteria as Magento echoes it)."""
    groups = criteria.get("filterGroups") or criteria.get("filter_groups") or {}
    found = records
    echoed_groups = []
    for _, group in sorted(groups.items(), key=lambda pair: int(pair[0])):
        filters = [f for _, f in sorted((group.get("filters") or {}).items(), key=lambda pair: int(pair[0]))]
        found = [record for record in found if any(_matches(record, flt) for flt in filters)]
        echoed_groups.append(
            {
                "filters": [
                    {
                        "field": f.get("field"),
                        "value": f.get("value", ""),
                        "condition_type": f.get("conditionType", "eq"),
                    }
                    for f in filters
                ]
            }
        )
    orders = criteria.get("sortOrders") or {}
    for _, order in sorted(orders.items(), key=lambda pair: -int(pair[0])):
        field = order.get("field", "entity_id")
        reverse = (order.get("direction") or "ASC").upper() == "DESC"
        found = sorted(found, key=lambda record: str(_value(record, field) or ""), reverse=reverse)
    total = len(found)
    echoed: dict[str, Any] = {"filter_groups": echoed_groups}
    if "pageSize" not in criteria:
        return found, total, echoed
    try:
        size = int(criteria["pageSize"])
        page = int(criteria.get("currentPage") or 1)
    except ValueError:
        raise bad_request("pageSize and currentPage must be integers.") from None
    if size > MAX_PAGE_SIZE:
        raise bad_request("Maximum SearchCriteria pageSize is %max", {"max": MAX_PAGE_SIZE})
    size = max(1, size)
    page = max(1, page)
    last_page = max(1, -(-total // size))
    page = min(page, last_page)  # past the end: Magento repeats the last page
    echoed.update({"page_size": size, "current_page": page})
    return found[(page - 1) * size : page * size], total, echoed
