"""The cross-cutting authorization matrix (SECURITY.md, API1/API3/API5): every operation of the
OpenAPI schema x every role against the expected status kept in `permission_matrix.yml`.

The per-app tables (tests/<app>/test_permissions*.py) check the details of each app; this one
proves nothing in the schema escaped a decision: an operation without a row fails."""

import pytest

from tests.conftest import ROLES
from tests.hardening.matrix import load_matrix, schema_operations
from tests.hardening.world import World
from tests.payments.providers import provider_settings  # noqa: F401  (fixture)

MATRIX = load_matrix()
ROWS = MATRIX["operations"]
CASES = [
    pytest.param(operation, role, expected, id=f"{operation} {role}")
    for operation, row in ROWS.items()
    for role, expected in zip(ROLES, row["expect"] or [None] * len(ROLES), strict=True)
]


def test_every_schema_operation_has_a_row_and_every_row_an_operation():
    published = schema_operations()
    decided = set(ROWS) | set(MATRIX["exceptions"])
    assert sorted(published - decided) == [], "operations without a row in permission_matrix.yml"
    assert sorted(decided - published) == [], "rows for operations the schema no longer has"
    assert not set(ROWS) & set(MATRIX["exceptions"])


def test_every_row_lists_one_status_per_role():
    bad = [op for op, row in ROWS.items() if len(row["expect"] or ()) != len(ROLES)]
    assert bad == []


def send(client, operation: str, row: dict, world: World):
    method, path = operation.split(" ", 1)
    for name in row.get("needs", ()):
        getattr(world, name)
    url = path.format(**{param: world.key(obj) for param, obj in row.get("path", {}).items()})
    body = world.expand(row.get("body"))
    headers = {k: world.expand(v) for k, v in row.get("headers", {}).items()}
    return getattr(client, method.lower())(
        url, body, format=row.get("format", "json"), headers=headers
    )


@pytest.fixture
def matrix_settings(provider_settings):  # noqa: F811
    """Production-like: Payme and Click configured, the pay simulator off, couriers assigned
    by staff only (so a row's delivery stays where the world put it); a row's `settings`
    override these."""
    provider_settings.DELIVERY_AUTO_ASSIGN = False
    return provider_settings


@pytest.mark.django_db
@pytest.mark.parametrize(("operation", "role", "expected"), CASES)
def test_role_gets_the_expected_status(
    request, matrix_settings, clients, customer, courier, operation, role, expected
):
    row = ROWS[operation]
    for name, value in row.get("settings", {}).items():
        setattr(matrix_settings, name, value)
    world = World(customer, courier, fixture=request.getfixturevalue)
    response = send(clients[role], operation, row, world)
    assert response.status_code == expected, getattr(response, "content", b"")[:300]
    if expected >= 400:
        assert set(response.json()["error"]) == {"code", "message", "details"}
