from django.utils.translation import gettext_lazy as _

from apps.core.errors import NotFound, ValidationFailed


class InvalidPeriod(ValidationFailed):
    """`details` names the parameter at fault."""

    code = "invalid_period"
    default_message = _("The period is not valid: give `from` and `to` as dates or a preset.")


class UnknownTable(NotFound):
    code = "unknown_table"
    default_message = _("There is no such dashboard table.")
