"""Prescriptions: medical data. Only their owner and pharmacists may ever see them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class PrescriptionStatus(models.TextChoices):
    PENDING = "pending", _("Pending review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")


class RejectionReason(models.TextChoices):
    UNREADABLE = "unreadable", _("The image is unreadable")
    INCOMPLETE = "incomplete", _("Doctor's name, signature, stamp or date is missing")
    EXPIRED_DOCUMENT = "expired_document", _("The prescription has expired")
    NOT_A_PRESCRIPTION = "not_a_prescription", _("This is not a prescription")
    PATIENT_MISMATCH = "patient_mismatch", _("The prescription is for another patient")
    SUSPECTED_FORGERY = "suspected_forgery", _("The prescription could not be verified")
    OTHER = "other", _("Other")


class Prescription(TimeStampedModel):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="prescriptions"
    )
    status = models.CharField(
        max_length=10, choices=PrescriptionStatus.choices, default=PrescriptionStatus.PENDING
    )
    doctor_name = models.CharField(_("doctor"), max_length=200, blank=True)
    clinic_name = models.CharField(_("clinic"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # Uzbekistan's e-prescription system issues a number (and QR) a pharmacist can check.
    e_prescription_number = models.CharField(_("e-prescription number"), max_length=64, blank=True)
    customer_note = models.TextField(_("note from the customer"), blank=True)
    pharmacist_note = models.TextField(_("pharmacist's note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_prescriptions",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(max_length=32, choices=RejectionReason.choices, blank=True)
    rejection_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="prescription_queue_idx"),
            models.Index(fields=["owner", "status"], name="prescription_owner_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="prescription_approved_is_reviewed_and_dated",
                condition=~Q(status="approved")
                | Q(valid_until__isnull=False, reviewed_at__isnull=False),
            ),
            models.CheckConstraint(
                name="prescription_rejected_has_reason",
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"Prescription #{self.pk} ({self.status})"


class PrescriptionImage(models.Model):
    """A page of a prescription, re-encoded on upload and stored outside the public media."""

    prescription = models.ForeignKey(Prescription, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(max_length=255)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=50)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Page {self.pk} of prescription #{self.prescription_id}"


class PrescriptionItem(models.Model):
    """What the pharmacist confirmed the prescription covers: a product, or an active substance
    (covering single-substance products of that INN), in packs."""

    prescription = models.ForeignKey(Prescription, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(
        "products.Product", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    substance = models.ForeignKey(
        "products.ActiveSubstance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="prescription_item_product_xor_substance",
                condition=Q(product__isnull=False, substance__isnull=True)
                | Q(product__isnull=True, substance__isnull=False),
            ),
            models.CheckConstraint(
                name="prescription_item_quantity_positive", condition=Q(quantity__gt=0)
            ),
        ]

    def __str__(self) -> str:
        covered = (
            f"product {self.product_id}" if self.product_id else f"substance {self.substance_id}"
        )
        return f"{self.quantity} x {covered}"


class PrescriptionUsage(models.Model):
    """Packs of a prescription item claimed by an order (`reference` = order number). A released
    usage (order cancelled) gives its packs back; active usages never exceed the item."""

    item = models.ForeignKey(PrescriptionItem, on_delete=models.PROTECT, related_name="usages")
    product = models.ForeignKey("products.Product", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=40, db_index=True)
    quantity = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="prescription_usage_quantity_positive", condition=Q(quantity__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} of item {self.item_id} for {self.reference}"
