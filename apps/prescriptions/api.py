"""Prescriptions over HTTP: customers upload and follow their own; pharmacists (operators and
admins) work the review queue. Couriers never see prescriptions: object URLs answer 404 to them
as to other customers, collections 403."""

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.http import FileResponse, HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import JWTAuthentication

from apps.core.pagination import StandardPagination
from apps.core.permissions import IsCustomer, IsStaff
from apps.core.schema import errors

from . import selectors, services
from .errors import InvalidImageCount, UploadTooLarge
from .models import PrescriptionStatus, RejectionReason, ReviewDecision

MAX_ID = 2**63 - 1

# --- Output ---------------------------------------------------------------------------------------


class PrescriptionProductOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PrescriptionSubstanceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    inn = serializers.CharField()
    name = serializers.CharField()


class PrescriptionItemOutput(serializers.Serializer):
    id = serializers.IntegerField()
    product = PrescriptionProductOutput(allow_null=True)
    substance = PrescriptionSubstanceOutput(allow_null=True)
    quantity = serializers.IntegerField(help_text="Packs covered.")
    remaining = serializers.SerializerMethodField(help_text="Packs not yet claimed by orders.")

    def get_remaining(self, item) -> int:
        return item.quantity - item.used


class PrescriptionImageOutput(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.SerializerMethodField(
        help_text="Served only to the owner and pharmacists (Authorization header required)."
    )
    content_type = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    size = serializers.IntegerField()
    original_name = serializers.CharField()
    created_at = serializers.DateTimeField()

    def get_url(self, image) -> str:
        path = reverse(
            "prescriptions:image",
            kwargs={"prescription_id": image.prescription_id, "image_id": image.pk},
        )
        return self.context["request"].build_absolute_uri(path)


class PrescriptionOutput(serializers.Serializer):
    """What the owner sees."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=PrescriptionStatus.choices)
    doctor_name = serializers.CharField()
    clinic_name = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    e_prescription_number = serializers.CharField()
    customer_note = serializers.CharField()
    rejection_reason = serializers.ChoiceField(choices=RejectionReason.choices, allow_blank=True)
    rejection_reason_display = serializers.CharField(source="get_rejection_reason_display")
    rejection_note = serializers.CharField()
    created_at = serializers.DateTimeField()
    reviewed_at = serializers.DateTimeField(allow_null=True)
    images = PrescriptionImageOutput(many=True)
    items = PrescriptionItemOutput(many=True)


class PrescriptionUserOutput(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField(source="get_full_name")


class PrescriptionOwnerOutput(PrescriptionUserOutput):
    phone_number = serializers.CharField(allow_null=True)


class PrescriptionReviewOutput(serializers.Serializer):
    id = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=ReviewDecision.choices)
    reviewer = PrescriptionUserOutput(allow_null=True, help_text="Empty for the automatic expiry.")
    reason = serializers.ChoiceField(choices=RejectionReason.choices, allow_blank=True)
    note = serializers.CharField()
    valid_until = serializers.DateField(allow_null=True)
    covered = serializers.ListField(child=serializers.DictField())
    created_at = serializers.DateTimeField()


class StaffPrescriptionOutput(PrescriptionOutput):
    """What pharmacists see: the owner, their own note and the review history too."""

    owner = PrescriptionOwnerOutput()
    pharmacist_note = serializers.CharField()
    reviewed_by = PrescriptionUserOutput(allow_null=True)
    reviews = PrescriptionReviewOutput(many=True)


# Owners and pharmacists get different shapes of the same prescription.
PrescriptionResponse = PolymorphicProxySerializer(
    component_name="PrescriptionForRole",
    serializers=[PrescriptionOutput, StaffPrescriptionOutput],
    resource_type_field_name=None,
)
PrescriptionListResponse = PolymorphicProxySerializer(
    component_name="PrescriptionForRole",
    serializers=[PrescriptionOutput, StaffPrescriptionOutput],
    resource_type_field_name=None,
    many=True,
)


def _output(request, prescription_or_page, *, many: bool = False):
    output = StaffPrescriptionOutput if request.user.is_pharmacy_staff else PrescriptionOutput
    return output(prescription_or_page, many=many, context={"request": request}).data


# --- Upload and list ------------------------------------------------------------------------------


class PrescriptionUploadThrottle(UserRateThrottle):
    """Uploads per customer (`PRESCRIPTION_UPLOAD_RATE`); every attempt counts, rejected files
    too, since decoding them is the cost."""

    scope = "prescription_upload"

    def get_rate(self) -> str:
        return settings.PRESCRIPTION_UPLOAD_RATE


class PrescriptionUploadParser(MultiPartParser):
    """Refuses a body larger than five pages at the size limit before reading any of it, and
    answers too many files in the API's error format."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = parser_context["request"]
        limit = services.upload.MAX_IMAGES * settings.PRESCRIPTION_IMAGE_MAX_BYTES + 2**20
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            raise UploadTooLarge(details={"max_bytes": limit})
        try:
            return super().parse(stream, media_type, parser_context)
        except TooManyFilesSent as exc:
            raise InvalidImageCount() from exc


class PrescriptionListApi(APIView):
    pagination_class = StandardPagination
    parser_classes = [PrescriptionUploadParser]

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=PrescriptionStatus.choices, required=False)

    class InputSerializer(serializers.Serializer):
        images = serializers.ListField(
            child=serializers.FileField(allow_empty_file=False, use_url=False),
            help_text="One to five photos or scans (JPEG, PNG or WebP), one file per part.",
        )
        doctor_name = serializers.CharField(
            max_length=200, required=False, default="", allow_blank=True
        )
        clinic_name = serializers.CharField(
            max_length=200, required=False, default="", allow_blank=True
        )
        issued_on = serializers.DateField(required=False, allow_null=True, default=None)
        e_prescription_number = serializers.RegexField(
            r"^[A-Za-z0-9][A-Za-z0-9/-]{0,63}$", required=False, default="", allow_blank=True
        )
        customer_note = serializers.CharField(
            max_length=1000, required=False, default="", allow_blank=True
        )

        class Meta:
            ref_name = "PrescriptionUpload"

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsCustomer()]
        return [(IsCustomer | IsStaff)()]

    def get_throttles(self):
        if self.request.method == "POST":
            return [PrescriptionUploadThrottle()]
        return []

    @extend_schema(
        operation_id="prescriptions_list",
        summary="Own prescriptions; for pharmacists all of them (?status=pending: the queue)",
        parameters=[
            OpenApiParameter(
                "status",
                enum=PrescriptionStatus.values,
                description="`pending` is the review queue, oldest first; otherwise newest first.",
            ),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: PrescriptionListResponse, **errors(400, 401, 403, 404)},
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        prescriptions = selectors.prescription_list(user=request.user, **filters.validated_data)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(prescriptions, request, view=self)
        return paginator.get_paginated_response(_output(request, page, many=True))

    @extend_schema(
        operation_id="prescriptions_upload",
        summary="Upload a prescription (multipart, field `images` repeated 1-5 times)",
        request={"multipart/form-data": InputSerializer},
        responses={201: PrescriptionOutput, **errors(400, 401, 403, 409, 413, 429)},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        prescription = services.prescription_create(owner=request.user, **data.validated_data)
        prescription = selectors.prescription_get(
            user=request.user, prescription_id=prescription.pk
        )
        return Response(_output(request, prescription), status=status.HTTP_201_CREATED)


# --- One prescription -----------------------------------------------------------------------------


class PrescriptionDetailApi(APIView):
    @extend_schema(
        operation_id="prescriptions_retrieve",
        responses={200: PrescriptionResponse, **errors(401, 404)},
    )
    def get(self, request, prescription_id: int):
        prescription = selectors.prescription_get(
            user=request.user, prescription_id=prescription_id
        )
        return Response(_output(request, prescription))

    @extend_schema(
        operation_id="prescriptions_delete",
        summary="Delete an own prescription while it waits for review",
        responses={204: None, **errors(401, 403, 404, 409)},
    )
    def delete(self, request, prescription_id: int):
        prescription = selectors.prescription_get(
            user=request.user, prescription_id=prescription_id
        )
        services.prescription_delete(prescription=prescription, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PrescriptionApproveApi(APIView):
    permission_classes = [IsStaff]

    class InputSerializer(serializers.Serializer):
        class ItemInput(serializers.Serializer):
            product = serializers.IntegerField(
                min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None
            )
            substance = serializers.IntegerField(
                min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None
            )
            quantity = serializers.IntegerField(min_value=1, max_value=1000, help_text="Packs.")

            class Meta:
                ref_name = "PrescriptionCoveredItem"

        valid_until = serializers.DateField(help_text="Last day the prescription covers.")
        items = ItemInput(many=True, max_length=50)
        note = serializers.CharField(max_length=1000, required=False, default="", allow_blank=True)

        class Meta:
            ref_name = "PrescriptionApproval"

    @extend_schema(
        operation_id="prescriptions_approve",
        summary="Approve a pending prescription for the ticked products or substances",
        request=InputSerializer,
        responses={200: StaffPrescriptionOutput, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, prescription_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        prescription = services.prescription_approve(
            prescription=selectors.prescription_get(
                user=request.user, prescription_id=prescription_id
            ),
            reviewer=request.user,
            valid_until=data.validated_data["valid_until"],
            note=data.validated_data["note"],
            items=[
                services.CoveredItem(
                    product_id=item["product"],
                    substance_id=item["substance"],
                    quantity=item["quantity"],
                )
                for item in data.validated_data["items"]
            ],
        )
        return Response(_output(request, _reloaded(request, prescription)))


class PrescriptionRejectApi(APIView):
    permission_classes = [IsStaff]

    class InputSerializer(serializers.Serializer):
        reason = serializers.ChoiceField(choices=RejectionReason.choices)
        note = serializers.CharField(
            max_length=1000,
            required=False,
            default="",
            allow_blank=True,
            help_text="Shown to the customer; required when the reason is `other`.",
        )

        class Meta:
            ref_name = "PrescriptionRejection"

    @extend_schema(
        operation_id="prescriptions_reject",
        summary="Reject a pending prescription with a reason",
        request=InputSerializer,
        responses={200: StaffPrescriptionOutput, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request, prescription_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        prescription = services.prescription_reject(
            prescription=selectors.prescription_get(
                user=request.user, prescription_id=prescription_id
            ),
            reviewer=request.user,
            **data.validated_data,
        )
        return Response(_output(request, _reloaded(request, prescription)))


def _reloaded(request, prescription):
    return selectors.prescription_get(user=request.user, prescription_id=prescription.pk)


# --- Image files ----------------------------------------------------------------------------------


class AnyAcceptNegotiation(BaseContentNegotiation):
    """An <img> tag accepts images, not JSON: the file is the answer whatever Accept says, and
    errors are rendered as JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class PrescriptionImageApi(APIView):
    """One page of a prescription, for its owner and pharmacists only. Session auth is
    accepted too, so the image viewer in Django admin works for logged-in staff."""

    authentication_classes = [JWTAuthentication, SessionAuthentication]
    content_negotiation_class = AnyAcceptNegotiation

    @extend_schema(
        operation_id="prescriptions_image",
        summary="A page of a prescription (owner and pharmacists only)",
        responses={
            (200, "image/jpeg"): OpenApiTypes.BINARY,
            (200, "image/png"): OpenApiTypes.BINARY,
            (200, "image/webp"): OpenApiTypes.BINARY,
            **errors(401, 404),
        },
    )
    def get(self, request, prescription_id: int, image_id: int):
        image = selectors.prescription_image_get(
            user=request.user, prescription_id=prescription_id, image_id=image_id
        )
        return private_image_response(image)


def private_image_response(image) -> HttpResponse:
    """nginx sends the file when PRIVATE_MEDIA_ACCEL_PREFIX names its internal location;
    otherwise Django streams it. Never cached by shared caches, never sniffed."""
    extension = image.file.name.rsplit(".", 1)[-1]
    filename = f"prescription-{image.prescription_id}-page-{image.pk}.{extension}"
    prefix = settings.PRIVATE_MEDIA_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(b"", content_type=image.content_type)
        response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{image.file.name}"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    else:
        response = FileResponse(
            image.file.storage.open(image.file.name, "rb"),
            content_type=image.content_type,
            filename=filename,
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
