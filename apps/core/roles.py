from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    OPERATOR = "operator", _("Operator (pharmacist)")
    COURIER = "courier", _("Courier")
    ADMIN = "admin", _("Administrator")


STAFF_ROLES = frozenset({Role.OPERATOR, Role.ADMIN})
