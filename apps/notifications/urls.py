from django.urls import path

from .api import gateway, inbox, staff

urlpatterns = [
    path("", inbox.NotificationListView.as_view(), name="notification-list"),
    path("<int:pk>/mark-read/", inbox.NotificationMarkReadView.as_view(), name="notification-read"),
    path(
        "mark-all-read/", inbox.NotificationMarkAllReadView.as_view(), name="notification-read-all"
    ),
    path("unread-count/", inbox.NotificationUnreadCountView.as_view(), name="notification-unread"),
    path("preferences/", inbox.PreferenceView.as_view(), name="notification-preferences"),
    path("admin/templates/", staff.TemplateListView.as_view(), name="notification-template-list"),
    path(
        "admin/templates/<int:pk>/",
        staff.TemplateDetailView.as_view(),
        name="notification-template-detail",
    ),
    path("admin/stats/", staff.StatsView.as_view(), name="notification-stats"),
    path(
        "admin/broadcasts/", staff.BroadcastListView.as_view(), name="notification-broadcast-list"
    ),
    path("sms/status/", gateway.SmsDeliveryReportView.as_view(), name="notification-sms-status"),
    path("dev/sms/", gateway.DevSmsOutboxView.as_view(), name="notification-dev-sms"),
]
