"""Roll-ups are read-only in admin: they are computed (beat, `dashboard_rebuild`), never typed."""

from django.contrib import admin

from .models import CourierPerformance, DailyStats, ProductPerformance, SystemHealthLog


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DailyStats)
class DailyStatsAdmin(ReadOnlyAdmin):
    list_display = ("day", "orders_total", "paid_orders", "revenue_total", "refunds", "is_final")
    list_filter = ("is_final", "day")
    search_fields = ("=day",)
    date_hierarchy = "day"


@admin.register(ProductPerformance)
class ProductPerformanceAdmin(ReadOnlyAdmin):
    list_display = ("day", "product", "units", "revenue", "returns")
    list_filter = ("day",)
    search_fields = ("product__name_uz", "product__name_ru", "product__barcode")
    list_select_related = ("product",)
    date_hierarchy = "day"


@admin.register(CourierPerformance)
class CourierPerformanceAdmin(ReadOnlyAdmin):
    list_display = ("day", "courier", "deliveries", "on_time", "failed", "cash_collected")
    list_filter = ("day",)
    search_fields = ("courier__phone_number", "courier__first_name", "courier__last_name")
    list_select_related = ("courier",)
    date_hierarchy = "day"


@admin.register(SystemHealthLog)
class SystemHealthLogAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "queue_length", "failed_notifications", "payment_errors")
    list_filter = ("created_at",)
    date_hierarchy = "created_at"
