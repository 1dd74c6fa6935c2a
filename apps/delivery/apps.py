from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "apps.delivery"
    label = "delivery"

    def ready(self) -> None:
        from apps.orders.pricing import register_delivery_quoter

        from . import handlers
        from .pricing import zone_delivery_fee

        handlers.connect()
        register_delivery_quoter(zone_delivery_fee)
