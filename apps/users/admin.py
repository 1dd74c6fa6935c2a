from django.contrib import admin

from .models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("phone_number", "first_name", "last_name", "role", "is_verified", "is_active")
    list_filter = ("role", "is_verified", "is_active")
    search_fields = ("phone_number", "first_name", "last_name")
    readonly_fields = ("password", "last_login", "created_at", "updated_at", "verified_at")
    ordering = ("-created_at",)
