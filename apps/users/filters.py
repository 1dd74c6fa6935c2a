import django_filters
from django.db.models import Q

from apps.core.roles import Role

from .models import User


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Phone number or name contains")
    role = django_filters.ChoiceFilter(choices=Role.choices)
    is_active = django_filters.BooleanFilter()
    is_verified = django_filters.BooleanFilter()
    is_deleted = django_filters.BooleanFilter(
        field_name="deleted_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = User
        fields = ["role", "is_active", "is_verified"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(phone_number__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
        )
