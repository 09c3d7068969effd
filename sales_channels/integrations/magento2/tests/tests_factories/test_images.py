"""Which gallery entries a removed image is: by Magento's stored file name (made safe, maybe `_N`) and label."""

from sales_channels.integrations.magento2.factories.products.images import entries_to_delete, removed_images


def image(key: str, name: str, label: str) -> dict:
    return {"key": key, "media": 1, "label": label, "position": 0, "types": [], "name": name, "mime": "image/png"}


def test_removed_images_are_those_of_the_last_push_no_longer_in_the_set():
    previous = {"images": [image("a", "a.png", "A"), image("b", "b.png", "B")]}
    assert removed_images(payload={"images": [image("b", "b.png", "B")]}, previous=previous) == [previous["images"][0]]
    assert removed_images(payload={"product": {}}, previous=previous) == []  # images not synced now: keep them
    assert removed_images(payload={"images": []}, previous=None) == []


def test_entries_match_by_safe_file_name_and_label_and_a_kept_namesake_keeps_the_newest():
    gallery = [
        {"id": 3, "label": "Front", "file": "/m/y/my_mug_.png"},
        {"id": 4, "label": "Front", "file": "/m/y/my_mug__1.png"},
        {"id": 5, "label": "Other", "file": "/m/y/my_mug_.png"},
        {"id": 6, "label": "Merchant's", "file": "/x/y/xy.png"},
    ]
    removed = [image("old", "my mug!.png", "Front")]
    assert entries_to_delete(gallery=gallery, removed=removed, kept=[]) == [3, 4]
    replaced = [image("new", "my mug!.png", "Front")]  # same name and label, new content: the newest stays
    assert entries_to_delete(gallery=gallery, removed=removed, kept=replaced) == [3]
