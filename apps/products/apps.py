from django.apps import AppConfig


class ProductsConfig(AppConfig):
    name = "apps.products"
    label = "products"

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        # Pillow's own decompression-bomb guard, lowered to our upload limit for every decoder
        # in the process (the upload services also treat its warning as an error).
        Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS
