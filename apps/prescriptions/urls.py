from django.urls import path, register_converter

from . import api


class RowIdConverter:
    """A positive id that fits a 64-bit column (at most 18 digits): a longer number is a 404
    from the router instead of an overflow in the database driver."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowIdConverter, "rx_id")

app_name = "prescriptions"

urlpatterns = [
    path("", api.PrescriptionListApi.as_view(), name="list"),
    path("<rx_id:prescription_id>/", api.PrescriptionDetailApi.as_view(), name="detail"),
    path("<rx_id:prescription_id>/approve/", api.PrescriptionApproveApi.as_view(), name="approve"),
    path("<rx_id:prescription_id>/reject/", api.PrescriptionRejectApi.as_view(), name="reject"),
    path(
        "<rx_id:prescription_id>/images/<rx_id:image_id>/",
        api.PrescriptionImageApi.as_view(),
        name="image",
    ),
]
