from decimal import Decimal

import factory
from django.utils import timezone

from apps.core.roles import STAFF_ROLES, Role
from apps.users.models import Address, Region, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    phone_number = factory.Sequence(lambda n: f"+99890{n:07d}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.CUSTOMER
    is_staff = factory.LazyAttribute(lambda o: o.role in STAFF_ROLES)
    is_superuser = False
    is_verified = True
    verified_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password("Secret-pass-123")


class CustomerFactory(UserFactory):
    role = Role.CUSTOMER


class CourierFactory(UserFactory):
    role = Role.COURIER


class OperatorFactory(UserFactory):
    role = Role.OPERATOR


class AdminFactory(UserFactory):
    role = Role.ADMIN
    is_superuser = True


class UnverifiedCustomerFactory(CustomerFactory):
    is_verified = False
    verified_at = None


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(CustomerFactory)
    label = "Home"
    region = Region.TASHKENT_CITY
    city = "Tashkent"
    street = factory.Sequence(lambda n: f"Amir Temur street {n}")
    house = "12"
    apartment = "34"
    latitude = Decimal("41.311081")
    longitude = Decimal("69.240562")
