import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.utils import timezone

from apps.core.errors import ValidationFailed
from apps.products.errors import (
    BatchExpired,
    BatchStockTooLow,
    InsufficientStock,
    InvalidStockQuantity,
    LotExpiryMismatch,
)
from apps.products.models import StockBatch, StockMovement, StockMovementKind
from apps.products.selectors import product_list_with_stock, product_sellable_quantities
from apps.products.services import (
    stock_correct,
    stock_receive,
    stock_release,
    stock_reserve,
    stock_sell,
    stock_write_off,
)
from tests.products.factories import ProductFactory, StockBatchFactory, receive

pytestmark = pytest.mark.django_db


def _in_days(days: int):
    return timezone.localdate() + timedelta(days=days)


def _assert_journal_matches(batch: StockBatch) -> None:
    batch.refresh_from_db()
    totals = batch.movements.aggregate(q=Sum("quantity_delta"), r=Sum("reserved_delta"))
    assert (totals["q"] or 0, totals["r"] or 0) == (batch.quantity, batch.reserved)


# --- receive ---------------------------------------------------------------------------------


def test_receive_creates_batch_and_journals_a_receipt(operator):
    product = ProductFactory()
    batch = stock_receive(
        product=product,
        lot_number=" A123 ",
        expiry_date=_in_days(400),
        quantity=50,
        cost=Decimal("4100.50"),
        actor=operator,
        reason="Invoice 77",
        reference="INV-77",
    )
    batch.refresh_from_db()
    assert (batch.lot_number, batch.quantity, batch.reserved) == ("A123", 50, 0)
    assert batch.cost == Decimal("4100.50")
    movement = batch.movements.get()
    assert movement.kind == StockMovementKind.RECEIPT
    assert (movement.quantity_delta, movement.reserved_delta) == (50, 0)
    assert (movement.quantity_after, movement.reserved_after) == (50, 0)
    assert (movement.actor, movement.reason, movement.reference) == (
        operator,
        "Invoice 77",
        "INV-77",
    )


def test_receiving_a_known_lot_adds_to_the_same_batch():
    product = ProductFactory()
    first = receive(product, 10, days=200, lot="LOT-1")
    second = receive(product, 5, days=200, lot="LOT-1")
    assert first.pk == second.pk
    second.refresh_from_db()
    assert second.quantity == 15
    assert second.movements.count() == 2
    _assert_journal_matches(second)


def test_receiving_a_known_lot_with_another_expiry_is_refused():
    product = ProductFactory()
    receive(product, 10, days=200, lot="LOT-1")
    with pytest.raises(LotExpiryMismatch):
        receive(product, 5, days=300, lot="LOT-1")
    assert StockBatch.objects.get().quantity == 10


@pytest.mark.parametrize("quantity", [0, -3, True, "5", 2.0])
def test_receive_refuses_quantities_that_are_not_positive_integers(quantity):
    with pytest.raises(InvalidStockQuantity):
        stock_receive(
            product=ProductFactory(), lot_number="X", expiry_date=_in_days(100), quantity=quantity
        )
    assert not StockBatch.objects.exists()


def test_receive_refuses_an_expired_lot():
    with pytest.raises(BatchExpired):
        stock_receive(
            product=ProductFactory(), lot_number="OLD", expiry_date=_in_days(0), quantity=5
        )
    assert not StockBatch.objects.exists()


# --- reserve ---------------------------------------------------------------------------------


def test_reserve_allocates_first_expiring_batches_first():
    product = ProductFactory()
    late = receive(product, 10, days=300)
    early = receive(product, 3, days=100)
    middle = receive(product, 4, days=200)

    allocations = stock_reserve(items=[(product.pk, 9)], reference="ORD-1")

    assert [(a.batch.pk, a.quantity) for a in allocations[product.pk]] == [
        (early.pk, 3),
        (middle.pk, 4),
        (late.pk, 2),
    ]
    reserved = dict(StockBatch.objects.values_list("pk", "reserved"))
    assert reserved == {early.pk: 3, middle.pk: 4, late.pk: 2}
    assert StockMovement.objects.filter(kind=StockMovementKind.RESERVATION).count() == 3


def test_reserve_merges_repeated_lines_of_a_product():
    product = ProductFactory()
    receive(product, 10)
    allocations = stock_reserve(items=[(product.pk, 2), (product.pk, 3)], reference="ORD-1")
    assert sum(a.quantity for a in allocations[product.pk]) == 5
    assert StockBatch.objects.get().reserved == 5


def test_expired_and_near_expiry_batches_are_not_sellable(settings):
    settings.MIN_SHELF_LIFE_DAYS = 30
    product = ProductFactory()
    StockBatchFactory(product=product, quantity=100, expiry_date=_in_days(-1))  # expired
    receive(product, 7, days=30)  # exactly the minimum shelf life left: not sold
    good = receive(product, 2, days=31)

    assert product_sellable_quantities(product_ids=[product.pk]) == {product.pk: 2}
    assert product_list_with_stock().get(pk=product.pk).sellable_quantity == 2
    with pytest.raises(InsufficientStock) as excinfo:
        stock_reserve(items=[(product.pk, 3)], reference="ORD-1")
    assert excinfo.value.details["items"][0]["available"] == 2
    allocations = stock_reserve(items=[(product.pk, 2)], reference="ORD-2")
    assert [(a.batch.pk, a.quantity) for a in allocations[product.pk]] == [(good.pk, 2)]


def test_a_shorter_minimum_shelf_life_makes_a_batch_sellable_again(settings):
    product = ProductFactory()
    receive(product, 7, days=20)
    settings.MIN_SHELF_LIFE_DAYS = 30
    assert product_sellable_quantities(product_ids=[product.pk]) == {product.pk: 0}
    settings.MIN_SHELF_LIFE_DAYS = 10
    assert product_sellable_quantities(product_ids=[product.pk]) == {product.pk: 7}


def test_reserve_is_all_or_nothing_and_names_every_short_product():
    plenty, short, absent = ProductFactory(), ProductFactory(name_uz="Ibuprofen"), ProductFactory()
    receive(plenty, 10)
    batch = receive(short, 2)
    reserved_elsewhere = stock_reserve(items=[(short.pk, 1)], reference="ORD-0")

    with pytest.raises(InsufficientStock) as excinfo:
        stock_reserve(items=[(plenty.pk, 5), (short.pk, 3), (absent.pk, 1)], reference="ORD-1")

    error = excinfo.value
    assert (error.status, error.code) == (409, "insufficient_stock")
    assert error.details["items"] == [
        {"product_id": short.pk, "requested": 3, "available": 1, "name": "Ibuprofen"},
        {"product_id": absent.pk, "requested": 1, "available": 0, "name": absent.name_uz},
    ]
    assert StockBatch.objects.filter(product=plenty).get().reserved == 0
    batch.refresh_from_db()
    assert batch.reserved == sum(a.quantity for a in reserved_elsewhere[short.pk])
    assert not StockMovement.objects.filter(reference="ORD-1").exists()


def test_reserve_refuses_non_positive_quantities():
    product = ProductFactory()
    receive(product, 10)
    with pytest.raises(InvalidStockQuantity):
        stock_reserve(items=[(product.pk, 0)], reference="ORD-1")


# --- release, sell -----------------------------------------------------------------------------


def test_release_returns_units_to_the_same_batches(customer):
    product = ProductFactory()
    first, second = receive(product, 2, days=100), receive(product, 10, days=200)
    allocations = stock_reserve(items=[(product.pk, 5)], reference="ORD-1")

    stock_release(
        allocations=allocations[product.pk], reference="ORD-1", actor=customer, reason="cancelled"
    )

    for batch in (first, second):
        batch.refresh_from_db()
        assert batch.reserved == 0
        assert batch.movements.filter(kind=StockMovementKind.RELEASE, reference="ORD-1").exists()
        _assert_journal_matches(batch)


def test_release_accepts_batch_ids_as_stored_on_order_lines():
    product = ProductFactory()
    batch = receive(product, 5)
    stock_reserve(items=[(product.pk, 4)], reference="ORD-1")
    stock_release(allocations=[(batch.pk, 1), (batch.pk, 2)], reference="ORD-1")
    batch.refresh_from_db()
    assert batch.reserved == 1


def test_releasing_more_than_is_reserved_is_refused_and_changes_nothing():
    product = ProductFactory()
    batch = receive(product, 5)
    stock_reserve(items=[(product.pk, 2)], reference="ORD-1")
    with pytest.raises(BatchStockTooLow):
        stock_release(allocations=[(batch, 3)], reference="ORD-1")
    batch.refresh_from_db()
    assert batch.reserved == 2
    assert not batch.movements.filter(kind=StockMovementKind.RELEASE).exists()


def test_sell_hands_over_reserved_units():
    product = ProductFactory()
    batch = receive(product, 10)
    allocations = stock_reserve(items=[(product.pk, 4)], reference="ORD-1")

    stock_sell(allocations=allocations[product.pk], reference="ORD-1")

    batch.refresh_from_db()
    assert (batch.quantity, batch.reserved) == (6, 0)
    sale = batch.movements.get(kind=StockMovementKind.SALE)
    assert (sale.quantity_delta, sale.reserved_delta) == (-4, -4)
    assert product_sellable_quantities(product_ids=[product.pk]) == {product.pk: 6}
    product.refresh_from_db()
    assert product.popularity == 4
    _assert_journal_matches(batch)


def test_selling_units_that_were_never_reserved_is_refused():
    batch = receive(ProductFactory(), 10)
    with pytest.raises(BatchStockTooLow):
        stock_sell(allocations=[(batch, 1)], reference="ORD-1")
    batch.refresh_from_db()
    assert (batch.quantity, batch.reserved) == (10, 0)


# --- write-off, correction -------------------------------------------------------------------


def test_write_off_removes_unreserved_units_with_a_reason(operator):
    product = ProductFactory()
    batch = receive(product, 10)
    stock_reserve(items=[(product.pk, 6)], reference="ORD-1")

    with pytest.raises(BatchStockTooLow):
        stock_write_off(batch=batch, quantity=5, reason="Broken", actor=operator)
    with pytest.raises(ValidationFailed) as excinfo:
        stock_write_off(batch=batch, quantity=1, reason="  ", actor=operator)
    assert excinfo.value.code == "reason_required"

    stock_write_off(batch=batch, quantity=4, reason="Broken vials", actor=operator)
    batch.refresh_from_db()
    assert (batch.quantity, batch.reserved) == (6, 6)
    write_off = batch.movements.get(kind=StockMovementKind.WRITE_OFF)
    assert (write_off.quantity_delta, write_off.actor, write_off.reason) == (
        -4,
        operator,
        "Broken vials",
    )
    _assert_journal_matches(batch)


def test_correction_sets_the_counted_quantity_but_not_below_reserved(operator):
    product = ProductFactory()
    batch = receive(product, 10)
    stock_reserve(items=[(product.pk, 3)], reference="ORD-1")

    with pytest.raises(BatchStockTooLow):
        stock_correct(batch=batch, counted_quantity=2, reason="Stock-take", actor=operator)
    stock_correct(batch=batch, counted_quantity=12, reason="Stock-take", actor=operator)
    stock_correct(batch=batch, counted_quantity=12, reason="Recount", actor=operator)
    stock_correct(batch=batch, counted_quantity=8, reason="Recount", actor=operator)

    batch.refresh_from_db()
    assert batch.quantity == 8
    corrections = batch.movements.filter(kind=StockMovementKind.CORRECTION).order_by("id")
    assert [m.quantity_delta for m in corrections] == [2, -4]  # an unchanged count is not journaled
    _assert_journal_matches(batch)


def test_every_change_is_journaled_with_running_totals():
    product = ProductFactory()
    batch = receive(product, 20)
    allocations = stock_reserve(items=[(product.pk, 8)], reference="ORD-1")
    stock_release(allocations=[(batch, 3)], reference="ORD-1")
    stock_sell(allocations=[(batch, 5)], reference="ORD-1")
    stock_write_off(batch=batch, quantity=2, reason="Damaged")
    stock_correct(batch=batch, counted_quantity=11, reason="Stock-take")

    assert sum(a.quantity for a in allocations[product.pk]) == 8
    movements = list(batch.movements.order_by("id"))
    assert [m.kind for m in movements] == [
        StockMovementKind.RECEIPT,
        StockMovementKind.RESERVATION,
        StockMovementKind.RELEASE,
        StockMovementKind.SALE,
        StockMovementKind.WRITE_OFF,
        StockMovementKind.CORRECTION,
    ]
    assert [(m.quantity_after, m.reserved_after) for m in movements] == [
        (20, 0),
        (20, 8),
        (20, 5),
        (15, 0),
        (13, 0),
        (11, 0),
    ]
    _assert_journal_matches(batch)


# --- database backstop -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE products_stockbatch SET quantity = quantity - 11 WHERE id = %s",
        "UPDATE products_stockbatch SET reserved = -1 WHERE id = %s",
        "UPDATE products_stockbatch SET reserved = quantity + 1 WHERE id = %s",
    ],
    ids=["quantity_negative", "reserved_negative", "reserved_above_quantity"],
)
def test_database_refuses_impossible_batch_quantities(sql):
    batch = receive(ProductFactory(), 10)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [batch.pk])
    batch.refresh_from_db()
    assert (batch.quantity, batch.reserved) == (10, 0)


def test_database_refuses_a_second_batch_with_the_same_lot():
    batch = receive(ProductFactory(), 10, lot="LOT-9")
    with pytest.raises(IntegrityError), transaction.atomic():
        StockBatch.objects.create(
            product=batch.product, lot_number="LOT-9", expiry_date=_in_days(50), quantity=1
        )


# --- concurrency (PostgreSQL row locks) ---------------------------------------------------


def _run_threads(count: int, work) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def target(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_buyers_of_the_last_units_get_exactly_the_units_in_stock():
    product = ProductFactory()
    receive(product, 2, days=100)
    receive(product, 3, days=200)

    results = _run_threads(
        20, lambda i: stock_reserve(items=[(product.pk, 1)], reference=f"ORD-{i}")
    )

    succeeded = [r for r in results if isinstance(r, dict)]
    refused = [r for r in results if isinstance(r, InsufficientStock)]
    assert (len(succeeded), len(refused)) == (5, 15), results
    batches = StockBatch.objects.filter(product=product)
    assert all(b.reserved == b.quantity for b in batches)
    assert StockMovement.objects.filter(kind=StockMovementKind.RESERVATION).count() == 5
    assert product_sellable_quantities(product_ids=[product.pk]) == {product.pk: 0}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_orders_locking_two_products_in_opposite_order_do_not_deadlock():
    first, second = ProductFactory(), ProductFactory()
    for product in (first, second):
        receive(product, 10, days=100)
        receive(product, 10, days=200)

    def work(index: int):
        items = [(first.pk, 1), (second.pk, 1)]
        return stock_reserve(items=items if index % 2 else items[::-1], reference=f"ORD-{index}")

    results = _run_threads(16, work)

    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    for product in (first, second):
        assert sum(b.reserved for b in StockBatch.objects.filter(product=product)) == 16


def test_insufficient_stock_renders_as_409_with_the_short_items():
    from apps.core.exceptions import api_exception_handler

    error = InsufficientStock(
        details={"items": [{"product_id": 1, "requested": 2, "available": 0}]}
    )
    response = api_exception_handler(error, {})
    assert response.status_code == 409
    assert response.data["error"]["code"] == "insufficient_stock"
    assert response.data["error"]["details"]["items"][0]["requested"] == 2
