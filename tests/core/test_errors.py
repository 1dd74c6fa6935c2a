import pytest
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls")]


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def test_unknown_api_route_is_404_in_error_format(anon_client):
    assert_error(anon_client.get("/api/v1/no-such-thing/"), 404, "not_found")
    assert_error(anon_client.post("/api/nowhere", {}), 404, "not_found")


def test_unknown_api_route_is_404_even_with_csrf_checks():
    client = APIClient(enforce_csrf_checks=True)
    assert_error(client.post("/api/v1/no-such-thing/", {}), 404, "not_found")


def test_malformed_json_is_400_in_error_format(anon_client):
    response = anon_client.post(
        "/api/v1/echo/", data='{"quantity": 1,', content_type="application/json"
    )
    assert_error(response, 400, "parse_error")


def test_validation_error_names_the_field(anon_client):
    error = assert_error(
        anon_client.post("/api/v1/echo/", {"quantity": 0}), 400, "validation_error"
    )
    assert "quantity" in error["details"]


def test_valid_input_passes(anon_client):
    response = anon_client.post("/api/v1/echo/", {"quantity": 3})
    assert response.status_code == 200
    assert response.json() == {"quantity": 3}


def test_missing_token_is_401(anon_client):
    response = anon_client.get("/api/v1/staff/")
    assert_error(response, 401, "not_authenticated")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_garbage_token_is_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer not.a.token")
    assert_error(client.get("/api/v1/staff/"), 401, "token_not_valid")


def test_wrong_role_is_403(customer_client, operator_client):
    assert_error(customer_client.get("/api/v1/staff/"), 403, "permission_denied")
    assert operator_client.get("/api/v1/staff/").status_code == 200


def test_method_not_allowed_is_405(anon_client):
    assert_error(anon_client.get("/api/v1/echo/"), 405, "method_not_allowed")


def test_domain_conflict_is_409_with_its_code_and_details(anon_client):
    error = assert_error(anon_client.post("/api/v1/conflict/"), 409, "already_done")
    assert error["details"] == {"order": "A-1"}


def test_throttled_is_429_with_retry_after(anon_client):
    assert anon_client.get("/api/v1/throttled/").status_code == 200
    response = anon_client.get("/api/v1/throttled/")
    error = assert_error(response, 429, "throttled")
    assert int(response.headers["Retry-After"]) >= 1
    assert error["details"]["retry_after"] >= 1


def test_unexpected_exception_is_500_without_internals():
    client = APIClient()
    client.raise_request_exception = False
    response = client.get("/api/v1/broken/")
    error = assert_error(response, 500, "server_error")
    assert "boom" not in response.content.decode()
    assert "Traceback" not in error["message"]


def test_unsupported_media_type_is_415(anon_client):
    response = anon_client.post("/api/v1/echo/", data="x", content_type="application/xml")
    assert_error(response, 415, "unsupported_media_type")


def test_messages_follow_accept_language(anon_client):
    response = anon_client.get("/api/v1/staff/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.headers["Content-Language"] == "ru"


def test_domain_401_carries_www_authenticate():
    from rest_framework.test import APIRequestFactory

    from apps.core.errors import NotAuthenticated
    from apps.core.exceptions import api_exception_handler

    request = APIRequestFactory().get("/api/v1/")
    response = api_exception_handler(NotAuthenticated(), {"request": request})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.data["error"]["code"] == "not_authenticated"
