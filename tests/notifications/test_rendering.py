import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from apps.notifications.models import Channel, NotificationTemplate, NotificationType
from apps.notifications.rendering import (
    DEFAULT_TEXTS,
    DEFAULT_TITLES,
    placeholders,
    render_message,
    render_text,
    template_errors,
)
from apps.notifications.services import notification_enqueue

from .factories import NotificationTemplateFactory

pytestmark = pytest.mark.django_db

SAMPLE_CONTEXT = {
    "code": "123456",
    "order_number": "A-7",
    "amount": "15 000",
    "reason": "unreadable photo",
    "product": "Paracetamol 500 mg",
    "quantity": 3,
    "total": "24 000",
    "lot": "L-42",
    "expiry_date": "2027-01-31",
    "title": "Holiday hours",
    "message": "Closed on 1 January.",
    "budget": "1 000 000",
    "spent": "1 000 050",
    "date": "2026-11-23",
}

EXPECTED = {
    "uz": "Dorixona: A-7 raqamli buyurtma uchun 15 000 so'm qaytarildi.",
    "ru": "Dorixona: по заказу A-7 возвращено 15 000 сум.",
    "en": "Dorixona: 15 000 so'm refunded for order A-7.",
}


@pytest.mark.parametrize("language", ["uz", "ru", "en"])
def test_defaults_render_in_each_language(language):
    text = render_text(type=NotificationType.REFUND_DONE, language=language, context=SAMPLE_CONTEXT)
    assert text == EXPECTED[language]


@pytest.mark.parametrize("language", ["uz", "ru", "en"])
@pytest.mark.parametrize("type", list(NotificationType))
def test_every_type_renders_in_every_language_with_its_values(type, language):
    message = render_message(type=type, language=language, context=SAMPLE_CONTEXT)
    assert message.body
    assert message.title
    for name in placeholders(str(DEFAULT_TEXTS[type])):
        assert str(SAMPLE_CONTEXT[name]) in message.body
    if language != "en" and "{message}" not in str(DEFAULT_TEXTS[type]):
        english = render_message(type=type, language="en", context=SAMPLE_CONTEXT)
        assert message.body != english.body  # actually translated


@pytest.mark.parametrize("language", ["uz", "ru"])
@pytest.mark.parametrize("type", list(NotificationType))
def test_translations_keep_exactly_the_placeholders(type, language):
    with translation.override("en"):
        source = {str(t): sorted(placeholders(str(t))) for t in (DEFAULT_TEXTS[type],)}
        title_source = sorted(placeholders(str(DEFAULT_TITLES[type])))
    with translation.override(language):
        assert sorted(placeholders(str(DEFAULT_TEXTS[type]))) == next(iter(source.values()))
        assert sorted(placeholders(str(DEFAULT_TITLES[type]))) == title_source


def test_unknown_language_falls_back_to_uzbek():
    message = render_message(
        type=NotificationType.ORDER_PAID, language="de", context=SAMPLE_CONTEXT
    )
    assert message.body == "Dorixona: A-7 raqamli buyurtma to'landi."


def test_an_admin_template_overrides_the_default_for_its_language_only():
    NotificationTemplateFactory(language="ru", body="Аптека: заказ {order_number} оплачен!")
    assert (
        render_message(type=NotificationType.ORDER_PAID, language="ru", context=SAMPLE_CONTEXT).body
        == "Аптека: заказ A-7 оплачен!"
    )
    assert (
        render_message(type=NotificationType.ORDER_PAID, language="en", context=SAMPLE_CONTEXT).body
        == "Dorixona: order A-7 is paid."
    )


def test_an_inactive_template_is_ignored():
    NotificationTemplateFactory(language="en", body="Paid {order_number}", is_active=False)
    message = render_message(
        type=NotificationType.ORDER_PAID, language="en", context=SAMPLE_CONTEXT
    )
    assert message.body == "Dorixona: order A-7 is paid."


def test_enqueue_uses_the_template_in_the_users_language(customer):
    customer.language = "ru"
    customer.save()
    NotificationTemplateFactory(
        language="ru", title="Оплачено: {order_number}", body="Заказ {order_number} оплачен."
    )
    notification = notification_enqueue(
        type=NotificationType.ORDER_PAID,
        channel=Channel.IN_APP,
        user=customer,
        context={"order_number": "B-1"},
    )
    assert (notification.language, notification.title, notification.body) == (
        "ru",
        "Оплачено: B-1",
        "Заказ B-1 оплачен.",
    )


@pytest.mark.parametrize(
    ("title", "body", "field", "fragment"),
    [
        ("", "Your code: {cod}", "body", "{cod}"),
        ("", "Your code is ready.", "body", "Missing placeholder {code}"),
        ("", "Code {code} for {order_number}", "body", "Unknown placeholder {order_number}"),
        ("", "Code {code.__class__}", "body", "not a plain name"),
        ("", "Code {code!r}", "body", "plain name"),
        ("", "Code {code:>10}", "body", "plain name"),
        ("", "Code {0} {code}", "body", "not a plain name"),
        ("", "Code {code", "body", "unbalanced braces"),
        ("Hi {first_name}", "Code {code}", "title", "Unknown placeholder {first_name}"),
        ("", "   ", "body", "cannot be empty"),
    ],
)
def test_broken_templates_are_refused(title, body, field, fragment):
    with translation.override("en"):
        errors = template_errors(type=NotificationType.OTP, title=title, body=body)
    assert field in errors
    assert any(fragment in problem for problem in errors[field]), errors


def test_literal_braces_are_allowed():
    assert template_errors(type=NotificationType.OTP, title="", body="{{Dorixona}} {code}") == {}
    message = render_message(type=NotificationType.OTP, language="en", context={"code": "1"})
    assert message.body.endswith("Do not share it.")


def test_django_admin_refuses_a_broken_template_and_saves_a_valid_one(admin_user):
    client = Client()
    client.force_login(admin_user)
    url = reverse("admin:notifications_notificationtemplate_add")
    form = {"type": "otp", "language": "uz", "title": "", "body": "Kod: {kod}", "is_active": "on"}
    response = client.post(url, form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Unknown placeholder {kod}" in response.content.decode()
    assert not NotificationTemplate.objects.exists()

    response = client.post(url, {**form, "body": "Dorixona kodi: {code}"})
    assert response.status_code == 302
    template = NotificationTemplate.objects.get()
    assert template.updated_by == admin_user
    assert render_message(type="otp", language="uz", context={"code": "777777"}).body == (
        "Dorixona kodi: 777777"
    )


def test_django_admin_template_form_lists_the_placeholders(admin_user):
    client = Client()
    client.force_login(admin_user)
    page = client.get(reverse("admin:notifications_notificationtemplate_add")).content.decode()
    assert "{order_number}" in page
    assert "{code}" in page
