"""Message texts per type and language. Admins' templates (`NotificationTemplate`) override the
built-in defaults below, which stay the fallback. Placeholders are `{name}`: plain names only,
checked on save, so no template can reach attributes or items of what it is given."""

import logging
import string
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import NotificationTemplate, NotificationType

logger = logging.getLogger(__name__)

T = NotificationType

DEFAULT_TEXTS = {
    T.OTP: _("Dorixona: your confirmation code is {code}. Do not share it."),
    T.REGISTER_ATTEMPT: _(
        "Dorixona: someone tried to register with your number. If it was you, log in or "
        "reset your password."
    ),
    T.ORDER_CREATED: _("Dorixona: order {order_number} received."),
    T.ORDER_PAID: _("Dorixona: order {order_number} is paid."),
    T.ORDER_READY: _("Dorixona: order {order_number} is ready."),
    T.ORDER_ON_THE_WAY: _("Dorixona: order {order_number} is on the way."),
    T.ORDER_DELIVERED: _("Dorixona: order {order_number} is delivered."),
    T.ORDER_CANCELLED: _("Dorixona: order {order_number} is cancelled."),
    T.ORDER_CHANGED: _(
        "Dorixona: {quantity} x {product} could not be supplied and was removed from order "
        "{order_number}. New total: {total} so'm."
    ),
    T.REFUND_DONE: _("Dorixona: {amount} so'm refunded for order {order_number}."),
    T.DELIVERY_HANDOVER_CODE: _(
        "Dorixona: give the courier code {code} to receive order {order_number}."
    ),
    T.PRESCRIPTION_APPROVED: _("Dorixona: your prescription is approved."),
    T.PRESCRIPTION_REJECTED: _("Dorixona: your prescription was rejected: {reason}"),
    T.LOW_STOCK: _("Low stock: {product} ({quantity} left)."),
    T.NEAR_EXPIRY: _("Near expiry: {product}, lot {lot}, expires {expiry_date}."),
    T.ANNOUNCEMENT: "{message}",
    T.MARKETING: "{message}",
    T.SMS_BUDGET_EXCEEDED: _(
        "The daily SMS budget of {budget} so'm is used up ({spent} so'm on {date}). Only "
        "one-time codes are sent by SMS until the end of the day."
    ),
}

DEFAULT_TITLES = {
    T.OTP: _("Confirmation code"),
    T.REGISTER_ATTEMPT: _("Registration attempt"),
    T.ORDER_CREATED: _("Order {order_number} received"),
    T.ORDER_PAID: _("Order {order_number} paid"),
    T.ORDER_READY: _("Order {order_number} ready"),
    T.ORDER_ON_THE_WAY: _("Order {order_number} on the way"),
    T.ORDER_DELIVERED: _("Order {order_number} delivered"),
    T.ORDER_CANCELLED: _("Order {order_number} cancelled"),
    T.ORDER_CHANGED: _("Order {order_number} changed"),
    T.REFUND_DONE: _("Refund for order {order_number}"),
    T.DELIVERY_HANDOVER_CODE: _("Code for the courier"),
    T.PRESCRIPTION_APPROVED: _("Prescription approved"),
    T.PRESCRIPTION_REJECTED: _("Prescription rejected"),
    T.LOW_STOCK: _("Low stock"),
    T.NEAR_EXPIRY: _("Near expiry"),
    T.ANNOUNCEMENT: "{title}",
    T.MARKETING: "{title}",
    T.SMS_BUDGET_EXCEEDED: _("SMS budget exceeded"),
}


class TemplateFormatError(ValueError):
    pass


class _PlainNamesFormatter(string.Formatter):
    """`str.format` restricted to `{name}`: no attribute or index access, no conversions or
    format specs, so a template cannot read anything but the values it is handed."""

    def get_field(self, field_name, args, kwargs):
        if not field_name.isidentifier():
            raise TemplateFormatError(f"placeholder {{{field_name}}} is not a plain name")
        return kwargs[field_name], field_name

    def convert_field(self, value, conversion):
        if conversion:
            raise TemplateFormatError("conversions are not allowed in placeholders")
        return value

    def format_field(self, value, format_spec):
        if format_spec:
            raise TemplateFormatError("format specifications are not allowed in placeholders")
        return str(value)


_formatter = _PlainNamesFormatter()


def placeholders(text: str) -> list[str]:
    """The placeholder names in `text`, in order; raises TemplateFormatError when malformed."""
    names = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise TemplateFormatError("unbalanced braces: write {{ or }} for a literal brace") from exc
    for _literal, field_name, format_spec, conversion in parsed:
        if field_name is None:
            continue
        if not field_name.isidentifier():
            raise TemplateFormatError(f"placeholder {{{field_name}}} is not a plain name")
        if format_spec or conversion:
            raise TemplateFormatError(f"placeholder {{{field_name}}} must be a plain name")
        names.append(field_name)
    return names


@cache
def template_variables(type: str) -> tuple[frozenset[str], frozenset[str]]:
    """(required, allowed) placeholders for `type`: the body must use every variable of the
    default text (an OTP without its code is broken); titles may use any allowed one."""
    with translation.override("en"):
        required = frozenset(placeholders(str(DEFAULT_TEXTS[type])))
        allowed = required | frozenset(placeholders(str(DEFAULT_TITLES[type])))
    return required, allowed


def template_errors(*, type: str, title: str, body: str) -> dict[str, list[str]]:
    """Field -> problems with an admin's template; empty when it can be saved."""
    if type not in DEFAULT_TEXTS:
        return {"type": [str(_("Unknown notification type."))]}
    required, allowed = template_variables(type)
    errors: dict[str, list[str]] = {}
    for field, text, needed in (("title", title, frozenset()), ("body", body, required)):
        try:
            used = set(placeholders(text))
        except TemplateFormatError as exc:
            errors[field] = [str(exc)]
            continue
        problems = [
            str(_("Unknown placeholder {{{name}}}.")).format(name=name)
            for name in sorted(used - allowed)
        ] + [
            str(_("Missing placeholder {{{name}}}.")).format(name=name)
            for name in sorted(needed - used)
        ]
        if problems:
            errors[field] = problems
    if not body.strip():
        errors.setdefault("body", []).append(str(_("The text cannot be empty.")))
    return errors


@dataclass(frozen=True)
class RenderedMessage:
    title: str
    body: str


def _supported(language: str | None) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def render_message(*, type: str, language: str | None, context: dict) -> RenderedMessage:
    """Title and text of a message in `language`: the admin's active template when there is
    one, the built-in default otherwise. A context missing a required value is a caller bug and
    raises KeyError."""
    language = _supported(language)
    template = (
        NotificationTemplate.objects.filter(type=type, language=language, is_active=True)
        .only("title", "body")
        .first()
    )
    with translation.override(language):
        default_title = _formatter.format(str(DEFAULT_TITLES[type]), **context)
        default_body = _formatter.format(str(DEFAULT_TEXTS[type]), **context)
    if template is None:
        return RenderedMessage(title=default_title[:200], body=default_body)
    try:
        title = _formatter.format(template.title, **context) if template.title else default_title
        body = _formatter.format(template.body, **context)
    except (TemplateFormatError, KeyError):
        # Only reachable for a row written around the validation (raw SQL); never fail a send.
        logger.warning("template %s/%s does not render; default used", type, language)
        return RenderedMessage(title=default_title[:200], body=default_body)
    return RenderedMessage(title=title[:200], body=body)


def render_text(*, type: str, language: str, context: dict) -> str:
    """Just the text (what an SMS carries)."""
    return render_message(type=type, language=language, context=context).body
