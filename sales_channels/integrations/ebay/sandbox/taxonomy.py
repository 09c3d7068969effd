"""The sandbox's Taxonomy API: one small category tree per marketplace, its leaf categories' aspects.

Shapes follow `commerce_taxonomy_v1` (CategoryTree, CategorySubtree, AspectMetadata,
GetCategoriesAspectResponse); `fetch_item_aspects` answers a gzipped JSON file as eBay does. The
German tree names its aspects in German (eBay localizes aspect names per marketplace). `TaxonomyState`
`missing_required` also answers which required aspects an offer lacks when it is published (eBay refuses those).
"""

from __future__ import annotations

import copy
import gzip
import json
from dataclasses import dataclass, field
from typing import Any

from .replies import Reply, SandboxError, error, json_reply

DOMAIN = "API_TAXONOMY"
TREE_IDS = {"EBAY_US": "0", "EBAY_GB": "3", "EBAY_DE": "77"}
GERMAN = {"Brand": "Marke", "Size": "Größe", "Color": "Farbe", "Department": "Abteilung", "Sleeve Length": "Ärmellänge"}

# (id, name, children or None for a leaf)
TREE: tuple = (
    "0",
    "Root",
    [
        (
            "11450",
            "Clothing, Shoes & Accessories",
            [
                (
                    "1059",
                    "Men's Clothing",
                    [("15687", "T-Shirts", None), ("11483", "Jeans", None), ("155183", "Hoodies & Sweatshirts", None)],
                )
            ],
        ),
        ("15032", "Cell Phones & Accessories", [("9355", "Cell Phones & Smartphones", None)]),
        ("267", "Books & Magazines", [("261186", "Books", None)]),
        ("99", "Everything Else", [("88433", "Other", None)]),
    ],
)


def _aspect(
    name: str,
    *,
    required: bool = False,
    mode: str = "FREE_TEXT",
    multi: bool = False,
    variations: bool = False,
    values: tuple[str, ...] = (),
    max_length: int = 65,
) -> dict[str, Any]:
    return {
        "localizedAspectName": name,
        "aspectConstraint": {
            "aspectDataType": "STRING",
            "aspectMode": mode,
            "aspectRequired": required,
            "aspectUsage": "RECOMMENDED" if required or values else "OPTIONAL",
            "aspectEnabledForVariations": variations,
            "itemToAspectCardinality": "MULTI" if multi else "SINGLE",
            "aspectMaxLength": max_length,
            "aspectApplicableTo": ["ITEM"],
        },
        "aspectValues": [{"localizedValue": value} for value in values],
    }


SIZES = ("XS", "S", "M", "L", "XL", "XXL", "3XL")
COLORS = ("Black", "White", "Blue", "Red")
ASPECTS: dict[str, list[dict[str, Any]]] = {
    "15687": [
        _aspect("Brand", required=True, values=("OneSila", "Nike", "Adidas")),
        _aspect("Size", required=True, mode="SELECTION_ONLY", variations=True, values=SIZES),
        _aspect("Color", variations=True, values=COLORS),
        _aspect("Department", mode="SELECTION_ONLY", values=("Men", "Women", "Unisex Adults")),
        _aspect("Sleeve Length", mode="SELECTION_ONLY", values=("Short Sleeve", "Long Sleeve")),
        _aspect("Material", multi=True, values=("Cotton", "Polyester", "Linen")),
    ],
    "155183": [
        _aspect("Brand", required=True, values=("OneSila", "Nike", "Adidas")),
        _aspect("Size", required=True, mode="SELECTION_ONLY", variations=True, values=SIZES),
        _aspect("Color", variations=True, values=COLORS),
        _aspect("Material", multi=True, variations=True, values=("Cotton", "Polyester", "Fleece")),
    ],
    "11483": [
        _aspect("Brand", required=True, values=("OneSila", "Levi's")),
        _aspect("Size", required=True, mode="SELECTION_ONLY", variations=True, values=("30", "32", "34", "36")),
        _aspect("Color", variations=True, values=COLORS),
    ],
    "9355": [
        _aspect("Brand", values=("Apple", "Samsung")),
        _aspect("Model"),
        _aspect("Storage Capacity", mode="SELECTION_ONLY", variations=True, values=("64 GB", "128 GB", "256 GB")),
        _aspect("Color", variations=True, values=COLORS),
    ],
    "88433": [_aspect("Brand"), _aspect("Color", variations=True), _aspect("Size", variations=True)],
    "261186": [
        _aspect("Book Title", required=True),
        _aspect("Author", multi=True),
        _aspect("Language", mode="SELECTION_ONLY", values=("English", "German", "French")),
    ],
}
LEAF_CATEGORIES = frozenset(ASPECTS)


def _localized(aspect: dict[str, Any], marketplace: str) -> dict[str, Any]:
    if marketplace != "EBAY_DE":
        return aspect
    found = copy.deepcopy(aspect)
    found["localizedAspectName"] = GERMAN.get(aspect["localizedAspectName"], aspect["localizedAspectName"])
    return found


def category_aspects(*, marketplace: str, category_id: str) -> list[dict[str, Any]]:
    """A leaf category's aspects as the marketplace names them."""
    return [_localized(aspect, marketplace) for aspect in ASPECTS.get(category_id, [])]


def missing_required(*, marketplace: str, category_id: str, aspects: dict[str, list[str]]) -> list[str]:
    """Required aspects of the category that `aspects` lacks (names as the marketplace spells them)."""
    wanted = [
        a["localizedAspectName"]
        for a in category_aspects(marketplace=marketplace, category_id=category_id)
        if a["aspectConstraint"]["aspectRequired"]
    ]
    return [name for name in wanted if not aspects.get(name)]


@dataclass
class TaxonomyState:
    """The category trees (one per marketplace) and their versions; bump `versions[tree_id]` to change one."""

    versions: dict[str, str] = field(default_factory=lambda: dict.fromkeys(TREE_IDS.values(), "130"))

    def marketplace_of(self, tree_id: str) -> str:
        found = next((m for m, t in TREE_IDS.items() if t == tree_id), None)
        if found is None:
            missing = error(62004, "The specified category tree ID was not found.", domain=DOMAIN, tree=tree_id)
            raise SandboxError(404, missing)
        return found

    # -- routes -------------------------------------------------------------------------------------

    def default_tree(self, query: dict[str, str]) -> Reply:
        marketplace = query.get("marketplace_id", "")
        if marketplace not in TREE_IDS:
            raise SandboxError(
                400, error(62000, "The specified marketplace ID is invalid.", domain=DOMAIN, marketplace_id=marketplace)
            )
        tree_id = TREE_IDS[marketplace]
        return json_reply(200, {"categoryTreeId": tree_id, "categoryTreeVersion": self.versions[tree_id]})

    def tree(self, tree_id: str) -> Reply:
        marketplace = self.marketplace_of(tree_id)
        return json_reply(
            200,
            {
                "categoryTreeId": tree_id,
                "categoryTreeVersion": self.versions[tree_id],
                "applicableMarketplaceIds": [marketplace],
                "rootCategoryNode": _node(TREE, level=0),
            },
        )

    def subtree(self, tree_id: str, query: dict[str, str]) -> Reply:
        self.marketplace_of(tree_id)
        category_id = query.get("category_id", "")
        found = _find(TREE, category_id)
        if found is None or category_id == TREE[0]:
            raise _invalid_category(category_id)
        level = _level(TREE, category_id, 0) or 0
        return json_reply(
            200,
            {
                "categoryTreeId": tree_id,
                "categoryTreeVersion": self.versions[tree_id],
                "categorySubtreeNode": _node(found, level=level),
            },
        )

    def item_aspects(self, tree_id: str, query: dict[str, str]) -> Reply:
        marketplace = self.marketplace_of(tree_id)
        category_id = query.get("category_id", "")
        if category_id not in LEAF_CATEGORIES:
            raise _invalid_category(category_id)
        return json_reply(200, {"aspects": category_aspects(marketplace=marketplace, category_id=category_id)})

    def fetch_item_aspects(self, tree_id: str) -> Reply:
        """Every leaf category's aspects as one gzipped JSON file."""
        marketplace = self.marketplace_of(tree_id)
        document = {
            "categoryTreeId": tree_id,
            "categoryTreeVersion": self.versions[tree_id],
            "categoryAspects": [
                {
                    "category": {"categoryId": category_id, "categoryName": _find(TREE, category_id)[1]},
                    "aspects": category_aspects(marketplace=marketplace, category_id=category_id),
                }
                for category_id in sorted(LEAF_CATEGORIES)
            ],
        }
        body = gzip.compress(json.dumps(document, separators=(",", ":")).encode())
        return Reply(200, {"Content-Type": "application/octet-stream"}, body)


def _invalid_category(category_id: str) -> SandboxError:
    return SandboxError(
        400, error(62005, "The specified category ID is invalid or not a leaf.", domain=DOMAIN, category_id=category_id)
    )


def _find(node: tuple, category_id: str) -> tuple | None:
    if node[0] == category_id:
        return node
    for child in node[2] or []:
        found = _find(child, category_id)
        if found is not None:
            return found
    return None


def _level(node: tuple, category_id: str, level: int) -> int | None:
    if node[0] == category_id:
        return level
    for child in node[2] or []:
        found = _level(child, category_id, level + 1)
        if found is not None:
            return found
    return None


def _node(node: tuple, *, level: int) -> dict[str, Any]:
    category_id, name, children = node
    found: dict[str, Any] = {
        "category": {"categoryId": category_id, "categoryName": name},
        "categoryTreeNodeLevel": level,
    }
    if children is None:
        found["leafCategoryTreeNode"] = True
    else:
        found["childCategoryTreeNodes"] = [_node(child, level=level + 1) for child in children]
    return found
