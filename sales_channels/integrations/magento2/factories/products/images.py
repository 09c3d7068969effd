"""Images removed locally are removed from the product's media gallery.

Magento names a gallery entry by its own id and stores the uploaded file under its name made safe
(characters other than letters, digits, `_`, `-` and `.` become `_`), with `_1`, `_2`... before the
extension when that name is taken. An image the listing had at its last push and no longer has (by
content key) is found in the gallery (`GET /V1/products/{sku}/media`, one call) by that file name and
its label, and deleted (`DELETE /V1/products/{sku}/media/{entryId}`). When an image still in the set
has the same name and label (a replaced file), the newest matching entries are the kept ones. Entries
that match no image OneSila sent (added in Magento) are left alone.
"""

import re
from typing import Any
from urllib.parse import quote

from sales_channels.exceptions import RemoteObjectMissing
from sales_channels.integrations.magento2.client import Magento2Client

UNSAFE = re.compile(r"[^a-z0-9_\-.]+", re.IGNORECASE)


def removed_images(*, payload: dict[str, Any], previous: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The images of the last push that the listing no longer has (none when images are not synced now)."""
    if "images" not in payload:
        return []
    current = {image["key"] for image in payload["images"]}
    return [image for image in (previous or {}).get("images") or [] if image["key"] not in current]


def _stored_as(name: str, file: str) -> bool:
    safe = UNSAFE.sub("_", name)
    stem, dot, extension = safe.rpartition(".") if "." in safe else (safe, "", "")
    pattern = re.escape(stem) + r"(_\d+)?" + re.escape(dot + extension)
    return re.fullmatch(pattern, file.rsplit("/", 1)[-1], flags=re.IGNORECASE) is not None


def entries_to_delete(
    *, gallery: list[dict[str, Any]], removed: list[dict[str, Any]], kept: list[dict[str, Any]]
) -> list[int]:
    """The gallery entry ids of the removed images (see the module docstring)."""
    doomed: list[int] = []
    for name, label in dict.fromkeys((image["name"], image["label"]) for image in removed):
        matches = sorted(
            int(entry["id"])
            for entry in gallery
            if entry.get("label") == label and _stored_as(name, str(entry.get("file") or ""))
        )
        still_used = sum(1 for image in kept if (image["name"], image["label"]) == (name, label))
        doomed += matches[: max(0, len(matches) - still_used)]
    return doomed


def delete_removed_images(
    *, client: Magento2Client, sku: str, removed: list[dict[str, Any]], kept: list[dict[str, Any]]
) -> int:
    """Delete the removed images' gallery entries of one product; how many were deleted."""
    if not removed:
        return 0
    path = f"products/{quote(sku, safe='')}/media"
    gallery = client.get(path, remote_id=sku)
    doomed = entries_to_delete(gallery=gallery or [], removed=removed, kept=kept)
    for entry_id in doomed:
        try:
            client.delete(f"{path}/{entry_id}", remote_id=sku)
        except RemoteObjectMissing:
            continue  # already gone (an earlier attempt deleted it before its answer was lost): the wanted state
    return len(doomed)
