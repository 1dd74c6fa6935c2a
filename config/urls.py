from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from apps.core import views as core_views
from apps.core.sitemaps import StorefrontSitemap
from apps.products.sitemaps import ProductSitemap

SITEMAPS = {"pages": StorefrontSitemap, "products": ProductSitemap}

api_v1 = [
    path("", core_views.ApiRootView.as_view(), name="api-root"),
    path("users/", include("apps.users.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("products/", include("apps.products.urls")),
    path("prescriptions/", include("apps.prescriptions.urls")),
    path("orders/", include("apps.orders.urls")),
    path("payments/", include("apps.payments.urls")),
    path("delivery/", include("apps.delivery.urls")),
    path("dashboard/", include("apps.dashboard.urls")),
]

urlpatterns = [
    path("health/", core_views.HealthView.as_view(), name="health"),
    path("health/detailed/", core_views.HealthDetailedView.as_view(), name="health-detailed"),
    path("metrics", core_views.metrics_view, name="metrics"),
    path(
        "admin/private-media/<path:path>",
        admin.site.admin_view(core_views.private_media),
        name="private-media",
    ),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("admin/", admin.site.urls),
    path("robots.txt", core_views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # Any other unknown /api/ path answers in the API's error format, never with the SPA.
    re_path(r"^api/", core_views.api_not_found),
    # Everything else is a client-side route of the SPA.
    re_path(r"^(?!static/|media/).*$", core_views.spa_index, name="spa"),
]

if settings.SERVE_MEDIA:
    # The embedded shop serves public media itself; in production nginx does.
    urlpatterns.insert(
        0,
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    )

handler404 = "apps.core.views.not_found"
handler500 = "apps.core.views.server_error"
