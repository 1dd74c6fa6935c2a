"""Prescriptions: medical data. Only their owner and pharmacists may ever see them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.images import private_storage
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


def prescription_image_path(instance: "PrescriptionImage", filename: str) -> str:
    # `filename` is server-generated (a uuid); month folders keep directories small.
    return f"prescriptions/{timezone.now():%Y/%m}/{filename}"


class PrescriptionImage(models.Model):
    """A page of a prescription, re-encoded on upload and stored outside the public media."""

    prescription = models.ForeignKey(Prescription, on_delete=models.CASCADE, related_name="images")
    file = models.FileField(
        max_length=255, storage=private_storage, upload_to=prescription_image_path
    )
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
            models.UniqueConstraint(
                fields=["prescription", "product"],
                condition=Q(product__isnull=False),
                name="prescription_item_product_once",
            ),
            models.UniqueConstraint(
                fields=["prescription", "substance"],
                condition=Q(substance__isnull=False),
                name="prescription_item_substance_once",
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


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")


class PrescriptionReview(models.Model):
    """One decision on a prescription, kept as history: the pharmacist's approval or
    rejection, and the automatic expiry (no reviewer). Rows are only ever added."""

    prescription = models.ForeignKey(Prescription, on_delete=models.CASCADE, related_name="reviews")
    decision = models.CharField(max_length=10, choices=ReviewDecision.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prescription_reviews",
    )
    reason = models.CharField(max_length=32, choices=RejectionReason.choices, blank=True)
    note = models.TextField(blank=True)
    valid_until = models.DateField(null=True, blank=True)
    # What the approval covered, as the pharmacist ticked it: [{"product"|"substance", "quantity"}].
    covered = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # Only a pending prescription is reviewed, so it is approved or rejected once.
            models.UniqueConstraint(
                fields=["prescription"],
                condition=Q(decision__in=["approved", "rejected"]),
                name="prescription_review_decided_once",
            ),
            models.UniqueConstraint(
                fields=["prescription"],
                condition=Q(decision="expired"),
                name="prescription_review_expired_once",
            ),
            models.CheckConstraint(
                name="prescription_review_has_reviewer",
                condition=Q(decision="expired") | Q(reviewer__isnull=False),
            ),
            models.CheckConstraint(
                name="prescription_review_rejection_has_reason",
                condition=~Q(decision="rejected") | ~Q(reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: prescription #{self.prescription_id}"
