"""Media GraphQL: create from a URL (deduped), update, links with one main image per set,
tenancy, and a bounded number of queries for long link lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from media.models import Media, MediaProductThrough
from media.tests.factories import MediaFactory, MediaProductThroughFactory
from sales_prices.tests.factories import ProductFactory

CREATE_MEDIA = """
mutation($data: MediaInput!) { createMedia(data: $data) { id sourceUrl title url contentHash } }
"""
UPDATE_MEDIA = "mutation($data: MediaPartialInput!) { updateMedia(data: $data) { id sourceUrl title } }"
DELETE_MEDIA = "mutation($id: ID!) { deleteMedia(id: $id) { id } }"
CREATE_LINK = """
mutation($data: MediaProductThroughInput!) {
  createMediaProductThrough(data: $data) { id productId salesChannelId sortOrder isMainImage media { id url } }
}
"""
UPDATE_LINK = """
mutation($data: MediaProductThroughPartialInput!) { updateMediaProductThrough(data: $data) { id isMainImage } }
"""
DELETE_LINK = "mutation($id: ID!) { deleteMediaProductThrough(id: $id) { id } }"
LIST_LINKS = """
query($filters: MediaProductThroughFilter) {
  mediaProductThroughs(filters: $filters) {
    id sortOrder isMainImage salesChannelId media { id url title } product { sku }
  }
}
"""
URL = "https://cdn.example.com/chair.jpg"


def error_message(result: dict) -> str:
    assert result.get("errors"), result
    return result["errors"][0]["message"]


@pytest.fixture
def product(company):
    return ProductFactory(multi_tenant_company=company, sku="CHAIR")


@pytest.fixture
def channel(company, sales_channel_model):
    return sales_channel_model.objects.create(multi_tenant_company=company, name="Webshop")


def link_data(*, media, product, **extra) -> dict:
    return {"media": str(media.pk), "product": str(product.pk), **extra}


def test_create_media_from_a_source_url(gql, company):
    created = gql.execute(CREATE_MEDIA, {"data": {"sourceUrl": URL, "title": "Chair"}})["data"]["createMedia"]
    assert (created["sourceUrl"], created["url"], created["title"], created["contentHash"]) == (URL, URL, "Chair", "")
    assert Media.objects.get(pk=created["id"]).multi_tenant_company == company


def test_same_source_url_returns_the_existing_media_unchanged(gql, company):
    existing = MediaFactory(multi_tenant_company=company, source_url=URL, title="Original")
    result = gql.execute(CREATE_MEDIA, {"data": {"sourceUrl": URL, "title": "Other title"}})
    assert result["data"]["createMedia"]["id"] == str(existing.pk)
    assert result["data"]["createMedia"]["title"] == "Original"
    assert Media.objects.count() == 1


def test_same_source_url_in_another_company_is_a_new_media(other_gql, company):
    mine = MediaFactory(multi_tenant_company=company, source_url=URL)
    result = other_gql.execute(CREATE_MEDIA, {"data": {"sourceUrl": URL}})
    assert result["data"]["createMedia"]["id"] != str(mine.pk)
    assert Media.objects.count() == 2


@pytest.mark.parametrize(
    ("url", "message"),
    [("not a url", "source_url: Enter a valid URL."), ("", "An image needs a file or a source URL.")],
)
def test_invalid_source_url_is_a_clear_error(gql, url, message):
    assert error_message(gql.execute(CREATE_MEDIA, {"data": {"sourceUrl": url}})).startswith(message)
    assert not Media.objects.exists()


def test_update_media_refuses_a_source_url_in_use(gql, company):
    taken = MediaFactory(multi_tenant_company=company, source_url=URL)
    media = MediaFactory(multi_tenant_company=company)
    result = gql.execute(UPDATE_MEDIA, {"data": {"id": str(media.pk), "sourceUrl": URL}})
    assert error_message(result) == f"Media {taken.pk} already has the source URL {URL}."
    original_url = media.source_url
    media.refresh_from_db()
    assert media.source_url == original_url


def test_update_and_delete_media(gql, company):
    media = MediaFactory(multi_tenant_company=company)
    result = gql.execute(UPDATE_MEDIA, {"data": {"id": str(media.pk), "title": "Renamed"}})
    assert result["data"]["updateMedia"]["title"] == "Renamed"
    assert gql.execute(DELETE_MEDIA, {"id": str(media.pk)})["data"]["deleteMedia"]["id"] == str(media.pk)
    assert not Media.objects.exists()


def test_link_lifecycle(gql, company, product):
    media = MediaFactory(multi_tenant_company=company, source_url=URL)
    data = link_data(media=media, product=product, sortOrder=3, isMainImage=True)
    created = gql.execute(CREATE_LINK, {"data": data})["data"]["createMediaProductThrough"]
    assert (created["productId"], created["salesChannelId"], created["sortOrder"]) == (str(product.pk), None, 3)
    assert created["media"] == {"id": str(media.pk), "url": URL}
    result = gql.execute(UPDATE_LINK, {"data": {"id": created["id"], "isMainImage": False}})
    assert result["data"]["updateMediaProductThrough"]["isMainImage"] is False
    assert gql.execute(DELETE_LINK, {"id": created["id"]})["data"]["deleteMediaProductThrough"]["id"] == created["id"]
    assert not MediaProductThrough.objects.exists()


def test_second_main_image_on_create_is_a_clear_error(gql, company, product):
    current = MediaProductThroughFactory(multi_tenant_company=company, product=product, is_main_image=True)
    media = MediaFactory(multi_tenant_company=company)
    result = gql.execute(CREATE_LINK, {"data": link_data(media=media, product=product, isMainImage=True)})
    assert error_message(result) == (
        f"Product CHAIR already has a main image in its default images (link {current.pk}, media {current.media_id}); "
        "unset that one first."
    )
    assert list(MediaProductThrough.objects.values_list("pk", flat=True)) == [current.pk]


def test_second_main_image_on_update_is_a_clear_error(gql, company, product):
    MediaProductThroughFactory(multi_tenant_company=company, product=product, is_main_image=True)
    other = MediaProductThroughFactory(multi_tenant_company=company, product=product)
    result = gql.execute(UPDATE_LINK, {"data": {"id": str(other.pk), "isMainImage": True}})
    assert "already has a main image in its default images" in error_message(result)
    other.refresh_from_db()
    assert other.is_main_image is False


def test_main_image_per_channel(gql, company, product, channel):
    MediaProductThroughFactory(multi_tenant_company=company, product=product, is_main_image=True)
    first = MediaFactory(multi_tenant_company=company)
    data = link_data(media=first, product=product, salesChannel=str(channel.pk), isMainImage=True)
    created = gql.execute(CREATE_LINK, {"data": data})["data"]["createMediaProductThrough"]
    assert created["salesChannelId"] == str(channel.pk)
    second = MediaFactory(multi_tenant_company=company)
    data = link_data(media=second, product=product, salesChannel=str(channel.pk), isMainImage=True)
    message = error_message(gql.execute(CREATE_LINK, {"data": data}))
    assert f"already has a main image in sales channel {channel.pk} (link {created['id']}" in message
    assert MediaProductThrough.objects.filter(sales_channel=channel).count() == 1


def test_saving_the_current_main_image_again_is_fine(gql, company, product):
    current = MediaProductThroughFactory(multi_tenant_company=company, product=product, is_main_image=True)
    result = gql.execute(UPDATE_LINK, {"data": {"id": str(current.pk), "isMainImage": True}})
    assert result["data"]["updateMediaProductThrough"]["isMainImage"] is True


def test_filter_links_to_the_default_set(gql, company, product, channel):
    default = MediaProductThroughFactory(multi_tenant_company=company, product=product)
    MediaProductThroughFactory(multi_tenant_company=company, product=product, sales_channel=channel)
    rows = gql.execute(LIST_LINKS, {"filters": {"salesChannelId": {"isNull": True}}})["data"]["mediaProductThroughs"]
    assert [row["id"] for row in rows] == [str(default.pk)]


def test_other_company_cannot_use_or_see_my_media(other_gql, other_company, company, product):
    media = MediaFactory(multi_tenant_company=company)
    MediaProductThroughFactory(multi_tenant_company=company, product=product, media=media)
    their_product = ProductFactory(multi_tenant_company=other_company)
    result = other_gql.execute(CREATE_LINK, {"data": link_data(media=media, product=their_product)})
    assert error_message(result) == f"Media with id {media.pk} was not found."
    assert other_gql.execute(LIST_LINKS)["data"]["mediaProductThroughs"] == []
    assert other_gql.execute("{ media { id } }")["data"]["media"] == []
    assert MediaProductThrough.objects.count() == 1


def count_queries(gql, query: str) -> int:
    with CaptureQueriesContext(connection) as context:
        result = gql.execute(query)
    assert "errors" not in result, result
    return len(context.captured_queries)


def test_listing_links_for_many_products_uses_a_constant_number_of_queries(gql, company, django_assert_max_num_queries):
    MediaProductThroughFactory.create_batch(3, multi_tenant_company=company)
    few = count_queries(gql, LIST_LINKS)
    for product in ProductFactory.create_batch(10, multi_tenant_company=company):
        MediaProductThroughFactory(multi_tenant_company=company, product=product, is_main_image=True)
        MediaProductThroughFactory(multi_tenant_company=company, product=product, media__with_file=True)
    assert count_queries(gql, LIST_LINKS) == few
    with django_assert_max_num_queries(few):
        assert len(gql.execute(LIST_LINKS)["data"]["mediaProductThroughs"]) == 23
