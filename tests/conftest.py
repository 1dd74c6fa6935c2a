"""Fixtures shared by every suite: one user per role (two customers and two couriers, for
cross-account checks) and API clients authenticated as each of them."""

import json
import socket
import threading

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import translation
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from tests.users.factories import AdminFactory, CourierFactory, CustomerFactory, OperatorFactory

TEST_PASSWORD = "Secret-pass-123"


def pytest_collection_modifyitems(config, items):
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttle buckets and cached reads must not leak between tests."""
    _clear()
    yield
    _clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the shop's default language: a request's Accept-Language (the
    locale middleware activates it) must not carry over into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def _clear() -> None:
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")  # only keys under this project's prefix
    else:
        cache.clear()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The back office follows the browser's language (Uzbek by default); tests that read the
# admin's English texts ask for English, as a browser set to English would.
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def english_admin(client):
    """The `client` fixture as an English-speaking browser."""
    client.defaults.update(ENGLISH)
    return client


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        access = RefreshToken.for_user(user).access_token
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


@pytest.fixture
def anon_client() -> APIClient:
    return APIClient()


@pytest.fixture
def customer(db):
    return CustomerFactory()


@pytest.fixture
def customer_b(db):
    return CustomerFactory()


@pytest.fixture
def courier(db):
    return CourierFactory()


@pytest.fixture
def courier_b(db):
    return CourierFactory()


@pytest.fixture
def operator(db):
    return OperatorFactory()


@pytest.fixture
def admin_user(db):
    return AdminFactory()


@pytest.fixture
def customer_client(customer) -> APIClient:
    return client_for(customer)


@pytest.fixture
def customer_b_client(customer_b) -> APIClient:
    return client_for(customer_b)


@pytest.fixture
def courier_client(courier) -> APIClient:
    return client_for(courier)


@pytest.fixture
def courier_b_client(courier_b) -> APIClient:
    return client_for(courier_b)


@pytest.fixture
def operator_client(operator) -> APIClient:
    return client_for(operator)


@pytest.fixture
def admin_client_api(admin_user) -> APIClient:
    return client_for(admin_user)


ROLES = ("anonymous", "customer", "customer_b", "courier", "courier_b", "operator", "admin")


@pytest.fixture
def clients(customer, customer_b, courier, courier_b, operator, admin_user) -> dict[str, APIClient]:
    """An API client per role, keyed as in the permission tables (`ROLES`)."""
    return {
        "anonymous": APIClient(),
        "customer": client_for(customer),
        "customer_b": client_for(customer_b),
        "courier": client_for(courier),
        "courier_b": client_for(courier_b),
        "operator": client_for(operator),
        "admin": client_for(admin_user),
    }


class FakeSmsGateway:
    """A real HTTP server standing in for the SMS gateway (DevSMS-style JSON API).

    Like a gateway that deduplicates, a repeated `Idempotency-Key` gets the first answer again
    and sends nothing. `before_reply`, when set, runs after a message is recorded and before the
    answer goes back (e.g. to hold the reply while a test kills the sender)."""

    def __init__(self, httpserver):
        self.server = httpserver
        self.messages: list[dict] = []
        self.url = httpserver.url_for("/send")
        self.before_reply = None
        self._ids_by_key: dict[str, str] = {}
        self._lock = threading.Lock()
        self.respond_ok()

    def _record(self, request):
        from werkzeug import Response

        key = request.headers.get("Idempotency-Key")
        with self._lock:
            message_id = self._ids_by_key.get(key) if key else None
            if message_id is None:
                self.messages.append(request.get_json())
                message_id = f"msg-{len(self.messages)}"
                if key:
                    self._ids_by_key[key] = message_id
        if self.before_reply is not None:
            self.before_reply(request)
        return Response(json.dumps({"id": message_id}), content_type="application/json")

    def respond_ok(self) -> None:
        self.server.clear_all_handlers()
        self.server.expect_request("/send", method="POST").respond_with_handler(self._record)

    def texts_to(self, phone: str) -> list[str]:
        digits = phone.lstrip("+")
        return [m["message"] for m in self.messages if m["phone"] == digits]

    def last_code(self, phone: str) -> str:
        """The last six-digit code sent to `phone`."""
        import re

        for text in reversed(self.texts_to(phone)):
            match = re.search(r"\b(\d{6})\b", text)
            if match:
                return match.group(1)
        raise AssertionError(f"no code was sent to {phone}: {self.messages}")


def use_sms_gateway(gateway: FakeSmsGateway, settings) -> FakeSmsGateway:
    settings.SMS_PROVIDER = "http"
    settings.SMS_GATEWAY_URL = gateway.url
    settings.SMS_GATEWAY_TOKEN = "test-token"
    settings.SMS_GATEWAY_SUPPORTS_IDEMPOTENCY = True
    return gateway


@pytest.fixture
def sms_gateway(httpserver, settings) -> FakeSmsGateway:
    """Route SMS through the HTTP provider to a local fake gateway. Messages are sent after
    commit: wrap requests in `django_capture_on_commit_callbacks(execute=True)` in `db` tests."""
    return use_sms_gateway(FakeSmsGateway(httpserver), settings)


def pytest_sessionfinish(session, exitstatus):
    """Remove the throwaway upload folder of config.settings.test."""
    import shutil

    from django.conf import settings

    root = settings.MEDIA_ROOT.parent
    if root.name.startswith("dorixona-test-files-"):
        shutil.rmtree(root, ignore_errors=True)
