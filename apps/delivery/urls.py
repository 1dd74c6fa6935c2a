from django.urls import path, re_path

from .api import courier, staff, tracking, zones

# Public order numbers (`DX-` and eight base32 characters), in either case.
ORDER_NUMBER = r"(?P<order_number>[Dd][Xx]-[0-9A-Za-z]{8})"

urlpatterns = [
    path("zones/", zones.ZoneListView.as_view(), name="delivery-zones"),
    path("pickup-points/", zones.PickupPointListView.as_view(), name="delivery-pickup-points"),
    path("quote/", zones.QuoteView.as_view(), name="delivery-quote"),
    path("assign-courier/", staff.AssignCourierView.as_view(), name="delivery-assign-courier"),
    path("queue/", staff.StaffDeliveryQueueView.as_view(), name="delivery-queue"),
    path("couriers/", staff.CouriersOnShiftView.as_view(), name="delivery-couriers"),
    path(
        "deliveries/<int:delivery_id>/proof-photo/",
        staff.ProofPhotoView.as_view(),
        name="delivery-proof-photo",
    ),
    path("courier/shift/", courier.CourierShiftView.as_view(), name="courier-shift"),
    path(
        "courier/deliveries/",
        courier.CourierDeliveryListView.as_view(),
        name="courier-delivery-list",
    ),
    path(
        "courier/deliveries/<int:delivery_id>/",
        courier.CourierDeliveryDetailView.as_view(),
        name="courier-delivery-detail",
    ),
    path(
        "courier/deliveries/<int:delivery_id>/status/",
        courier.CourierDeliveryStatusView.as_view(),
        name="courier-delivery-status",
    ),
    path(
        "courier/deliveries/<int:delivery_id>/location/",
        courier.CourierDeliveryLocationView.as_view(),
        name="courier-delivery-location",
    ),
    path(
        "courier/deliveries/<int:delivery_id>/confirm/",
        courier.CourierDeliveryConfirmView.as_view(),
        name="courier-delivery-confirm",
    ),
    path(
        "courier/deliveries/<int:delivery_id>/fail/",
        courier.CourierDeliveryFailView.as_view(),
        name="courier-delivery-fail",
    ),
    re_path(rf"^{ORDER_NUMBER}/track/$", tracking.TrackView.as_view(), name="delivery-track"),
]
