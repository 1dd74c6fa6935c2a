"""Helpers for the accounts suites: URLs, a register → verify flow, and SMS capture."""

import pytest
from rest_framework.test import APIClient

from tests.conftest import TEST_PASSWORD

USERS = "/api/v1/users/"
NEW_PASSWORD = "Fresh-Secret-456"


def url(path: str) -> str:
    return f"{USERS}{path}"


def register_body(phone: str, password: str = TEST_PASSWORD, **extra) -> dict:
    return {
        "phone_number": phone,
        "password": password,
        "first_name": "Malika",
        "last_name": "Azimova",
        "accepted_terms": True,
        **extra,
    }


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """POST through a client and run the after-commit callbacks (the SMS outbox) at once."""

    def _send(client: APIClient, path: str, body: dict | None = None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url(path), body or {}, format="json", **extra)

    return _send


@pytest.fixture
def signed_up(send, sms_gateway, anon_client):
    """Register and verify `phone`; returns the verify response body (tokens and user)."""

    def _signed_up(phone: str, password: str = TEST_PASSWORD) -> dict:
        assert send(anon_client, "register/", register_body(phone, password)).status_code == 201
        code = sms_gateway.last_code(phone)
        response = send(anon_client, "verify/", {"phone_number": phone, "code": code})
        assert response.status_code == 200, response.json()
        return response.json()

    return _signed_up


def bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client
