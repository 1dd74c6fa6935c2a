"""Who may call which accounts endpoint: the expected status per role, in one table.

Columns follow `tests.conftest.ROLES`. `{address}` is an address of `customer`, `{user}` is
`customer`'s id. Public auth endpoints ignore any token, so every role gets what an anonymous
caller gets. Someone else's address is a 404, never a 403."""

import pytest

from apps.users import urls
from tests.conftest import ROLES, TEST_PASSWORD
from tests.users.conftest import NEW_PASSWORD, register_body, url
from tests.users.factories import AddressFactory

ADDRESS = {"region": "tashkent_city", "city": "Tashkent", "street": "Chilonzor 9", "house": "3"}

#            anonymous customer customer_b courier courier_b operator admin
TABLE = [
    ("post", "register/", register_body("+998935550505"), [201, 201, 201, 201, 201, 201, 201]),
    ("post", "verify/", {"phone_number": "+998935550505", "code": "123456"}, [400] * 7),
    ("post", "otp/resend/", {"phone_number": "+998935550505", "purpose": "reset"}, [202] * 7),
    ("post", "login/", {"phone_number": "+998935550505", "password": "Nope-nope-1"}, [401] * 7),
    ("post", "token/refresh/", {"refresh": "not-a-token"}, [401] * 7),
    ("post", "logout/", {"refresh": "not-a-token"}, [401] * 7),
    ("post", "password/forgot/", {"phone_number": "+998935550505"}, [202] * 7),
    (
        "post",
        "password/reset/",
        {"phone_number": "+998935550505", "code": "123456", "new_password": NEW_PASSWORD},
        [400] * 7,
    ),
    ("post", "logout/all/", None, [401, 204, 204, 204, 204, 204, 204]),
    (
        "post",
        "password/change/",
        {"old_password": TEST_PASSWORD, "new_password": NEW_PASSWORD},
        [401, 200, 200, 200, 200, 200, 200],
    ),
    ("get", "me/", None, [401, 200, 200, 200, 200, 200, 200]),
    ("patch", "me/", {"first_name": "Nodira"}, [401, 200, 200, 200, 200, 200, 200]),
    ("delete", "me/", {"password": TEST_PASSWORD}, [401, 204, 204, 403, 403, 403, 403]),
    ("get", "me/export/", None, [401, 200, 200, 200, 200, 200, 200]),
    (
        "post",
        "me/phone/",
        {"new_phone_number": "+998935550606", "password": TEST_PASSWORD},
        [401, 202, 202, 202, 202, 202, 202],
    ),
    (
        "post",
        "me/phone/confirm/",
        {"new_phone_number": "+998935550606", "code": "123456"},
        [401, 400, 400, 400, 400, 400, 400],
    ),
    ("get", "me/addresses/", None, [401, 200, 200, 200, 200, 200, 200]),
    ("post", "me/addresses/", ADDRESS, [401, 201, 201, 201, 201, 201, 201]),
    ("get", "me/addresses/{address}/", None, [401, 200, 404, 404, 404, 404, 404]),
    ("patch", "me/addresses/{address}/", {"floor": "2"}, [401, 200, 404, 404, 404, 404, 404]),
    ("delete", "me/addresses/{address}/", None, [401, 204, 404, 404, 404, 404, 404]),
    ("get", "admin/", None, [401, 403, 403, 403, 403, 403, 200]),
    (
        "post",
        "admin/",
        {
            "phone_number": "+998935550707",
            "password": "Staff-pass-2026",
            "role": "courier",
            "first_name": "Ulug'bek",
            "last_name": "Sodiqov",
        },
        [401, 403, 403, 403, 403, 403, 201],
    ),
    ("get", "admin/{user}/", None, [401, 403, 403, 403, 403, 403, 200]),
    ("post", "admin/{user}/role/", {"role": "courier"}, [401, 403, 403, 403, 403, 403, 200]),
    ("post", "admin/{user}/deactivate/", None, [401, 403, 403, 403, 403, 403, 200]),
    ("post", "admin/{user}/activate/", None, [401, 403, 403, 403, 403, 403, 200]),
]


CASES = [
    pytest.param(method, path, body, role, status, id=f"{method} {path} {role}")
    for method, path, body, statuses in TABLE
    for role, status in zip(ROLES, statuses, strict=True)
]


def test_the_table_covers_every_endpoint_and_method():
    served = set()
    for pattern in urls.urlpatterns:
        route = str(pattern.pattern).replace("<int:address_id>", "{address}")
        route = route.replace("<int:user_id>", "{user}")
        view = pattern.callback.view_class
        served |= {
            (m, route) for m in ("get", "post", "patch", "put", "delete") if hasattr(view, m)
        }
    assert served == {(method, path) for method, path, _, _ in TABLE}


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "body", "role", "expected"), CASES)
def test_permission_table(clients, customer, method, path, body, role, expected):
    address = AddressFactory(user=customer)
    target = url(path.format(address=address.pk, user=customer.pk))
    response = getattr(clients[role], method)(target, body, format="json")
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert set(response.json()["error"]) == {"code", "message", "details"}
