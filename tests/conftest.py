"""Fixtures shared by every suite: one user per role (two customers and two couriers, for
cross-account checks) and API clients authenticated as each of them."""

import socket

import pytest
from django.core.cache import cache
from django.db import connection
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


def _clear() -> None:
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")  # only keys under this project's prefix
    else:
        cache.clear()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
