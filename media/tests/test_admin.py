"""Media admin: pages load, an upload of a file the company already has is refused with a form error."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media.models import Media
from media.tests.factories import MediaFactory, MediaProductThroughFactory, png_bytes


@pytest.mark.parametrize("model", ["media", "mediaproductthrough"])
def test_admin_pages_load(client, user, company, model):
    MediaProductThroughFactory(multi_tenant_company=company)
    client.force_login(user)
    assert client.get(reverse(f"admin:media_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:media_{model}_add")).status_code == 200


def post_upload(client, data: bytes):
    return client.post(
        reverse("admin:media_media_add"),
        {
            "type": Media.IMAGE,
            "image": SimpleUploadedFile("photo.png", data, content_type="image/png"),
            "product_links-TOTAL_FORMS": "0",
            "product_links-INITIAL_FORMS": "0",
        },
    )


def test_upload_is_hashed_and_a_duplicate_is_refused(client, user, company):
    client.force_login(user)
    data = png_bytes(color=(4, 5, 6))
    assert post_upload(client, data).status_code == 302
    media = Media.objects.get()
    assert (media.multi_tenant_company, media.content_hash) == (company, Media.hash_bytes(data))
    response = post_upload(client, data)
    assert response.status_code == 200
    assert f"This file is already stored as media {media.pk}.".encode() in response.content
    assert Media.objects.count() == 1


def test_same_file_in_another_company_is_accepted(client, user, other_company):
    data = png_bytes(color=(4, 5, 6))
    MediaFactory(multi_tenant_company=other_company, source_url="", image=SimpleUploadedFile("a.png", data))
    client.force_login(user)
    assert post_upload(client, data).status_code == 302
    assert Media.objects.count() == 2
