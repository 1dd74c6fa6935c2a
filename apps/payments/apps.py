from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "apps.payments"
    label = "payments"

    def ready(self) -> None:
        from apps.orders.payment_links import register_payment_link_builder

        from . import checks, handlers
        from .links import order_payment_link

        handlers.connect()
        checks.register()
        register_payment_link_builder(order_payment_link)
