"""Reads of prescriptions. Visibility is decided here, once: customers see their own,
pharmacists (operators and admins) see all, anyone else (couriers) sees none."""

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from apps.core.errors import NotFound
from apps.users.models import User

from .models import (
    Prescription,
    PrescriptionImage,
    PrescriptionItem,
    PrescriptionReview,
    PrescriptionStatus,
)


def prescriptions_visible_to(user: User) -> QuerySet[Prescription]:
    if user.is_pharmacy_staff:
        return Prescription.objects.all()
    if user.is_customer:
        return Prescription.objects.filter(owner=user)
    return Prescription.objects.none()


def _with_details(queryset: QuerySet[Prescription]) -> QuerySet[Prescription]:
    """Everything the API and admin show, in a fixed number of queries: items carry `used`,
    the packs claimed by orders and not released."""
    items = PrescriptionItem.objects.select_related("product", "substance").annotate(
        used=Coalesce(Sum("usages__quantity", filter=Q(usages__released_at__isnull=True)), 0)
    )
    return queryset.select_related("owner", "reviewed_by").prefetch_related(
        Prefetch("images", queryset=PrescriptionImage.objects.order_by("pk")),
        Prefetch("items", queryset=items.order_by("pk")),
        Prefetch("reviews", queryset=PrescriptionReview.objects.select_related("reviewer")),
    )


def prescription_list(*, user: User, status: str | None = None) -> QuerySet[Prescription]:
    """The prescriptions `user` may see. Filtered by PENDING it is the review queue: oldest
    first; otherwise newest first."""
    prescriptions = _with_details(prescriptions_visible_to(user))
    if status:
        prescriptions = prescriptions.filter(status=status)
    if status == PrescriptionStatus.PENDING:
        return prescriptions.order_by("created_at", "pk")
    return prescriptions.order_by("-created_at", "-pk")


def prescription_get(*, user: User, prescription_id: int) -> Prescription:
    """One prescription `user` may see, or NotFound (whether it exists or not)."""
    prescription = _with_details(prescriptions_visible_to(user)).filter(pk=prescription_id).first()
    if prescription is None:
        raise NotFound()
    return prescription


def prescription_image_get(*, user: User, prescription_id: int, image_id: int) -> PrescriptionImage:
    """One page of a prescription `user` may see, or NotFound."""
    image = PrescriptionImage.objects.filter(
        pk=image_id,
        prescription_id=prescription_id,
        prescription__in=prescriptions_visible_to(user),
    ).first()
    if image is None:
        raise NotFound()
    return image


def prescriptions_for_export(user: User) -> list[dict]:
    """The user's prescriptions for a data export (privacy rights): metadata only, JSON-ready.
    Image files are not included, only what they are; pharmacists' identities are not shown."""
    return [
        {
            "id": prescription.pk,
            "status": prescription.status,
            "created_at": prescription.created_at.isoformat(),
            "doctor_name": prescription.doctor_name,
            "clinic_name": prescription.clinic_name,
            "issued_on": _iso(prescription.issued_on),
            "valid_until": _iso(prescription.valid_until),
            "e_prescription_number": prescription.e_prescription_number,
            "customer_note": prescription.customer_note,
            "reviewed_at": _iso(prescription.reviewed_at),
            "rejection_reason": prescription.rejection_reason,
            "rejection_note": prescription.rejection_note,
            "images": [
                {
                    "original_name": image.original_name,
                    "content_type": image.content_type,
                    "width": image.width,
                    "height": image.height,
                    "size": image.size,
                    "uploaded_at": image.created_at.isoformat(),
                }
                for image in prescription.images.all()
            ],
            "covered_items": [
                {
                    "product": item.product.name if item.product else None,
                    "substance": item.substance.inn if item.substance else None,
                    "quantity": item.quantity,
                    "used": item.used,
                }
                for item in prescription.items.all()
            ],
        }
        for prescription in _with_details(Prescription.objects.filter(owner=user)).order_by("pk")
    ]


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None
