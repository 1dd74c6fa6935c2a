from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "apps.orders"
    label = "orders"

    def ready(self) -> None:
        from apps.users.privacy import register_export_section

        from . import handlers
        from .selectors import orders_for_export

        handlers.connect()
        register_export_section("orders", orders_for_export)
