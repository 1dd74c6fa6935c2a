from datetime import timedelta

import factory
from django.utils import timezone

from apps.prescriptions.models import Prescription, PrescriptionItem, PrescriptionStatus
from tests.users.factories import CustomerFactory, OperatorFactory


class PrescriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prescription

    owner = factory.SubFactory(CustomerFactory)
    doctor_name = factory.Faker("name")
    issued_on = factory.LazyFunction(timezone.localdate)


class ApprovedPrescriptionFactory(PrescriptionFactory):
    status = PrescriptionStatus.APPROVED
    reviewed_by = factory.SubFactory(OperatorFactory)
    reviewed_at = factory.LazyFunction(timezone.now)
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class PrescriptionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrescriptionItem

    prescription = factory.SubFactory(ApprovedPrescriptionFactory)
    quantity = 2
