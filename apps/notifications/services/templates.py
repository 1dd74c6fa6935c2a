"""Admins' wording per type and language. Every write validates the placeholders first, so a
broken template never reaches a customer."""

from django.core.exceptions import ValidationError
from django.db import transaction

from ..errors import TemplateExists, TemplateInvalid
from ..models import NotificationTemplate

EDITABLE_FIELDS = ("type", "language", "title", "body", "is_active")


def _save(template: NotificationTemplate) -> NotificationTemplate:
    try:
        template.full_clean(exclude=["updated_by"], validate_constraints=False)
    except ValidationError as exc:
        raise TemplateInvalid(details=exc.message_dict) from exc
    clash = NotificationTemplate.objects.filter(type=template.type, language=template.language)
    if clash.exclude(pk=template.pk).exists():
        raise TemplateExists(details={"type": template.type, "language": template.language})
    template.save()
    return template


@transaction.atomic
def template_create(
    *, actor, type: str, language: str, title: str, body: str, is_active: bool = True
) -> NotificationTemplate:
    """Add a template for a type and language that has none yet."""
    template = NotificationTemplate(
        type=type,
        language=language,
        title=title,
        body=body,
        is_active=is_active,
        updated_by=actor,
    )
    return _save(template)


@transaction.atomic
def template_update(*, actor, template: NotificationTemplate, **changes) -> NotificationTemplate:
    """Change a template; `changes` may hold any of EDITABLE_FIELDS."""
    template = NotificationTemplate.objects.select_for_update().get(pk=template.pk)
    for field in EDITABLE_FIELDS:
        if field in changes:
            setattr(template, field, changes[field])
    template.updated_by = actor
    return _save(template)


def template_delete(*, template: NotificationTemplate) -> None:
    """Remove a template; the built-in default text applies again."""
    template.delete()
