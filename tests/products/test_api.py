from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.products.models import DosageForm, Product, StockMovementKind
from apps.products.services import stock_reserve
from apps.products.services.catalog import product_update
from tests.products.factories import (
    ActiveSubstanceFactory,
    CategoryFactory,
    ManufacturerFactory,
    ProductFactory,
    ProductSubstanceFactory,
    StockBatchFactory,
    ean13,
    receive,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


def _ids(response) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture(autouse=True)
def _no_cache(settings):
    settings.CATALOG_CACHE_SECONDS = 0


# --- list ------------------------------------------------------------------------------------


def test_list_shows_active_products_with_stock_state_and_hides_inactive(anon_client, settings):
    settings.CATALOG_FEW_LEFT_QUANTITY = 5
    plenty, few, none = ProductFactory(), ProductFactory(), ProductFactory()
    ProductFactory(is_active=False)
    receive(plenty, 50)
    receive(few, 3)
    StockBatchFactory(product=none, quantity=40, expiry_date=timezone.localdate())

    response = anon_client.get(LIST)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    status = {item["id"]: item["stock_status"] for item in body["results"]}
    assert status == {plenty.pk: "in_stock", few.pk: "few_left", none.pk: "out_of_stock"}
    item = next(i for i in body["results"] if i["id"] == plenty.pk)
    assert item["price"] == "12000.00"
    assert item["manufacturer"]["name"] == plenty.manufacturer.name
    assert item["thumbnail"] is None
    assert "sellable_quantity" not in item  # exact counts are not public


def test_staff_see_inactive_products_in_the_list(operator_client):
    hidden = ProductFactory(is_active=False)
    assert hidden.pk in _ids(operator_client.get(LIST))


def test_list_names_follow_accept_language(anon_client):
    product = ProductFactory(name_uz="Yo'tal siropi", name_ru="Сироп от кашля", name_en="")
    ru = anon_client.get(LIST, HTTP_ACCEPT_LANGUAGE="ru").json()["results"][0]
    en = anon_client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert (ru["id"], ru["name"]) == (product.pk, "Сироп от кашля")
    assert en["name"] == "Yo'tal siropi"  # no English name: Uzbek


def test_list_filters_by_category_including_descendants(anon_client):
    root = CategoryFactory(slug="pain")
    child = CategoryFactory(parent=root)
    grandchild = CategoryFactory(parent=child)
    in_root, in_grandchild = ProductFactory(category=root), ProductFactory(category=grandchild)
    ProductFactory()

    assert sorted(_ids(anon_client.get(LIST, {"category": "pain"}))) == sorted(
        [in_root.pk, in_grandchild.pk]
    )
    assert _ids(anon_client.get(LIST, {"category": child.pk})) == [in_grandchild.pk]
    response = anon_client.get(LIST, {"category": "no-such"})
    assert response.status_code == 400
    assert "category" in response.json()["error"]["details"]


def test_list_filters_by_flags_substance_maker_form_price_and_stock(anon_client):
    ibuprofen = ActiveSubstanceFactory(inn="Ibuprofen")
    maker = ManufacturerFactory()
    rx = ProductFactory(requires_prescription=True, price=Decimal("50000"))
    syrup = ProductFactory(dosage_form=DosageForm.SYRUP, manufacturer=maker, price=Decimal("9000"))
    with_ibuprofen = ProductFactory(price=Decimal("15000"))
    ProductSubstanceFactory(product=with_ibuprofen, substance=ibuprofen)
    receive(syrup, 5)

    def ids(**params):
        response = anon_client.get(LIST, params)
        assert response.status_code == 200, response.json()
        return set(_ids(response))

    assert ids(requires_prescription="true") == {rx.pk}
    assert ids(requires_prescription="false") == {syrup.pk, with_ibuprofen.pk}
    assert ids(substance=ibuprofen.pk) == {with_ibuprofen.pk}
    assert ids(manufacturer=maker.pk) == {syrup.pk}
    assert ids(dosage_form="syrup") == {syrup.pk}
    assert ids(price_min="10000", price_max="20000") == {with_ibuprofen.pk}
    assert ids(in_stock="true") == {syrup.pk}
    assert ids(in_stock="false") == {rx.pk, with_ibuprofen.pk}


@pytest.mark.parametrize(
    "params",
    [
        {"price_min": "cheap"},
        {"dosage_form": "potion"},
        {"ordering": "rating"},
        {"in_stock": "maybe"},
        {"q": "x"},
        {"page_size": "9223372036854775808", "page": "99999999999999999999"},
    ],
)
def test_list_answers_bad_parameters_with_a_4xx(anon_client, params):
    ProductFactory()
    response = anon_client.get(LIST, params)
    assert response.status_code in (400, 404)
    assert "error" in response.json()


def test_list_orders_by_price_name_popularity_and_newest(anon_client):
    a = ProductFactory(name_uz="Aspirin", price=Decimal("3000"), popularity=5)
    b = ProductFactory(name_uz="Badyaga", price=Decimal("1000"), popularity=50)
    c = ProductFactory(name_uz="Citramon", price=Decimal("2000"), popularity=10)

    def order(value=None):
        return _ids(anon_client.get(LIST, {"ordering": value} if value else {}))

    assert order() == [b.pk, c.pk, a.pk]  # default: most popular first
    assert order("price") == [b.pk, c.pk, a.pk]
    assert order("-price") == [a.pk, c.pk, b.pk]
    assert order("name") == [a.pk, b.pk, c.pk]
    assert order("-name") == [c.pk, b.pk, a.pk]
    assert order("popularity") == [a.pk, c.pk, b.pk]
    assert order("newest") == [c.pk, b.pk, a.pk]


@pytest.mark.parametrize("url", [LIST, f"{LIST}?q=dori", f"{LIST}?in_stock=true&category=cat"])
def test_list_runs_a_constant_number_of_queries(anon_client, url):
    category = CategoryFactory(slug="cat")
    for _ in range(12):
        product = ProductFactory(category=category)
        receive(product, 10)
        receive(product, 10)
        ProductSubstanceFactory(product=product)
    counts = []
    for page_size in (1, 5, 12):
        with CaptureQueriesContext(connection) as queries:
            response = anon_client.get(url, {"page_size": page_size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == page_size
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts
    assert counts[0] <= 3


# --- detail, alternatives ----------------------------------------------------------------------


def test_detail_by_id_or_slug_with_substances_and_leaflet(anon_client):
    product = ProductFactory(slug="coldrex-hot", leaflet="Take one sachet.")
    ProductSubstanceFactory(product=product, substance__inn="Paracetamol", amount="750")
    receive(product, 20)

    by_slug = anon_client.get(f"{LIST}coldrex-hot/")
    by_id = anon_client.get(f"{LIST}{product.pk}/")

    assert by_slug.status_code == by_id.status_code == 200
    assert by_slug.json() == by_id.json()
    body = by_id.json()
    assert body["leaflet"] == "Take one sachet."
    assert body["substances"][0]["inn"] == "Paracetamol"
    assert body["substances"][0]["amount"] == "750"
    assert body["stock_status"] == "in_stock"
    assert body["images"] == []
    assert "ikpu_code" not in body


def test_inactive_or_unknown_product_is_404_for_shoppers_but_visible_to_staff(
    anon_client, operator_client
):
    hidden = ProductFactory(is_active=False)
    response = anon_client.get(f"{LIST}{hidden.pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert anon_client.get(f"{LIST}no-such-slug/").status_code == 404
    assert operator_client.get(f"{LIST}{hidden.pk}/").status_code == 200


def test_detail_runs_a_constant_number_of_queries(anon_client):
    product = ProductFactory()
    for _ in range(5):
        ProductSubstanceFactory(product=product)
    with CaptureQueriesContext(connection) as few:
        anon_client.get(f"{LIST}{product.pk}/")
    for _ in range(5):
        ProductSubstanceFactory(product=product)
    with CaptureQueriesContext(connection) as more:
        anon_client.get(f"{LIST}{product.pk}/")
    assert len(few) == len(more) <= 4


def _combination(strength="500 mg", form=DosageForm.TABLET, price="10000", substances=()):
    product = ProductFactory(strength=strength, dosage_form=form, price=Decimal(price))
    for substance in substances:
        ProductSubstanceFactory(product=product, substance=substance)
    return product


def test_alternatives_of_a_combination_drug_have_the_same_substances_ranked(anon_client):
    paracetamol, caffeine = ActiveSubstanceFactory(), ActiveSubstanceFactory()
    both = (paracetamol, caffeine)
    original = _combination(substances=both)
    same_dose_in_stock = _combination(price="15000", substances=both)
    same_dose_cheap_out = _combination(price="5000", substances=both)
    other_form = _combination(form=DosageForm.POWDER, price="1000", substances=both)
    _combination(substances=(paracetamol,))  # a single substance is not the same medicine
    _combination(substances=(*both, ActiveSubstanceFactory()))  # neither is an extra one
    hidden = _combination(substances=both)
    Product.objects.filter(pk=hidden.pk).update(is_active=False)
    receive(same_dose_in_stock, 10)
    receive(other_form, 10)

    response = anon_client.get(f"{LIST}{original.slug}/alternatives/")

    assert response.status_code == 200
    assert _ids(response) == [same_dose_in_stock.pk, same_dose_cheap_out.pk, other_form.pk]


def test_alternatives_query_count_is_constant(anon_client):
    substance = ActiveSubstanceFactory()
    original = _combination(substances=(substance,))
    for _ in range(8):
        receive(_combination(substances=(substance,)), 5)
    counts = []
    for page_size in (2, 8):
        with CaptureQueriesContext(connection) as queries:
            response = anon_client.get(
                f"{LIST}{original.pk}/alternatives/", {"page_size": page_size}
            )
        assert len(response.json()["results"]) == page_size
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- reference lists ---------------------------------------------------------------------------


def test_categories_are_a_tree_of_active_categories(anon_client):
    root = CategoryFactory(position=1, name_uz="Og'riq qoldiruvchi")
    first = CategoryFactory(parent=root, position=0)
    CategoryFactory(parent=root, position=1, is_active=False)
    other_root = CategoryFactory(position=0)

    body = anon_client.get(f"{LIST}categories/").json()

    assert [node["id"] for node in body] == [other_root.pk, root.pk]
    assert [child["id"] for child in body[1]["children"]] == [first.pk]
    assert body[1]["name"] == "Og'riq qoldiruvchi"


def test_substances_are_searchable_by_inn_or_local_name(anon_client):
    target = ActiveSubstanceFactory(inn="Metamizole sodium", name_ru="Метамизол натрия")
    ActiveSubstanceFactory(inn="Ibuprofen", name_ru="Ибупрофен")
    for search in ("metamiz", "Метамизол"):
        results = anon_client.get(f"{LIST}substances/", {"search": search}).json()["results"]
        assert [s["id"] for s in results] == [target.pk]


def test_manufacturers_are_listed_and_searchable(anon_client):
    target = ManufacturerFactory(name="Nika Pharm", country="Uzbekistan")
    ManufacturerFactory(name="Berlin-Chemie")
    results = anon_client.get(f"{LIST}manufacturers/", {"search": "nika"}).json()["results"]
    assert results == [{"id": target.pk, "name": "Nika Pharm", "country": "Uzbekistan"}]


# --- operator writes ---------------------------------------------------------------------------


def _payload(**overrides) -> dict:
    payload = {
        "name_uz": "Paratsetamol",
        "name_ru": "Парацетамол",
        "name_en": "Paracetamol",
        "category": CategoryFactory().pk,
        "dosage_form": "tablet",
        "strength": "500 mg",
        "pack_size": 20,
        "price": "4500.00",
        "ikpu_code": "30402001001000000",
        "package_code": "1545033",
        "barcode": ean13(900001),
    }
    payload.update(overrides)
    return payload


def test_operator_creates_a_product_with_substances(operator_client):
    substance = ActiveSubstanceFactory(inn="Paracetamol")
    response = operator_client.post(
        LIST,
        _payload(
            substances=[{"substance": substance.pk, "amount": "500", "unit": "mg"}],
            popularity=10**6,
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    product = Product.objects.get(pk=body["id"])
    assert body["slug"] == "paracetamol-500-mg"
    assert body["substances"][0]["inn"] == "Paracetamol"
    assert product.popularity == 0  # not writable
    assert "paracetamol" in product.search_document


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"barcode": "4780000000000"}, "barcode"),
        ({"ikpu_code": "123"}, "ikpu_code"),
        ({"price": "0"}, "price"),
        ({"price": "-5"}, "price"),
        ({"slug": "12345"}, "slug"),
        ({"vat_percent": 101}, "vat_percent"),
        ({"category": 999999}, "category"),
    ],
)
def test_operator_create_rejects_bad_fields(operator_client, override, field):
    response = operator_client.post(LIST, _payload(**override), format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["details"]
    assert not Product.objects.exists()


def test_duplicate_barcode_is_a_conflict(operator_client):
    existing = ProductFactory()
    response = operator_client.post(LIST, _payload(barcode=existing.barcode), format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "barcode_taken"


def test_operator_edits_a_product_and_the_search_document_follows(operator_client):
    product = ProductFactory(name_en="Old name")
    response = operator_client.patch(
        f"{LIST}{product.pk}/", {"name_en": "Nurofen", "price": "31000.00"}, format="json"
    )
    assert response.status_code == 200, response.json()
    product.refresh_from_db()
    assert (product.name_en, product.price) == ("Nurofen", Decimal("31000.00"))
    assert "nurofen" in product.search_document


# --- operator stock ------------------------------------------------------------------------------


def test_operator_receives_writes_off_and_corrects_stock_with_history(operator_client, operator):
    product = ProductFactory()
    expiry = (timezone.localdate() + timedelta(days=300)).isoformat()
    received = operator_client.post(
        f"{LIST}{product.pk}/batches/",
        {"lot_number": "A1", "expiry_date": expiry, "quantity": 30, "cost": "2500.00"},
        format="json",
    )
    assert received.status_code == 201, received.json()
    batch_id = received.json()["id"]
    assert received.json()["available"] == 30

    written_off = operator_client.post(
        f"{LIST}batches/{batch_id}/write-off/", {"quantity": 4, "reason": "Broken"}, format="json"
    )
    corrected = operator_client.post(
        f"{LIST}batches/{batch_id}/correction/",
        {"counted_quantity": 25, "reason": "Stock-take"},
        format="json",
    )
    history = operator_client.get(f"{LIST}batches/{batch_id}/movements/").json()["results"]
    batches = operator_client.get(f"{LIST}{product.pk}/batches/").json()["results"]

    assert written_off.json()["quantity"] == 26
    assert corrected.json()["quantity"] == 25
    assert [m["kind"] for m in history] == [
        StockMovementKind.CORRECTION,
        StockMovementKind.WRITE_OFF,
        StockMovementKind.RECEIPT,
    ]
    assert {m["actor_id"] for m in history} == {operator.pk}
    assert [b["id"] for b in batches] == [batch_id]


def test_write_off_of_reserved_units_is_a_409(operator_client):
    product = ProductFactory()
    batch = receive(product, 5)
    stock_reserve(items=[(product.pk, 4)], reference="ORD-1")
    response = operator_client.post(
        f"{LIST}batches/{batch.pk}/write-off/", {"quantity": 2, "reason": "x"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "batch_stock_too_low"


def test_receiving_expired_stock_is_a_400(operator_client):
    product = ProductFactory()
    response = operator_client.post(
        f"{LIST}{product.pk}/batches/",
        {"lot_number": "OLD", "expiry_date": "2020-01-01", "quantity": 3},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "batch_expired"


# --- cache ---------------------------------------------------------------------------------------


def test_cached_list_is_invalidated_by_product_and_stock_changes(
    anon_client, settings, django_capture_on_commit_callbacks
):
    settings.CATALOG_CACHE_SECONDS = 300
    product = ProductFactory(price=Decimal("1000.00"))
    first = anon_client.get(LIST).json()
    with CaptureQueriesContext(connection) as queries:
        assert anon_client.get(LIST).json() == first
    assert len(queries) == 0  # served from the cache

    with django_capture_on_commit_callbacks(execute=True):
        product_update(product=product, data={"price": Decimal("2000.00")})
    assert anon_client.get(LIST).json()["results"][0]["price"] == "2000.00"

    with django_capture_on_commit_callbacks(execute=True):
        receive(product, 50)
    assert anon_client.get(LIST).json()["results"][0]["stock_status"] == "in_stock"


def test_catalog_works_when_the_cache_is_down(anon_client, settings):
    from tests.conftest import free_port

    settings.CATALOG_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    product = ProductFactory()
    assert _ids(anon_client.get(LIST)) == [product.pk]
    assert anon_client.get(f"{LIST}{product.pk}/").status_code == 200
    assert anon_client.get(f"{LIST}categories/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        f"{LIST}%00/",
        f"{LIST}a%00b/alternatives/",
        f"{LIST}?q=a%00b",
        f"{LIST}substances/?search=%00",
        f"{LIST}?category=%00",
        f"{LIST}99999999999999999999999/",
        f"{LIST}99999999999999999999999/alternatives/",
        f"{LIST}batches/99999999999999999999999/movements/",
        f"{LIST}{'x' * 3000}/",
    ],
)
def test_hostile_paths_and_parameters_are_4xx_never_5xx(anon_client, operator_client, url):
    for client in (anon_client, operator_client):
        response = client.get(url)
        assert 400 <= response.status_code < 500, (url, response.status_code)


def test_operator_writes_are_throttled_but_reads_are_not(operator_client, monkeypatch):
    from apps.products.permissions import CatalogWriteThrottle

    monkeypatch.setitem(CatalogWriteThrottle.THROTTLE_RATES, "catalog_write", "2/min")
    batch = receive(ProductFactory(), 100)
    url = f"{LIST}batches/{batch.pk}/write-off/"
    statuses = [
        operator_client.post(url, {"quantity": 1, "reason": "x"}, format="json").status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    refused = operator_client.post(url, {"quantity": 1, "reason": "x"}, format="json")
    assert refused.json()["error"]["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    assert operator_client.get(LIST).status_code == 200
    batch.refresh_from_db()
    assert batch.quantity == 98
