from django.urls import path

from . import api

urlpatterns = [
    path("admin/", api.AdminDashboardView.as_view(), name="dashboard-admin"),
    path(
        "admin/export/<str:table>.csv",
        api.AdminExportView.as_view(),
        name="dashboard-admin-export",
    ),
    path("operator/", api.OperatorDashboardView.as_view(), name="dashboard-operator"),
    path("courier/", api.CourierDashboardView.as_view(), name="dashboard-courier"),
    path("customer/", api.CustomerDashboardView.as_view(), name="dashboard-customer"),
]
