"""Role permissions. The role is read from the user row loaded for this request (never from
token claims), so a role change or deactivation takes effect on the next request."""

from rest_framework.permissions import BasePermission

from apps.core.roles import Role


class _RolePermission(BasePermission):
    roles: frozenset[str] = frozenset()

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role in self.roles)


class IsCustomer(_RolePermission):
    roles = frozenset({Role.CUSTOMER})


class IsCourier(_RolePermission):
    roles = frozenset({Role.COURIER})


class IsOperator(_RolePermission):
    roles = frozenset({Role.OPERATOR})


class IsAdmin(_RolePermission):
    roles = frozenset({Role.ADMIN})


class IsStaff(_RolePermission):
    """Pharmacy staff: operators (pharmacists) and admins."""

    roles = frozenset({Role.OPERATOR, Role.ADMIN})
