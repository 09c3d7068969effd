"""Sales-channel admin: pages render, actions run through the services and stay inside the user's company."""

import dataclasses

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import reverse

from OneSila.tests.tenancy_data import populate_sales_channels
from sales_channels import admin as channel_admin
from sales_channels import models as sc
from sales_channels.factories.base import StepContext, SyncStep
from sales_channels.factories.outcomes import UNCHANGED, StepOutcome
from sales_channels.models import ImportProcess, SalesChannel, SalesChannelViewAssign, SyncTask, SyncTaskStatus
from sales_channels.registry import get_spec, register
from sales_channels.signals import refresh_website_pull_models
from sales_channels.tests import catalog
from sales_channels.tests.factories import SalesChannelFactory
from sales_channels.tests.fake.client import FakeClient
from sales_channels.tests.fake.remote import SERVER_ERROR, FakeRemote
from sales_channels.tests.fake.spec import STOREFRONT
from sales_channels.tests.fake.steps import FakeViewsPull

SALES_CHANNEL_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "sales_channels"),
    key=lambda model: model._meta.model_name,
)


@pytest.fixture
def admin_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def intruder(client, other_user):
    client.force_login(other_user)
    return client


def url(model, action: str = "changelist", *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def run_action(client, model, action: str, rows) -> list[str]:
    data = {"action": action, "_selected_action": [str(row.pk) for row in rows]}
    response = client.post(url(model), data, follow=True)
    assert response.status_code == 200
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def products(company, eur):
    return [catalog.product(company, f"SKU-{n}") for n in range(2)]


@pytest.fixture
def assigned(company, storefront, products):
    view = storefront.views.get(remote_id="web")
    for product in products:
        SalesChannelViewAssign.objects.create(multi_tenant_company=company, view=view, product=product)
    return products


class FakeConnectionTest(SyncStep):
    """One cheap authenticated call (the fake vendor's view list)."""

    def run(self) -> StepOutcome:
        self.client.list_views()
        return StepOutcome(kind=UNCHANGED)


@pytest.fixture
def connection_step(fake_backend):
    spec = get_spec(STOREFRONT)
    register(dataclasses.replace(spec, steps={**spec.steps, "connection.test": FakeConnectionTest}))


@pytest.fixture
def views_pull(fake_backend):
    def pull(sender, instance, **kwargs):
        context = StepContext(channel=instance, spec=get_spec(instance.integration), client=None)
        context.client = FakeClient(fake_backend.remote(instance))
        return FakeViewsPull(context=context).run()

    refresh_website_pull_models.connect(pull, sender=SalesChannel, weak=False, dispatch_uid="test.admin_pull")
    yield
    refresh_website_pull_models.disconnect(sender=SalesChannel, dispatch_uid="test.admin_pull")


def test_every_framework_model_has_a_tenant_admin():
    registered = {model.__name__ for model in SALES_CHANNEL_MODELS}
    tenant_models = {
        name
        for name in sc.__all__
        if hasattr(getattr(sc, name), "multi_tenant_company") and not getattr(sc, name)._meta.abstract
    }
    assert tenant_models <= registered
    assert all(isinstance(admin.site._registry[m], channel_admin.TenantAdmin) for m in SALES_CHANNEL_MODELS)


@pytest.mark.parametrize("model", SALES_CHANNEL_MODELS, ids=lambda model: model.__name__)
def test_changelist_and_change_page_render(admin_client, company, products, model):
    populate_sales_channels(company=company)
    row = model._default_manager.filter(multi_tenant_company=company).first()

    assert admin_client.get(url(model)).status_code == 200
    assert admin_client.get(url(model, "change", row.pk)).status_code == 200


def test_changelists_search_listings_by_sku_and_remote_id(admin_client, company, storefront, products):
    for n, product in enumerate(products):
        sc.RemoteProduct.objects.create(
            multi_tenant_company=company, sales_channel=storefront, local_instance=product, remote_id=f"gid-{n}"
        )

    def found(term: str) -> list[str]:
        return [row.remote_id for row in admin_client.get(url(sc.RemoteProduct), {"q": term}).context["cl"].result_list]

    assert found("SKU-1") == ["gid-1"]
    assert found("gid-0") == ["gid-0"]


def test_relation_filters_never_name_another_companys_channel(admin_client, other_company, storefront):
    foreign = SalesChannelFactory(multi_tenant_company=other_company, name="Foreign confidential shop")
    SyncTask.objects.create(multi_tenant_company=other_company, sales_channel=foreign, usage="x", object_id=1)
    SyncTask.objects.create(
        multi_tenant_company=storefront.multi_tenant_company, sales_channel=storefront, usage="x", object_id=1
    )

    content = admin_client.get(url(SyncTask)).content.decode()

    assert "Web shop" in content
    assert "Foreign confidential shop" not in content


# -- channel actions ------------------------------------------------------------------------------


def test_test_connection_action_records_the_result(admin_client, storefront, remote, connection_step):
    other = SalesChannelFactory(multi_tenant_company=storefront.multi_tenant_company, name="Second")
    remote.inject(SERVER_ERROR)  # the storefront's vendor fails once; the second channel's answers

    data = {"action": "check_connections", "_selected_action": [str(storefront.pk), str(other.pk)]}
    response = admin_client.post(url(SalesChannel), data, follow=True)
    shown = [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]

    explained = "Fake storefront had a temporary problem (HTTP 500 from the fake vendor): try again in a few minutes."
    assert shown == [
        ("success", "Second: connected"),
        ("error", f"Web shop: the connection test failed. {explained}"),
    ]
    storefront.refresh_from_db()
    assert (storefront.connection_status, storefront.last_connection_error) == ("failed", explained)


def test_test_connection_action_reports_an_integration_that_cannot(admin_client, storefront):
    messages = run_action(admin_client, SalesChannel, "check_connections", [storefront])

    assert messages == ["Integration 'fake_storefront' cannot test a connection yet."]


def test_pull_metadata_action(admin_client, storefront, remote, views_pull):
    remote.views = [{"id": "eu", "name": "Europe"}]

    messages = run_action(admin_client, SalesChannel, "pull_metadata", [storefront])

    assert messages == ["Web shop: 1 metadata pull(s) ran"]
    assert storefront.views.get(remote_id="eu").name == "Europe"


def test_a_vendor_failure_in_an_action_is_red_and_explained(admin_client, storefront, remote, views_pull):
    remote.inject(SERVER_ERROR, times=10)
    data = {"action": "pull_metadata", "_selected_action": [str(storefront.pk)]}

    response = admin_client.post(url(SalesChannel), data, follow=True)

    shown = [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]
    assert response.status_code == 200
    assert shown == [
        (
            "error",
            "Web shop: failed. Fake storefront had a temporary problem (HTTP 500 from the fake vendor): "
            "try again in a few minutes.",
        )
    ]


def test_import_products_action_starts_an_import(admin_client, storefront):
    messages = run_action(admin_client, SalesChannel, "import_products", [storefront])

    process = ImportProcess.objects.get()
    assert messages == [f"Web shop: import #{process.pk} started"]
    assert (process.sales_channel_id, process.kind) == (storefront.pk, "products")


def test_resync_assigned_products_action(admin_client, storefront, assigned):
    SyncTask.objects.update(status=SyncTaskStatus.SUCCEEDED)

    messages = run_action(admin_client, SalesChannel, "resync_assigned_products", [storefront])

    assert messages == ["Web shop: 2 sync task(s) queued"]
    assert SyncTask.objects.filter(status="queued", usage="product.sync").count() == 2


def test_resync_selected_assigns_and_listings(admin_client, company, storefront, assigned):
    SyncTask.objects.update(status=SyncTaskStatus.SUCCEEDED)
    listing = sc.RemoteProduct.objects.create(
        multi_tenant_company=company, sales_channel=storefront, local_instance=assigned[1], remote_id="7"
    )

    by_assign = run_action(
        admin_client, SalesChannelViewAssign, "resync_selected_assigns", SalesChannelViewAssign.objects.all()[:1]
    )
    by_listing = run_action(admin_client, sc.RemoteProduct, "resync_selected_listings", [listing])

    assert by_assign == by_listing == ["Web shop: 1 sync task(s) queued"]
    assert SyncTask.objects.filter(status="queued").count() == 2


# -- task actions ---------------------------------------------------------------------------------


def make_task(channel, status: str, object_id: int) -> SyncTask:
    return SyncTask.objects.create(
        multi_tenant_company_id=channel.multi_tenant_company_id,
        sales_channel=channel,
        usage="product.sync",
        object_id=object_id,
        status=status,
    )


def test_retry_action_requeues_failed_tasks_and_skips_the_rest(admin_client, storefront):
    failed = make_task(storefront, SyncTaskStatus.FAILED, 1)
    done = make_task(storefront, SyncTaskStatus.SUCCEEDED, 2)

    messages = run_action(admin_client, SyncTask, "retry_tasks", [failed, done])

    assert messages == [
        "1 task(s) queued again",
        "1 task(s) skipped: only failed, cancelled or deferred tasks can be retried",
    ]
    failed.refresh_from_db()
    done.refresh_from_db()
    assert (failed.status, done.status) == ("queued", "succeeded")


def test_cancel_action_cancels_pending_tasks(admin_client, storefront):
    queued = make_task(storefront, SyncTaskStatus.QUEUED, 1)

    messages = run_action(admin_client, SyncTask, "cancel_tasks", [queued])

    assert messages == ["1 task(s) cancelled"]
    queued.refresh_from_db()
    assert queued.status == "cancelled"


def test_call_logs_are_read_only_and_shown_redacted(admin_client, company, storefront):
    log = sc.RemoteCallLog.objects.create(
        multi_tenant_company=company,
        sales_channel=storefront,
        method="GET",
        url="https://shop.example.com/p?access_token=shpat_live_987654",
        response_excerpt="refresh_token=rt_abcdefgh",
    )

    page = admin_client.get(url(sc.RemoteCallLog, "change", log.pk))

    assert page.status_code == 200
    assert "shpat_live_987654" not in page.content.decode()
    assert "rt_abcdefgh" not in page.content.decode()
    assert admin_client.get(url(sc.RemoteCallLog, "add")).status_code == 403


# -- scoping of actions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "action"),
    [
        (SalesChannel, "check_connections"),
        (SalesChannel, "pull_metadata"),
        (SalesChannel, "import_products"),
        (SalesChannel, "resync_assigned_products"),
    ],
)
def test_channel_actions_cannot_reach_another_companys_channel(
    intruder, storefront, assigned, connection_step, views_pull, model, action
):
    SyncTask.objects.update(status=SyncTaskStatus.SUCCEEDED)
    before = list(SalesChannel.objects.values_list("connection_status", "last_connection_error", "updated_at"))

    messages = run_action(intruder, model, action, [storefront])

    assert messages == []  # the action ran on the intruder's scoped (empty) selection
    assert list(SalesChannel.objects.values_list("connection_status", "last_connection_error", "updated_at")) == before
    assert not ImportProcess.objects.exists()
    assert not SyncTask.objects.exclude(status=SyncTaskStatus.SUCCEEDED).exists()


@pytest.mark.parametrize("action", ["retry_tasks", "cancel_tasks"])
def test_task_actions_cannot_reach_another_companys_tasks(intruder, storefront, action):
    failed = make_task(storefront, SyncTaskStatus.FAILED, 1)
    queued = make_task(storefront, SyncTaskStatus.QUEUED, 2)

    run_action(intruder, SyncTask, action, [failed, queued])

    assert sorted(SyncTask.objects.values_list("status", flat=True)) == ["failed", "queued"]


# -- credentials ----------------------------------------------------------------------------------


@pytest.fixture
def base_url_as_secret(monkeypatch):
    """Treat the base URL as a credential field (the base model has none; vendor subclasses add theirs)."""
    monkeypatch.setattr(
        channel_admin.channels,
        "secret_field_names",
        lambda *, model: ["base_url"] if issubclass(model, SalesChannel) else [],
    )


def channel_form_data(channel, **changes) -> dict:
    data = {
        "name": channel.name,
        "active": "on",
        "base_url": "",
        "sync_contents": "on",
        "requests_per_second": "2.0",
        "burst": "10",
        "master_of_data": "{}",
    }
    return {**data, **changes}


def test_credential_fields_are_never_shown_and_empty_input_keeps_them(admin_client, storefront, base_url_as_secret):
    storefront.base_url = "https://very-secret-host.example.com/"
    storefront.save()

    page = admin_client.get(url(SalesChannel, "change", storefront.pk)).content.decode()
    kept = admin_client.post(url(SalesChannel, "change", storefront.pk), channel_form_data(storefront))
    storefront.refresh_from_db()

    assert "very-secret-host" not in page
    assert 'type="password"' in page
    assert kept.status_code == 302
    assert storefront.base_url == "https://very-secret-host.example.com/"

    changed = admin_client.post(
        url(SalesChannel, "change", storefront.pk), channel_form_data(storefront, base_url="https://new.example.com/")
    )
    storefront.refresh_from_db()
    assert changed.status_code == 302
    assert storefront.base_url == "https://new.example.com/"


# -- add and connect a channel of the fake key-based integration ----------------------------------


ADD_URL = "/admin/sales_channels/saleschannel/add/"


def test_add_asks_for_the_integration_and_a_key_based_connect_checks_at_once(
    admin_client, company, fake_backend, connection_step
):
    chooser = admin_client.get(ADD_URL).content.decode()
    assert 'data-integration="fake_storefront"' in chooser

    response = admin_client.post(f"{ADD_URL}?integration={STOREFRONT}", {"name": "Keyed shop", "base_url": ""})

    channel = SalesChannel.objects.get(multi_tenant_company=company, name="Keyed shop")
    assert channel.integration == STOREFRONT
    assert channel.connection_status == "connected"
    assert response["Location"] == url(SalesChannel, "change", channel.pk)


def test_a_refused_key_based_connect_creates_nothing(admin_client, company, fake_backend, connection_step, monkeypatch):
    refusing = FakeRemote()
    refusing.inject(SERVER_ERROR, times=5)
    monkeypatch.setattr(fake_backend, "remote", lambda channel_or_id: refusing)  # whatever id the new channel gets

    response = admin_client.post(f"{ADD_URL}?integration={STOREFRONT}", {"name": "Keyed shop", "base_url": ""})

    assert not SalesChannel.objects.filter(name="Keyed shop").exists()
    shown = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert shown == [
        (
            "error",
            "The channel was not created: the connection failed. Fake storefront had a temporary problem "
            "(HTTP 500 from the fake vendor): try again in a few minutes.",
        )
    ]
    assert "name=Keyed+shop" in response["Location"]
