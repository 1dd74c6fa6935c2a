"""Domain events of orders, sent only after the transaction that caused them commits.

`order_status_changed` is sent once per recorded transition (including creation, with an empty
`from_status`) with keyword arguments `order_id`, `order_number`, `from_status`, `to_status`
and `actor_id` (None for the system). Receivers in higher apps react to it: delivery creates a
Delivery when an order becomes READY_FOR_DELIVERY; payments starts a refund when an order paid
online becomes CANCELLED (`Order.is_paid_online`).

`order_items_removed` is sent once per `OrderItemRemoval` (staff took packs the pharmacy could
not supply off the order) with `order_id`, `order_number`, `removal_id`, `amount` (the Decimal
the order total went down by) and `actor_id`. Payments refunds that amount of a paid order, or
collects that much less cash; the removal row is the record, so a missed event is caught up by
payments' sweeper."""

from django.dispatch import Signal

order_status_changed = Signal()
order_items_removed = Signal()
