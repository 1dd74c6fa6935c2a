from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.throttling import UserRateThrottle

from apps.core.permissions import IsStaff


class ReadOnlyOrStaff(BasePermission):
    """Anyone may read the catalog; only operators and admins change it."""

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or IsStaff().has_permission(request, view)


class CatalogWriteThrottle(UserRateThrottle):
    """Per-user limit on catalog writes (uploads, stock changes); reads are not counted."""

    scope = "catalog_write"

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)
