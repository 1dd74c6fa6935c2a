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


# --- pagination of searches: the count comes with the page ---------------------------------------


@pytest.fixture
def many_paracetamols():
    """Seven products that all match "paracetamol", of distinct popularity (so one ranking)."""
    substance = ActiveSubstanceFactory(inn="Paracetamol", name_uz="Paratsetamol")
    return [
        _product(
            f"Paratsetamol {n}",
            f"Парацетамол {n}",
            f"Paracetamol {n}",
            substances=[substance],
            popularity=100 - n,
        ).pk
        for n in range(7)
    ]


def _page(client, query, **params):
    return client.get(LIST, {"q": query, "page_size": 3, **params})


def test_search_pages_count_every_match_and_cover_the_ranking_once(anon_client, many_paracetamols):
    pages = [_page(anon_client, "paracetamol", page=n).json() for n in (1, 2, 3)]
    assert [page["count"] for page in pages] == [7, 7, 7]
    assert [len(page["results"]) for page in pages] == [3, 3, 1]
    assert [item["id"] for page in pages for item in page["results"]] == many_paracetamols
    assert pages[0]["previous"] is None
    assert "page=2" in pages[0]["next"]
    assert pages[2]["next"] is None
    assert "page=2" in pages[2]["previous"]
    item = pages[0]["results"][0]  # the rows are annotated as in a plain list
    assert item["stock_status"] == "out_of_stock"
    assert item["manufacturer"]["name"]


def test_search_page_past_the_end_or_not_a_number_is_not_found(anon_client, many_paracetamols):
    for page in (4, 0, "x"):
        response = _page(anon_client, "paracetamol", page=page)
        assert response.status_code == 404, page
        assert response.json()["error"]["code"] == "not_found"
    last = _page(anon_client, "paracetamol", page="last")
    assert last.status_code == 200
    assert [item["id"] for item in last.json()["results"]] == many_paracetamols[6:]


def test_a_search_without_matches_is_an_empty_first_page(anon_client, many_paracetamols):
    body = _page(anon_client, "zzzzqqqq").json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.postgres
def test_a_search_scores_its_candidates_in_one_query_whatever_the_page_size(
    anon_client, many_paracetamols
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for page_size in (2, 7):
        with CaptureQueriesContext(connection) as captured:
            response = anon_client.get(LIST, {"q": "paracetamol", "page_size": page_size})
        assert response.json()["count"] == 7
        scoring = [q["sql"] for q in captured if "WORD_SIMILARITY" in q["sql"].upper()]
        # One query finds the page's ids and counts all matches (no separate count(*) that
        # scores every candidate again); one more loads the page's rows by id.
        assert len(scoring) == 1
        assert "OVER ()" in scoring[0].upper()
        counts.append(len(captured))
    assert counts[0] == counts[1] == 2
