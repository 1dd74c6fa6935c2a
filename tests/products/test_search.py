# ruff: noqa: RUF001 -- Cyrillic spellings are what these tests are about.
from decimal import Decimal

import pytest

from apps.products.models import Product
from apps.products.search import fold
from apps.products.services.catalog import product_create
from tests.products.factories import ActiveSubstanceFactory, CategoryFactory, ManufacturerFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/products/"


@pytest.fixture(autouse=True)
def _no_cache(settings):
    settings.CATALOG_CACHE_SECONDS = 0


def _product(name_uz, name_ru, name_en, *, substances=(), barcode=None, popularity=0) -> Product:
    product = product_create(
        data={
            "name_uz": name_uz,
            "name_ru": name_ru,
            "name_en": name_en,
            "category": CategoryFactory(),
            "manufacturer": ManufacturerFactory(),
            "dosage_form": "tablet",
            "strength": "500 mg",
            "price": Decimal("5000"),
            "ikpu_code": "30402001001000000",
            "package_code": "1545033",
            "barcode": barcode,
        },
        compositions=[{"substance": s, "amount": "500", "unit": "mg"} for s in substances],
    )
    Product.objects.filter(pk=product.pk).update(popularity=popularity)  # counted by orders
    return product


@pytest.fixture
def catalog():
    paracetamol = ActiveSubstanceFactory(
        inn="Paracetamol", name_uz="Paratsetamol", name_ru="Парацетамол"
    )
    ibuprofen = ActiveSubstanceFactory(inn="Ibuprofen", name_uz="Ibuprofen", name_ru="Ибупрофен")
    return {
        "paracetamol": _product(
            "Paratsetamol",
            "Парацетамол",
            "Paracetamol",
            substances=[paracetamol],
            barcode="4780000000012",
            popularity=5,
        ),
        "panadol": _product("Panadol", "Панадол", "Panadol", substances=[paracetamol]),
        "nurofen": _product("Nurofen", "Нурофен", "Nurofen", substances=[ibuprofen]),
        "amoxicillin": _product("Amoksitsillin", "Амоксициллин", "Amoxicillin"),
    }


def _search(client, query) -> list[int]:
    response = client.get(LIST, {"q": query})
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    ("spellings", "folded"),
    [
        (["paratsetamol", "парацетамол", "Paracetamol", "PARACETAMOL"], "paracetamol"),
        (["amoksitsillin", "амоксициллин", "Amoxicillin"], "amoksicilin"),
        (["diklofenak", "диклофенак", "Diclofenac"], "diklofenak"),
        (["yo'tal", "yoʻtal", "ёʻтал"], "iotal"),
        (["Но-шпа", "No-shpa"], "no shpa"),
    ],
)
def test_spellings_of_one_name_fold_to_one_key(spellings, folded):
    assert {fold(spelling) for spelling in spellings} == {folded}


@pytest.mark.parametrize("query", ["paratsetamol", "парацетамол", "paracetamol", "Парацетамол"])
def test_latin_and_cyrillic_spellings_find_the_product_on_any_database(anon_client, catalog, query):
    found = _search(anon_client, query)
    assert catalog["paracetamol"].pk in found
    assert catalog["nurofen"].pk not in found


def test_the_inn_finds_brands_that_contain_it(anon_client, catalog):
    found = _search(anon_client, "paracetamol")
    assert set(found) == {catalog["paracetamol"].pk, catalog["panadol"].pk}
    assert _search(anon_client, "ибупрофен") == [catalog["nurofen"].pk]


def test_the_barcode_finds_the_product(anon_client, catalog):
    assert _search(anon_client, "4780000000012") == [catalog["paracetamol"].pk]


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["paracetmol", "paracetamoll", "парацитамол", "paratsetamo"])
def test_small_typos_still_find_the_product(anon_client, catalog, query):
    assert catalog["paracetamol"].pk in _search(anon_client, query)


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["parac", "парацет", "amoks", "nurof"])
def test_partial_words_find_the_product(anon_client, catalog, query):
    expected = {"parac": "paracetamol", "парацет": "paracetamol", "amoks": "amoxicillin"}
    assert catalog[expected.get(query, "nurofen")].pk in _search(anon_client, query)


@pytest.mark.postgres
def test_results_are_ranked_by_relevance_then_popularity(anon_client, catalog):
    popular = _product(
        "Paratsetamol Forte", "Парацетамол Форте", "Paracetamol Forte", popularity=900
    )
    unrelated_popular = _product("Nimesil", "Нимесил", "Nimesil", popularity=10_000)
    found = _search(anon_client, "paracetamol")
    assert found[0] == popular.pk  # equally relevant, more popular
    assert unrelated_popular.pk not in found
    assert found.index(catalog["paracetamol"].pk) < found.index(catalog["panadol"].pk)


@pytest.mark.postgres
def test_search_uses_the_trigram_index(catalog):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM products_product WHERE search_document %%> %s", ["paracetmol"]
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute(
            "EXPLAIN SELECT id FROM products_product "
            "WHERE to_tsvector('simple'::regconfig, search_document) @@ to_tsquery('simple', %s)",
            ["parac:*"],
        )
        plan += " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "product_search_trgm_idx" in plan
    assert "product_search_fts_idx" in plan
