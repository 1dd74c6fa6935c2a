from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "apps.delivery"
    label = "delivery"

    def ready(self) -> None:
        from apps.orders.pricing import register_delivery_quoter
        from apps.orders.services import register_line_removal_check
        from apps.payments.hooks import register_cash_collector_check
        from apps.users.privacy import register_erasure_step, register_export_section

        from . import handlers
        from .pricing import zone_delivery_fee
        from .selectors import courier_is_assigned, delivery_data_export, order_still_at_pharmacy
        from .services import delivery_personal_data_erase

        handlers.connect()
        register_delivery_quoter(zone_delivery_fee)
        # A courier who picked the bag up holds the goods before the order is on its way.
        register_line_removal_check(order_still_at_pharmacy)
        register_export_section("deliveries", delivery_data_export)
        register_erasure_step("deliveries", delivery_personal_data_erase)
        # Payments (a sibling app) asks through its hook whether a courier may take an order's
        # cash: only the courier the delivery was given to.
        register_cash_collector_check(
            lambda *, order, user: courier_is_assigned(courier=user, order=order)
        )
