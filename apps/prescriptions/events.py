"""Domain events of prescriptions, sent after commit. Receivers get `prescription_id` and
`owner_id`; the orders app releases or informs the orders waiting for them."""

from django.dispatch import Signal

prescription_approved = Signal()
prescription_rejected = Signal()
prescription_expired = Signal()
