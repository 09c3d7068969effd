"""Pure payload builders, whole-dict equality: ProductSetInput, ids added before sending, sections' inputs."""

from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from sales_channels.integrations.shopify.factories.products import payloads
from sales_channels.integrations.shopify.factories.products.payloads import Axis
from sales_channels.integrations.shopify.factories.properties.payloads import (
    metafield_payload,
    metafield_value,
    metafields_set_batches,
)
from sales_prices.pricing import ResolvedPrice


@dataclass
class Data:
    """A stand-in for ProductData: only what the builders read."""

    id: int
    sku: str
    ean: str | None = None
    configurable: bool = False
    active: bool = True
    allow_backorder: bool = False
    variations: list = field(default_factory=list)

    @property
    def product(self):
        return SimpleNamespace(
            is_configurable=self.configurable, active=self.active, allow_backorder=self.allow_backorder
        )


def text(name="Mug", description="<p>Stoneware</p>", url_key=""):
    return SimpleNamespace(name=name, description=description, url_key=url_key)


def price(amount, rrp=None):
    return ResolvedPrice(price=Decimal(amount), rrp=None if rrp is None else Decimal(rrp), source="sales_price")


def test_a_simple_product_becomes_one_default_variant():
    data = Data(id=1, sku="MUG-1", ean="8712345000029")

    payload = payloads.product_set_input(
        data=data,
        translation=text(url_key="mug"),
        prices={1: price("12.5", rrp="15")},
        images=[("https://img.example.com/a.jpg", "Front"), ("https://img.example.com/b.jpg", "")],
        product_type="Mug",
    )

    assert payload == {
        "title": "Mug",
        "descriptionHtml": "<p>Stoneware</p>",
        "status": "ACTIVE",
        "handle": "mug",
        "productType": "Mug",
        "productOptions": [{"name": "Title", "values": [{"name": "Default Title"}]}],
        "variants": [
            {
                "optionValues": [{"optionName": "Title", "name": "Default Title"}],
                "inventoryItem": {"sku": "MUG-1", "tracked": True},
                "inventoryPolicy": "DENY",
                "price": "12.50",
                "compareAtPrice": "15.00",
                "barcode": "8712345000029",
            }
        ],
        "files": [
            {"originalSource": "https://img.example.com/a.jpg", "alt": "Front", "contentType": "IMAGE"},
            {"originalSource": "https://img.example.com/b.jpg", "alt": "", "contentType": "IMAGE"},
        ],
    }


def test_without_ean_sync_rrp_below_price_backorder_and_inactive():
    data = Data(id=1, sku="MUG-1", ean="8712345000029", active=False, allow_backorder=True)

    payload = payloads.product_set_input(
        data=data, translation=None, prices={1: price("12.50", rrp="10")}, with_ean=False
    )

    assert payload == {
        "title": "MUG-1",
        "descriptionHtml": "",
        "status": "DRAFT",
        "productOptions": [{"name": "Title", "values": [{"name": "Default Title"}]}],
        "variants": [
            {
                "optionValues": [{"optionName": "Title", "name": "Default Title"}],
                "inventoryItem": {"sku": "MUG-1", "tracked": True},
                "inventoryPolicy": "CONTINUE",
                "price": "12.50",
                "compareAtPrice": None,
            }
        ],
    }


def test_a_configurable_with_two_axes_lists_options_and_variants():
    variations = [Data(id=11, sku="TEE-S-RED", ean="1"), Data(id=12, sku="TEE-S-BLUE"), Data(id=13, sku="TEE-M-RED")]
    data = Data(id=10, sku="TEE", configurable=True, variations=variations)
    axes = [
        Axis(name="Size", values={11: "S", 12: "S", 13: "M"}),
        Axis(name="Color", values={11: "Red", 12: "Blue", 13: "Red"}),
    ]

    payload = payloads.product_set_input(
        data=data,
        translation=text(name="Tee", description=""),
        prices={11: price("19.9"), 12: price("19.9"), 13: None},
        axes=axes,
    )

    def variant(sku, size, color, barcode=None, **money):
        return {
            "optionValues": [{"optionName": "Size", "name": size}, {"optionName": "Color", "name": color}],
            "inventoryItem": {"sku": sku, "tracked": True},
            "inventoryPolicy": "DENY",
            **money,
            "barcode": barcode,
        }

    assert payload == {
        "title": "Tee",
        "descriptionHtml": "",
        "status": "ACTIVE",
        "productOptions": [
            {"name": "Size", "values": [{"name": "S"}, {"name": "M"}]},
            {"name": "Color", "values": [{"name": "Red"}, {"name": "Blue"}]},
        ],
        "variants": [
            variant("TEE-S-RED", "S", "Red", "1", price="19.90", compareAtPrice=None),
            variant("TEE-S-BLUE", "S", "Blue", price="19.90", compareAtPrice=None),
            variant("TEE-M-RED", "M", "Red"),
        ],
    }


def test_known_ids_are_added_before_sending_and_new_variants_carry_their_first_stock():
    payload = {
        "title": "Tee",
        "variants": [
            {"optionValues": [], "inventoryItem": {"sku": "A", "tracked": True}},
            {"optionValues": [], "inventoryItem": {"sku": "B", "tracked": True}},
        ],
        "files": [
            {"originalSource": "https://img.example.com/a.jpg", "alt": "A", "contentType": "IMAGE"},
            {"originalSource": "https://img.example.com/new.jpg", "alt": "", "contentType": "IMAGE"},
        ],
    }

    sent = payloads.with_remote_ids(
        payload=payload,
        variant_ids={"A": "gid://shopify/ProductVariant/1"},
        file_ids=["gid://shopify/MediaImage/9", None],
        new_quantities={"A": 3, "B": 5},
        location_id="gid://shopify/Location/7",
    )

    assert sent == {
        "title": "Tee",
        "variants": [
            {
                "id": "gid://shopify/ProductVariant/1",
                "optionValues": [],
                "inventoryItem": {"sku": "A", "tracked": True},
            },
            {
                "optionValues": [],
                "inventoryItem": {"sku": "B", "tracked": True},
                "inventoryQuantities": [{"locationId": "gid://shopify/Location/7", "name": "available", "quantity": 5}],
            },
        ],
        "files": [
            {"id": "gid://shopify/MediaImage/9", "alt": "A"},
            {"originalSource": "https://img.example.com/new.jpg", "alt": "", "contentType": "IMAGE"},
        ],
    }
    assert payload["variants"][0] == {"optionValues": [], "inventoryItem": {"sku": "A", "tracked": True}}


def test_metafields_are_sent_in_batches_of_25():
    values = [
        metafield_payload(namespace="onesila", key=f"k{n:02d}", metafield_type="number_integer", value=str(n))
        for n in range(30)
    ]

    batches = metafields_set_batches(owner_id="gid://shopify/Product/1", payloads=values)

    assert [len(batch) for batch in batches] == [25, 5]
    assert batches[1][0] == {
        "ownerId": "gid://shopify/Product/1",
        "namespace": "onesila",
        "key": "k25",
        "type": "number_integer",
        "value": "25",
    }


def test_metafield_values_follow_the_metafield_type():
    red = SimpleNamespace(value=lambda *, language: {"en": "Red"}[language])
    blue = SimpleNamespace(value=lambda *, language: "Blue")

    assert metafield_value(raw=True, metafield_type="boolean", language="en") == "true"
    assert metafield_value(raw=1.5e-7, metafield_type="number_decimal", language="en") == "0.00000015"
    assert metafield_value(raw=7, metafield_type="number_integer", language="en") == "7"
    assert metafield_value(raw=red, metafield_type="single_line_text_field", language="en") == "Red"
    assert metafield_value(raw=[red, blue], metafield_type="list.single_line_text_field", language="en") == (
        '["Red", "Blue"]'
    )
    assert metafield_value(raw=[red, blue], metafield_type="single_line_text_field", language="en") == "Red, Blue"
    assert metafield_value(raw="", metafield_type="single_line_text_field", language="en") is None
    assert metafield_value(raw=[], metafield_type="list.single_line_text_field", language="en") is None


def test_translations_only_send_missing_changed_or_outdated_keys():
    payload = payloads.translation_payload(
        locale="nl", translation=text(name="Mok", description="<p>Steengoed</p>"), source=text()
    )
    content = [
        {"key": "title", "digest": "d-title"},
        {"key": "body_html", "digest": "d-body"},
        {"key": "handle", "digest": "d-handle"},
    ]

    assert payloads.translation_inputs(payload=payload, content=content, existing=[]) == [
        {"locale": "nl", "key": "title", "value": "Mok", "translatableContentDigest": "d-title"},
        {"locale": "nl", "key": "body_html", "value": "<p>Steengoed</p>", "translatableContentDigest": "d-body"},
    ]
    current = [
        {"key": "title", "value": "Mok", "outdated": False},
        {"key": "body_html", "value": "<p>Steengoed</p>", "outdated": True},
    ]
    assert payloads.translation_inputs(payload=payload, content=content, existing=current) == [
        {"locale": "nl", "key": "body_html", "value": "<p>Steengoed</p>", "translatableContentDigest": "d-body"},
    ]


def test_a_changed_primary_text_changes_the_translation_payload():
    before = payloads.translation_payload(locale="nl", translation=text(name="Mok"), source=text(name="Mug"))
    after = payloads.translation_payload(locale="nl", translation=text(name="Mok"), source=text(name="Big mug"))

    assert before["title"] == after["title"]
    assert before != after


def test_stock_and_price_inputs():
    assert payloads.stock_input(
        inventory_item_id="gid://shopify/InventoryItem/5",
        location_id="gid://shopify/Location/7",
        quantity=4,
        change_from=2,
    ) == {
        "name": "available",
        "reason": "correction",
        "referenceDocumentUri": "onesila://stock",
        "quantities": [
            {
                "inventoryItemId": "gid://shopify/InventoryItem/5",
                "locationId": "gid://shopify/Location/7",
                "quantity": 4,
                "changeFromQuantity": 2,
            }
        ],
    }


def test_the_stock_idempotency_key_is_the_task_and_the_adjustment():
    stock = payloads.stock_input(
        inventory_item_id="gid://shopify/InventoryItem/5",
        location_id="gid://shopify/Location/7",
        quantity=4,
        change_from=2,
    )
    reread = payloads.stock_input(
        inventory_item_id="gid://shopify/InventoryItem/5",
        location_id="gid://shopify/Location/7",
        quantity=4,
        change_from=3,
    )
    key = payloads.stock_idempotency_key(task_key="1:task:9", stock=stock)

    assert key == payloads.stock_idempotency_key(task_key="1:task:9", stock=dict(stock))
    assert key.startswith("onesila-stock-")
    assert len(key) == len("onesila-stock-") + 40
    assert key != payloads.stock_idempotency_key(task_key="1:task:10", stock=stock)
    assert key != payloads.stock_idempotency_key(task_key="1:task:9", stock=reread)
    assert payloads.price_update_input(
        variant_id="gid://shopify/ProductVariant/1", payload={"price": "1.00", "compareAtPrice": None}
    ) == [{"id": "gid://shopify/ProductVariant/1", "price": "1.00", "compareAtPrice": None}]


def test_identifier_is_the_custom_id_else_the_handle():
    payload = {"handle": "mug", "title": "Mug"}
    assert payloads.identifier(payload=payload, custom_id=("onesila_sync", "sku"), sku="MUG-1") == {
        "customId": {"namespace": "onesila_sync", "key": "sku", "value": "MUG-1"}
    }
    assert payloads.identifier(payload=payload, custom_id=None, sku="MUG-1") == {"handle": "mug"}
    assert payloads.slug("Mug / Big 1") == "mug-big-1"


def test_removed_metafields_of_the_product_and_its_variants():
    material = {"namespace": "onesila", "key": "material", "type": "single_line_text_field", "value": "x"}
    size = {**material, "key": "size"}
    previous = {
        "metafields": [material, size],
        "variants": [{"inventoryItem": {"sku": "A"}, "metafields": [material]}, {"inventoryItem": {"sku": "B"}}],
    }
    current = {"metafields": [size], "variants": [{"inventoryItem": {"sku": "A"}}]}

    assert payloads.removed_metafields(previous=previous, current=current) == [
        (None, "onesila", "material"),
        ("A", "onesila", "material"),
    ]


def test_changed_translations_and_one_register_for_every_locale():
    nl = {"locale": "nl", "title": "Mok", "body_html": "", "source": {"title": "t", "body_html": "b"}}
    de = {"locale": "de", "title": "Becher", "body_html": "<p>Groß</p>", "source": {"title": "t", "body_html": "b"}}
    changed = payloads.changed_translations(previous=[nl, {**de, "title": "Tasse"}], current=[nl, de])

    assert changed == [de]
    assert payloads.register_inputs(translations=[nl, de], digests={"title": "dt", "body_html": "db"}) == [
        {"locale": "nl", "key": "title", "value": "Mok", "translatableContentDigest": "dt"},
        {"locale": "de", "key": "title", "value": "Becher", "translatableContentDigest": "dt"},
        {"locale": "de", "key": "body_html", "value": "<p>Groß</p>", "translatableContentDigest": "db"},
    ]


def test_the_follow_up_includes_only_what_has_something_to_send():
    assert payloads.follow_up_variables(
        product_id="gid://shopify/Product/1",
        publish=["gid://shopify/Publication/1"],
        unpublish=[],
        translations=[],
        delete=[{"ownerId": "gid://shopify/Product/1", "namespace": "onesila", "key": "material"}],
    ) == {
        "id": "gid://shopify/Product/1",
        "publish": [{"publicationId": "gid://shopify/Publication/1"}],
        "unpublish": [],
        "translations": [],
        "deleteMetafields": [{"ownerId": "gid://shopify/Product/1", "namespace": "onesila", "key": "material"}],
        "withPublish": True,
        "withUnpublish": False,
        "withTranslations": False,
        "withMetafieldsDelete": True,
    }


def test_product_set_cost_follows_the_dynamic_model_and_the_selection():
    variables = {
        "input": {
            "metafields": [{}] * 5,
            "files": [{}] * 2,
            "variants": [{"metafields": [{}]}, {}, {}],
        },
        "withVariants": True,
        "variantsFirst": 3,
        "withMedia": False,
        "mediaFirst": 2,
    }
    # 10 + ceil(3 x 0.2 + 2 x 1.9 + 6 x 0.4 = 6.8) + the variants connection 2 + 3 x 1 (payload objects are free)
    assert payloads.product_set_cost(variables=variables) == 10 + 7 + 5
