import pytest

from apps.core.roles import Role
from apps.users import demo
from apps.users.models import Address

pytestmark = pytest.mark.django_db


def test_demo_customer_gets_one_default_address_however_often_it_runs():
    demo.seed(password="Demo-pass-2026")
    demo.seed(password="Demo-pass-2026")
    address = Address.objects.get()
    assert address.user.phone_number == demo.DEMO_USERS[Role.CUSTOMER][0]
    assert address.is_default
