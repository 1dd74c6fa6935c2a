"""The OpenAPI schema documents every accounts endpoint with its error responses."""

import pytest
from drf_spectacular.generators import SchemaGenerator

ERROR_REF = "#/components/schemas/ErrorResponse"


@pytest.fixture(scope="module")
def operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method, path): operation
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/users/")
        for method, operation in item.items()
    }


def test_every_operation_has_a_summary_and_documented_errors(operations):
    assert len(operations) == 27
    for key, operation in operations.items():
        assert operation.get("summary"), key
        errors = {code: r for code, r in operation["responses"].items() if code.startswith("4")}
        assert errors, key
        for response in errors.values():
            assert response["content"]["application/json"]["schema"]["$ref"] == ERROR_REF


def test_signed_in_operations_document_401_and_admin_ones_403(operations):
    for (method, path), operation in operations.items():
        if operation.get("security") and {} not in operation["security"]:
            assert "401" in operation["responses"], (method, path)
        if path.startswith("/api/v1/users/admin/"):
            assert "403" in operation["responses"], (method, path)


def test_throttled_operations_document_429(operations):
    for path in ("register/", "verify/", "otp/resend/", "login/", "password/forgot/"):
        assert "429" in operations[("post", f"/api/v1/users/{path}")]["responses"]


def test_account_deletion_documents_its_password_body(operations):
    body = operations[("delete", "/api/v1/users/me/")]["requestBody"]
    assert "application/json" in body["content"]
