"""Erasing what delivery holds about a person who deletes their account. Deliveries stay (they
belong to orders kept for accounting); what locates or shows the person goes."""

from django.db import transaction

from apps.core.images import private_storage

from ..models import Delivery, DeliveryLocationPing


def delivery_personal_data_erase(user) -> None:
    """Scrub the address, map pins and proof photos of the deliveries of `user`'s orders, and
    delete the location pings `user` sent as a courier. Runs inside the account deletion's
    transaction; photo files are removed only after it commits."""
    deliveries = Delivery.objects.filter(order__customer=user)
    photos = list(deliveries.exclude(proof_photo="").values_list("proof_photo", flat=True))
    DeliveryLocationPing.objects.filter(delivery__in=deliveries).delete()
    deliveries.update(
        address_text="",
        latitude=None,
        longitude=None,
        last_latitude=None,
        last_longitude=None,
        last_location_at=None,
        proof_photo="",
        proof_note="",
        failure_note="",
    )
    DeliveryLocationPing.objects.filter(courier=user).delete()
    storage = private_storage()
    for name in photos:
        transaction.on_commit(lambda name=name: storage.delete(name))
