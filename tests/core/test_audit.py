"""Staff changes to sensitive models are recorded with who, from where and what changed."""

import pytest
from auditlog.models import LogEntry
from django.forms import SplitDateTimeWidget
from django.test import Client

from apps.users.models import User

pytestmark = pytest.mark.django_db


def _admin_form_data(response) -> dict:
    """The change form (and its inlines) as the browser would post it back unchanged."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for form in formset.forms:
            data.update({form.add_prefix(k): v for k, v in _form_data(form).items()})
    return data


def _form_data(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, SplitDateTimeWidget):
            if value:
                data[f"{name}_0"], data[f"{name}_1"] = value.date(), value.time()
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    return data


def test_a_staff_change_in_admin_is_logged_with_actor_and_address(admin_user, customer):
    browser = Client(REMOTE_ADDR="198.51.100.7")
    browser.force_login(admin_user)
    url = f"/admin/users/user/{customer.pk}/change/"
    data = _admin_form_data(browser.get(url))
    data.update(first_name="Renamed", is_active="")
    response = browser.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    # The admin saves through the services (profile, then status): one entry per change.
    entries = list(LogEntry.objects.get_for_object(customer).filter(action=LogEntry.Action.UPDATE))
    assert entries
    changes = {}
    for entry in entries:
        assert entry.actor == admin_user
        assert entry.remote_addr == "198.51.100.7"
        changes.update(entry.changes_dict)
    assert changes["first_name"][1] == "Renamed"
    assert changes["is_active"] == ["True", "False"]


def test_secrets_are_never_written_to_the_audit_log(customer):
    customer.set_password("Another-secret-456")
    customer.phone_number = "+998901112233"
    customer.save()
    entry = LogEntry.objects.get_for_object(customer).latest("timestamp")
    assert "password" not in entry.changes_dict
    assert "last_login" not in entry.changes_dict
    new_phone = entry.changes_dict["phone_number"][1]
    assert new_phone != "+998901112233"
    assert "*" in new_phone


@pytest.mark.urls("tests.core.audit_urls")
def test_an_api_change_records_the_token_user_and_the_real_client_address(
    operator_client, operator, customer, settings
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    response = operator_client.post(
        f"/api/v1/test/users/{customer.pk}/rename/",
        {"first_name": "Via API"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.20",  # the first entry is the client's own
    )
    assert response.status_code == 200
    entry = LogEntry.objects.get_for_object(customer).latest("timestamp")
    assert entry.actor == operator
    assert entry.remote_addr == "203.0.113.20"


def test_audit_log_is_readable_in_admin_and_not_editable(admin_user, customer):
    User.objects.filter(pk=customer.pk).update(first_name="x")  # bulk updates are not logged
    customer.first_name = "Logged"
    customer.save()
    browser = Client()
    browser.force_login(admin_user)
    listing = browser.get("/admin/auditlog/logentry/")
    assert listing.status_code == 200
    assert customer.phone_number[-4:] in listing.content.decode()
    entry = LogEntry.objects.get_for_object(customer).latest("timestamp")
    assert browser.get(f"/admin/auditlog/logentry/{entry.pk}/change/").status_code == 200
    assert browser.get("/admin/auditlog/logentry/add/").status_code == 403
    assert browser.post(f"/admin/auditlog/logentry/{entry.pk}/delete/").status_code == 403


def test_customers_cannot_open_the_audit_log(customer):
    browser = Client()
    browser.force_login(customer)
    response = browser.get("/admin/auditlog/logentry/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_orders_prescriptions_and_stock_changes_are_audited(operator, customer):
    from apps.orders.models import OrderStatus
    from apps.orders.services import order_transition
    from tests.orders.factories import place_order, stocked_product
    from tests.prescriptions.factories import PrescriptionFactory

    product = stocked_product(5)
    order = place_order(customer, [(product, 1)], payment_method="cash")
    order_transition(order=order, to=OrderStatus.PREPARING, actor=operator)
    prescription = PrescriptionFactory(owner=customer)

    order_changes = LogEntry.objects.get_for_object(order).filter(action=LogEntry.Action.UPDATE)
    assert any("status" in entry.changes_dict for entry in order_changes)
    assert LogEntry.objects.get_for_object(prescription).exists()
    assert LogEntry.objects.get_for_object(product.batches.get()).exists()
