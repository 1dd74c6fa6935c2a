"""Who may call what: every notifications endpoint for every role. Object endpoints are tried
on the customer's notification, so other accounts get 404."""

import pytest

from .factories import InAppNotificationFactory, NotificationTemplateFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "customer", "customer_b", "courier", "courier_b", "operator", "admin")
ANY_USER = dict.fromkeys(ROLES[1:], 200)
ADMIN_ONLY = {
    "customer": 403,
    "customer_b": 403,
    "courier": 403,
    "courier_b": 403,
    "operator": 403,
    "admin": 200,
}
OWNER_ONLY = {
    "customer": 200,
    "customer_b": 404,
    "courier": 404,
    "courier_b": 404,
    "operator": 404,
    "admin": 404,
}

PREFERENCES = {
    "muted_channels": [],
    "muted_types": [],
    "quiet_hours_start": None,
    "quiet_hours_end": None,
}
TEMPLATE = {"type": "order_ready", "language": "ru", "body": "Заказ {order_number} готов."}
BROADCAST = {
    "segment": "couriers",
    "type": "announcement",
    "channels": ["in_app"],
    "messages": {"uz": {"title": "Yig'ilish", "message": "Ertaga 9:00 da yig'ilish."}},
}

# (method, path, body, expected status per role; anonymous is always 401)
TABLE = [
    ("get", "/api/v1/notifications/", None, ANY_USER),
    ("post", "/api/v1/notifications/{notification}/mark-read/", None, OWNER_ONLY),
    ("post", "/api/v1/notifications/mark-all-read/", None, ANY_USER),
    ("get", "/api/v1/notifications/unread-count/", None, ANY_USER),
    ("get", "/api/v1/notifications/preferences/", None, ANY_USER),
    ("put", "/api/v1/notifications/preferences/", PREFERENCES, ANY_USER),
    ("get", "/api/v1/notifications/admin/templates/", None, ADMIN_ONLY),
    ("post", "/api/v1/notifications/admin/templates/", TEMPLATE, {**ADMIN_ONLY, "admin": 201}),
    ("get", "/api/v1/notifications/admin/templates/{template}/", None, ADMIN_ONLY),
    ("put", "/api/v1/notifications/admin/templates/{template}/", TEMPLATE, ADMIN_ONLY),
    (
        "delete",
        "/api/v1/notifications/admin/templates/{template}/",
        None,
        {**ADMIN_ONLY, "admin": 204},
    ),
    ("get", "/api/v1/notifications/admin/stats/", None, ADMIN_ONLY),
    ("get", "/api/v1/notifications/admin/broadcasts/", None, ADMIN_ONLY),
    ("post", "/api/v1/notifications/admin/broadcasts/", BROADCAST, {**ADMIN_ONLY, "admin": 201}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "body", "expected"), TABLE)
def test_permission_table(clients, customer, role, method, path, body, expected):
    notification = InAppNotificationFactory(user=customer)
    template = NotificationTemplateFactory(
        type="order_ready", language="uz", title="", body="Buyurtma {order_number} tayyor."
    )
    url = path.format(notification=notification.pk, template=template.pk)
    response = getattr(clients[role], method)(url, body)
    assert response.status_code == (401 if role == "anonymous" else expected[role]), url
    if response.status_code >= 400:
        assert response.json()["error"]["code"]


@pytest.mark.parametrize("role", ROLES)
def test_delivery_receipts_need_the_gateway_secret_whoever_calls(clients, settings, role):
    settings.SMS_CALLBACK_SECRET = "gateway-secret"
    response = clients[role].post(
        "/api/v1/notifications/sms/status/", {"message_id": "x", "status": "DELIVRD"}
    )
    assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_the_development_sms_outbox_does_not_exist_without_debug(clients, settings, role):
    settings.DEBUG = False
    response = clients[role].get("/api/v1/notifications/dev/sms/", {"phone": "+998901234567"})
    assert response.status_code == 404
