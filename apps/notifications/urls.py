from django.urls import path

from . import api

urlpatterns = [
    path("", api.NotificationListView.as_view(), name="notification-list"),
    path("<int:pk>/mark-read/", api.NotificationMarkReadView.as_view(), name="notification-read"),
    path("mark-all-read/", api.NotificationMarkAllReadView.as_view(), name="notification-read-all"),
    path("unread-count/", api.NotificationUnreadCountView.as_view(), name="notification-unread"),
    path("preferences/", api.PreferenceView.as_view(), name="notification-preferences"),
    path("admin/templates/", api.TemplateListView.as_view(), name="notification-template-list"),
    path(
        "admin/templates/<int:pk>/",
        api.TemplateDetailView.as_view(),
        name="notification-template-detail",
    ),
    path("admin/stats/", api.StatsView.as_view(), name="notification-stats"),
    path("admin/broadcasts/", api.BroadcastListView.as_view(), name="notification-broadcast-list"),
    path("sms/status/", api.SmsDeliveryReportView.as_view(), name="notification-sms-status"),
    path("dev/sms/", api.DevSmsOutboxView.as_view(), name="notification-dev-sms"),
]
