"""Saved delivery addresses. At most one default per user (also a partial unique constraint);
the first address becomes the default, and deleting the default promotes the newest other."""

from django.conf import settings
from django.db import transaction

from apps.core.errors import NotFound

from ..errors import AddressLimitReached
from ..models import Address, User

EDITABLE_FIELDS = frozenset(
    {
        "label",
        "region",
        "city",
        "street",
        "house",
        "apartment",
        "entrance",
        "floor",
        "landmark",
        "latitude",
        "longitude",
        "is_default",
    }
)


def _lock_alive(address: Address) -> Address:
    """Re-read the address under lock; one deleted since the caller read it is a 404."""
    locked = Address.objects.alive().select_for_update().filter(pk=address.pk).first()
    if locked is None:
        raise NotFound()
    return locked


def _lock_owner(user: User) -> None:
    """One user's address changes queue up, so defaults and the count stay consistent."""
    User.objects.select_for_update().filter(pk=user.pk).first()


@transaction.atomic
def address_create(*, user: User, data: dict) -> Address:
    """Save a new address for `user` (`data` keys from EDITABLE_FIELDS)."""
    _lock_owner(user)
    alive = Address.objects.alive().filter(user=user)
    if alive.count() >= settings.ADDRESS_MAX_PER_USER:
        raise AddressLimitReached(details={"limit": settings.ADDRESS_MAX_PER_USER})
    fields = {key: data[key] for key in EDITABLE_FIELDS & data.keys()}
    has_default = alive.filter(is_default=True).exists()
    if fields.get("is_default"):
        alive.filter(is_default=True).update(is_default=False)
    else:
        fields["is_default"] = not has_default
    address = Address(user=user, **fields)
    address.full_clean()
    address.save()
    return address


@transaction.atomic
def address_update(*, address: Address, data: dict) -> Address:
    """Change some fields of a live address; making it the default unsets the previous one."""
    _lock_owner(address.user)
    address = _lock_alive(address)
    fields = {key: data[key] for key in EDITABLE_FIELDS & data.keys()}
    if fields.get("is_default"):
        Address.objects.alive().filter(user_id=address.user_id, is_default=True).exclude(
            pk=address.pk
        ).update(is_default=False)
    for field, value in fields.items():
        setattr(address, field, value)
    address.full_clean()
    address.save()
    return address


@transaction.atomic
def address_delete(*, address: Address) -> None:
    """Soft-delete an address (orders may still refer to it)."""
    _lock_owner(address.user)
    address = _lock_alive(address)
    was_default = address.is_default
    address.is_default = False
    address.mark_deleted()
    address.save(update_fields=["is_default", "deleted_at", "updated_at"])
    if was_default:
        successor = (
            Address.objects.alive().filter(user_id=address.user_id).order_by("-created_at").first()
        )
        if successor is not None:
            successor.is_default = True
            successor.save(update_fields=["is_default", "updated_at"])
