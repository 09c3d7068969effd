"""The eBay admin: a marketplace's choices from its own rows only, checked and resynced; no secret; per company."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from sales_channels.flows.default import assign_signals_muted
from sales_channels.integrations.ebay.models import EbayBusinessPolicy, EbayMarketplaceView
from sales_channels.integrations.ebay.tests.tests_schemas.rows import seller
from sales_channels.models import SalesChannelViewAssign, SyncTask
from sales_channels.tests import catalog

pytestmark = pytest.mark.django_db

FACTS = (
    "fulfillment_policy_id",
    "payment_policy_id",
    "return_policy_id",
    "merchant_location_key",
    "category_id",
    "condition",
)


def url(model, action: str, *args) -> str:
    return reverse(f"admin:ebay_{model._meta.model_name}_{action}", args=args)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def stored(view) -> tuple:
    return tuple(EbayMarketplaceView.objects.filter(pk=view.pk).values_list(*FACTS).get())


def post_data(view, **changes) -> dict:
    data = {name: getattr(view, name) for name in FACTS}
    inline = "policies"  # the read-only policies inline still posts its management form
    count = EbayBusinessPolicy.objects.filter(view=view).count()
    data.update({f"{inline}-TOTAL_FORMS": count, f"{inline}-INITIAL_FORMS": count, f"{inline}-MIN_NUM_FORMS": 0})
    data[f"{inline}-MAX_NUM_FORMS"] = 1000
    return {**data, **changes}


@pytest.fixture
def mine(company):
    return seller(company)


@pytest.fixture
def theirs(other_company):
    return seller(other_company, name="Their eBay", base=200)


def test_the_choices_offered_are_the_marketplace_own_rows(user, mine, theirs):
    form = logged_in(user).get(url(EbayMarketplaceView, "change", mine.us.pk)).context["adminform"].form

    assert [key for key, _label in form.fields["fulfillment_policy_id"].choices] == ["", "1002", "1001"]
    assert [key for key, _label in form.fields["payment_policy_id"].choices] == ["", "1003"]
    assert [key for key, _label in form.fields["merchant_location_key"].choices] == ["", "WH-100-A", "WH-100-B"]
    assert "USED_EXCELLENT" in dict(form.fields["condition"].choices)


def test_a_change_is_saved_and_resyncs_the_marketplace_listings(user, company, mine):
    catalog.currency(company, iso="USD")
    mug = catalog.product(company, "MUG-1", price="5.00", stock=1)
    with assign_signals_muted():
        SalesChannelViewAssign.objects.create(
            multi_tenant_company=company, sales_channel=mine.channel, view=mine.us, product=mug
        )
    client = logged_in(user)

    answer = client.post(
        url(EbayMarketplaceView, "change", mine.us.pk),
        post_data(mine.us, fulfillment_policy_id="1002", condition="LIKE_NEW"),
    )

    assert answer.status_code == 302, answer.context["adminform"].form.errors if answer.context else answer
    assert stored(mine.us) == ("1002", "1003", "1004", "WH-100-A", "", "LIKE_NEW")
    assert list(SyncTask.objects.values_list("usage", "view_id", "object_id")) == [("product.sync", mine.us.pk, mug.pk)]
    assert "1 listing sync(s) queued for EBAY_US." in [str(m) for m in get_messages(answer.wsgi_request)]


def test_another_view_policy_is_a_form_error_and_nothing_is_saved(user, mine, theirs):
    client = logged_in(user)
    before = stored(mine.us)

    answer = client.post(
        url(EbayMarketplaceView, "change", mine.us.pk),
        post_data(mine.us, fulfillment_policy_id="1005", return_policy_id="2004", condition="USED_GOOD"),
    )

    assert answer.status_code == 200
    errors = answer.context["adminform"].form.errors
    assert set(errors) == {"fulfillment_policy_id", "return_policy_id"}
    assert stored(mine.us) == before
    assert not SyncTask.objects.exists()


def test_the_channel_page_shows_no_secret(user, mine):
    page = logged_in(user).get(url(type(mine.channel), "change", mine.channel.pk)).content.decode()

    for shown in ("runame-100", "EBAY_GB", "WH-100-B", "US express"):
        assert shown in page
    for secret in ("cert-100-secret", "v^token-100", "v^refresh-100"):
        assert secret not in page
    assert 'name="client_secret"' not in page


@pytest.mark.parametrize("model", ["channel", "view", "policy", "location"])
def test_another_company_staff_can_neither_see_nor_change(other_user, mine, model):
    row = {
        "channel": mine.channel,
        "view": mine.us,
        "policy": EbayBusinessPolicy.objects.filter(sales_channel=mine.channel).first(),
        "location": mine.channel.locations.first(),
    }[model]
    intruder = logged_in(other_user)
    before = stored(mine.us)

    listed = intruder.get(url(type(row), "changelist"))
    assert row.pk not in {obj.pk for obj in listed.context["cl"].queryset}
    assert intruder.get(url(type(row), "change", row.pk)).status_code in (302, 404)
    if model == "view":
        intruder.post(url(EbayMarketplaceView, "change", row.pk), post_data(mine.us, fulfillment_policy_id="1002"))
    assert stored(mine.us) == before
    assert type(row)._default_manager.filter(pk=row.pk).exists()
