"""The practical limit: each catalog answer produced by ONE hand-written SQL query through
psycopg and serialised with orjson, timed in process (no HTTP, no framework). The gap between
this and the real endpoint is what routing, DRF, the ORM and the wire cost."""

from datetime import date, timedelta

import orjson
import psycopg

ITEM_COLUMNS = """
    p.id, p.slug, p.name_uz, p.strength, p.dosage_form, p.pack_size, p.price,
    p.requires_prescription, p.category_id, m.id, m.name, m.country,
    COALESCE((SELECT SUM(b.quantity - b.reserved) FROM products_stockbatch b
              WHERE b.product_id = p.id AND b.expiry_date > %(cutoff)s), 0),
    (SELECT i.thumbnail FROM products_productimage i WHERE i.product_id = p.id
     ORDER BY i.position, i.id LIMIT 1)
"""

LIST_SQL = f"""
SELECT {ITEM_COLUMNS}, (SELECT count(*) FROM products_product WHERE is_active)
FROM products_product p LEFT JOIN products_manufacturer m ON m.id = p.manufacturer_id
WHERE p.is_active ORDER BY p.popularity DESC, p.id LIMIT 20
"""

SEARCH_SQL = f"""
WITH hits AS (
    SELECT p.id, GREATEST(CASE WHEN p.barcode = %(code)s THEN 2.0 ELSE 0.0 END,
                          word_similarity(%(folded)s, p.search_document)) AS relevance
    FROM products_product p
    WHERE p.is_active AND (%(folded)s <%% p.search_document
        OR to_tsvector('simple'::regconfig, p.search_document)
           @@ to_tsquery('simple'::regconfig, %(prefix)s)
        OR p.barcode = %(code)s)
), page AS (
    SELECT h.id, h.relevance FROM hits h JOIN products_product p ON p.id = h.id
    ORDER BY floor(h.relevance * 10) DESC, p.popularity DESC, p.id LIMIT 20
)
SELECT {ITEM_COLUMNS}, (SELECT count(*) FROM hits)
FROM page JOIN products_product p ON p.id = page.id
LEFT JOIN products_manufacturer m ON m.id = p.manufacturer_id
ORDER BY floor(page.relevance * 10) DESC, p.popularity DESC, p.id
"""

DETAIL_SQL = """
SELECT p.id, p.slug, p.name_uz, p.description_uz, p.barcode, p.strength, p.dosage_form,
    p.pack_size, p.price, p.requires_prescription, p.storage_conditions, p.leaflet,
    m.id, m.name, m.country, c.id, c.slug, c.name_uz, c.icon, c.parent_id,
    COALESCE((SELECT SUM(b.quantity - b.reserved) FROM products_stockbatch b
              WHERE b.product_id = p.id AND b.expiry_date > %(cutoff)s), 0),
    (SELECT COALESCE(json_agg(json_build_object('substance_id', s.id, 'inn', s.inn,
            'name', COALESCE(NULLIF(s.name_uz, ''), s.inn), 'amount', ps.amount,
            'unit', ps.unit) ORDER BY ps.id), '[]')
     FROM products_productsubstance ps JOIN products_activesubstance s ON s.id = ps.substance_id
     WHERE ps.product_id = p.id),
    (SELECT COALESCE(json_agg(json_build_object('id', i.id, 'image', i.image,
            'thumbnail', i.thumbnail, 'width', i.width, 'height', i.height,
            'position', i.position) ORDER BY i.position, i.id), '[]')
     FROM products_productimage i WHERE i.product_id = p.id)
FROM products_product p
LEFT JOIN products_manufacturer m ON m.id = p.manufacturer_id
JOIN products_category c ON c.id = p.category_id
WHERE p.slug = %(slug)s AND p.is_active
"""

ALTERNATIVES_SQL = f"""
WITH target AS (
    SELECT p.id, p.dosage_form, p.strength FROM products_product p
    WHERE p.id = %(id)s AND p.is_active
), wanted AS (
    SELECT substance_id FROM products_productsubstance WHERE product_id = %(id)s
), same AS (
    SELECT ps.product_id FROM products_productsubstance ps
    WHERE ps.product_id IN (SELECT product_id FROM products_productsubstance
                            WHERE substance_id IN (SELECT substance_id FROM wanted))
    GROUP BY ps.product_id
    HAVING bool_and(ps.substance_id IN (SELECT substance_id FROM wanted))
       AND count(*) = (SELECT count(*) FROM wanted)
       AND count(*) > 0
), ranked AS (
    SELECT p.id,
        (p.dosage_form = t.dosage_form AND p.strength = t.strength)::int AS same_dose,
        (COALESCE((SELECT SUM(b.quantity - b.reserved) FROM products_stockbatch b
                   WHERE b.product_id = p.id AND b.expiry_date > %(cutoff)s), 0) > 0)::int
            AS in_stock
    FROM products_product p JOIN same ON same.product_id = p.id CROSS JOIN target t
    WHERE p.is_active AND p.id <> t.id
), page AS (
    SELECT r.* FROM ranked r JOIN products_product p ON p.id = r.id
    ORDER BY r.same_dose DESC, r.in_stock DESC, p.price, p.id LIMIT 20
)
SELECT {ITEM_COLUMNS}, (SELECT count(*) FROM ranked)
FROM page JOIN products_product p ON p.id = page.id
LEFT JOIN products_manufacturer m ON m.id = p.manufacturer_id
ORDER BY page.same_dose DESC, page.in_stock DESC, p.price, p.id
"""


def _status(quantity: int, few_left: int) -> str:
    if quantity <= 0:
        return "out_of_stock"
    return "few_left" if quantity <= few_left else "in_stock"


def _items(rows: list[tuple], few_left: int) -> tuple[list[dict], int]:
    items = [
        {
            "id": r[0],
            "slug": r[1],
            "name": r[2],
            "strength": r[3],
            "dosage_form": r[4],
            "pack_size": r[5],
            "price": f"{r[6]:.2f}",
            "requires_prescription": r[7],
            "category_id": r[8],
            "manufacturer": {"id": r[9], "name": r[10], "country": r[11]} if r[9] else None,
            "stock_status": _status(r[12], few_left),
            "thumbnail": f"/media/{r[13]}" if r[13] else None,
        }
        for r in rows
    ]
    return items, rows[0][14] if rows else 0


class Limit:
    """Prepared statements on one connection; each method returns the JSON body."""

    def __init__(self, dsn: str, *, shelf_life_days: int, few_left: int) -> None:
        # JIT off: compiling a plan costs more than these short queries save (the app's
        # connections keep the server default; see docs/benchmarks.md).
        self.connection = psycopg.connect(
            dsn, autocommit=True, prepare_threshold=0, options="-c jit=off"
        )
        self.cutoff = date.today() + timedelta(days=shelf_life_days)  # noqa: DTZ011
        self.few_left = few_left

    def _page(self, sql: str, params: dict) -> bytes:
        rows = self.connection.execute(sql, {"cutoff": self.cutoff, **params}).fetchall()
        items, count = _items(rows, self.few_left)
        return orjson.dumps({"count": count, "next": None, "previous": None, "results": items})

    def product_list(self) -> bytes:
        return self._page(LIST_SQL, {})

    def product_search(self, *, folded: str, code: str) -> bytes:
        prefix = " & ".join(f"{word}:*" for word in folded.split()) or "''"
        return self._page(SEARCH_SQL, {"folded": folded, "code": code, "prefix": prefix})

    def product_alternatives(self, *, product_id: int) -> bytes:
        return self._page(ALTERNATIVES_SQL, {"id": product_id})

    def product_detail(self, *, slug: str) -> bytes:
        r = self.connection.execute(DETAIL_SQL, {"cutoff": self.cutoff, "slug": slug}).fetchone()
        return orjson.dumps(
            {
                "id": r[0],
                "slug": r[1],
                "name": r[2],
                "description": r[3],
                "barcode": r[4],
                "strength": r[5],
                "dosage_form": r[6],
                "pack_size": r[7],
                "price": f"{r[8]:.2f}",
                "requires_prescription": r[9],
                "storage_conditions": r[10],
                "leaflet": r[11],
                "manufacturer": {"id": r[12], "name": r[13], "country": r[14]} if r[12] else None,
                "category": {
                    "id": r[15],
                    "slug": r[16],
                    "name": r[17],
                    "icon": r[18],
                    "parent_id": r[19],
                },
                "stock_status": _status(r[20], self.few_left),
                "substances": r[21],
                "images": r[22],
            }
        )
