from datetime import timedelta

import factory
from django.utils import timezone

from apps.prescriptions.models import (
    Prescription,
    PrescriptionImage,
    PrescriptionItem,
    PrescriptionStatus,
)
from tests.prescriptions import images
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


class PrescriptionImageFactory(factory.django.DjangoModelFactory):
    """A stored page; the file goes to the private storage through the model field."""

    class Meta:
        model = PrescriptionImage

    prescription = factory.SubFactory(PrescriptionFactory)
    file = factory.django.FileField(data=images.jpeg(), filename="page.jpg")
    original_name = "page.jpg"
    content_type = "image/jpeg"
    width = 64
    height = 48
    size = factory.LazyAttribute(lambda image: len(images.jpeg()))


def pending_with_page(**kwargs) -> Prescription:
    prescription = PrescriptionFactory(**kwargs)
    PrescriptionImageFactory(prescription=prescription)
    return prescription


def created_hours_ago(prescription: Prescription, hours: int) -> Prescription:
    """Backdate a prescription's upload (queues are ordered by it)."""
    Prescription.objects.filter(pk=prescription.pk).update(
        created_at=timezone.now() - timedelta(hours=hours)
    )
    return prescription
