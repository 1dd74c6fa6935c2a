"""The back office as a whole: every registered model can be searched and filtered (or is on the
exemption list below, with the reason), and every changelist and change page renders for an
admin on a database with a little of everything, in a bounded number of queries."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client, TestCase
from django.urls import reverse
from rest_framework_simplejwt.tokens import RefreshToken

from apps.dashboard.periods import shop_today
from apps.dashboard.services import rollup_day_compute, system_health_record
from apps.delivery.services import delivery_confirm
from apps.notifications.models import Broadcast, NotificationPreference
from apps.orders.models import Order, PaymentMethod
from apps.orders.services import order_item_reduce
from apps.payments.models import MismatchKind, PaymentLog
from apps.payments.services.cash import cash_payment_confirm
from apps.payments.services.mismatches import payment_mismatch_flag
from apps.users.http import ClientInfo
from apps.users.models import OtpPurpose
from apps.users.services.auth import otp_send, user_login_with_password
from tests.delivery.factories import (
    PickupPointFactory,
    ZoneFactory,
    handover_code,
    on_the_way_delivery,
)
from tests.notifications.factories import NotificationTemplateFactory
from tests.orders.factories import two_line_order
from tests.payments.providers import paid_with_payme, provider_settings  # noqa: F401
from tests.prescriptions.factories import ApprovedPrescriptionFactory, pending_with_page
from tests.products.factories import ActiveSubstanceFactory, CategoryFactory
from tests.users.factories import AdminFactory, CourierFactory, CustomerFactory, OperatorFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


PASSWORD = "Admin-pass-2026"

# Models whose changelist has no search box, and why.
NO_SEARCH = {
    # Snapshots of numbers (queue length, error counts): there is no text to search; the date
    # hierarchy and the date filter find a snapshot.
    "dashboard.SystemHealthLog",
    # One row per day of SMS spending: the date hierarchy is the way in.
    "notifications.SmsDailyUsage",
}
# Models whose changelist has no filter sidebar, and why.
NO_FILTERS = {
    # Django's own groups: a name and permissions, nothing to filter on.
    "auth.Group",
    # simplejwt's token tables (third-party admin): searched by user or token id; nobody
    # browses them by category.
    "token_blacklist.OutstandingToken",
    "token_blacklist.BlacklistedToken",
}
# Upper bound of queries for any changelist or change page with this data; a page that loads
# rows one by one (a missing select_related or prefetch) goes far past it.
MAX_QUERIES = 40


def registered() -> list[tuple[str, type, admin.ModelAdmin]]:
    return sorted(
        (
            (model._meta.label, model, model_admin)
            for model, model_admin in admin.site._registry.items()
        ),
        key=lambda row: row[0],
    )


@pytest.mark.parametrize(("label", "model", "model_admin"), registered(), ids=lambda v: str(v))
def test_every_changelist_can_be_searched_and_filtered(label, model, model_admin):
    if label not in NO_SEARCH:
        assert model_admin.search_fields, f"{label}: add search_fields (or exempt it, with why)"
    if label not in NO_FILTERS:
        assert model_admin.list_filter, f"{label}: add list_filter (or exempt it, with why)"


def test_the_exemptions_are_all_still_needed():
    admins = {label: model_admin for label, _model, model_admin in registered()}
    assert admins.keys() >= NO_SEARCH
    assert admins.keys() >= NO_FILTERS
    assert not [label for label in NO_SEARCH if admins[label].search_fields]
    assert not [label for label in NO_FILTERS if admins[label].list_filter]


@pytest.fixture
def shop(sms_gateway, settings, provider_settings):  # noqa: F811 (the imported fixture)
    """A little of everything: a cash order delivered by a courier with the code, its cash
    payment, log and a reconciliation flag, a Payme order with a line removed and refunded in
    part, prescriptions, templates, a broadcast, a sign-in and a code, roll-ups and a health
    snapshot."""
    settings.DELIVERY_AUTO_ASSIGN = False
    admin_user = AdminFactory()
    admin_user.set_password(PASSWORD)
    admin_user.save()
    customer, courier = CustomerFactory(), CourierFactory()
    ZoneFactory(pickup_point=PickupPointFactory())
    CategoryFactory()
    ActiveSubstanceFactory()

    delivery = on_the_way_delivery(courier, customer=customer)
    order = delivery.order
    payment = cash_payment_confirm(order_id=order.pk, amount=order.total, collector=courier).payment
    with TestCase.captureOnCommitCallbacks(execute=True):
        delivery_confirm(
            delivery=delivery, courier=courier, code=handover_code(sms_gateway, delivery)
        )
    payment_mismatch_flag(kind=MismatchKind.ORDER_STATE, details={"why": "test"}, payment=payment)
    prescription = ApprovedPrescriptionFactory(owner=customer)
    order.prescriptions.add(prescription)
    pending_with_page(owner=customer)
    # A Payme order a pharmacist took a pack off: the removal and its partial refund.
    short_order, short_line, _ = two_line_order(PaymentMethod.PAYME)
    paid_with_payme(Client(), short_order)
    with TestCase.captureOnCommitCallbacks(execute=True):
        order_item_reduce(
            order=short_order,
            item_id=short_line.pk,
            keep=2,
            actor=OperatorFactory(),
            reason="short",
        )

    NotificationTemplateFactory()
    NotificationPreference.objects.create(user=customer, muted_types=["marketing"])
    Broadcast.objects.create(
        segment="customers", type="announcement", channels=["in_app"], created_by=admin_user
    )
    Group.objects.create(name="Pharmacists")
    client_info = ClientInfo(ip="127.0.0.1", user_agent="pytest")
    user_login_with_password(
        phone_number=admin_user.phone_number, password=PASSWORD, client=client_info
    )
    RefreshToken.for_user(customer).blacklist()
    otp_send(phone_number=customer.phone_number, purpose=OtpPurpose.LOGIN, client=client_info)

    rollup_day_compute(day=shop_today())
    system_health_record()
    return {"admin": admin_user, "order": order, "payment": payment, "prescription": prescription}


def test_every_changelist_and_change_page_renders_for_an_admin(
    client, shop, django_assert_max_num_queries
):
    client.force_login(shop["admin"])
    empty = []
    for label, model, model_admin in registered():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(changelist)
        assert response.status_code == 200, label
        if model_admin.search_fields:
            assert client.get(changelist, {"q": "90"}).status_code == 200, f"{label} search"
        obj = model_admin.get_queryset(response.wsgi_request).order_by("pk").first()
        if obj is None:
            empty.append(label)
            continue
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(change)
        assert response.status_code == 200, f"{label} change page"
    assert empty == [], "every model has a row, so every change page was rendered"


def test_an_order_page_links_its_prescription_payment_log_and_delivery(client, shop):
    client.force_login(shop["admin"])
    order: Order = shop["order"]
    page = client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()

    prescription_url = reverse(
        "admin:prescriptions_prescription_change", args=[shop["prescription"].pk]
    )
    assert f'href="{prescription_url}"' in page
    assert reverse("admin:payments_payment_change", args=[shop["payment"].pk]) in page
    log_url = f"{reverse('admin:payments_paymentlog_changelist')}?payment__id__exact="
    assert f"{log_url}{shop['payment'].pk}" in page
    assert reverse("admin:delivery_delivery_change", args=[order.delivery.pk]) in page
    # Status badges: coloured spans with the status' label.
    assert "border-radius:10px" in page
    assert order.get_status_display() in page

    log = client.get(f"{log_url}{shop['payment'].pk}")
    assert log.status_code == 200
    shown = set(log.context["cl"].result_list)
    assert shown
    assert shown == set(PaymentLog.objects.filter(payment=shop["payment"]))


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:prescriptions_prescription_changelist",
        "admin:payments_payment_changelist",
        "admin:delivery_delivery_changelist",
        "admin:orders_order_changelist",
    ],
)
def test_status_columns_are_coloured_badges(client, shop, changelist):
    client.force_login(shop["admin"])
    page = client.get(reverse(changelist)).content.decode()
    assert "border-radius:10px" in page
