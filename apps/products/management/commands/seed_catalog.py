from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from apps.products.services.generate import catalog_generate


class Command(BaseCommand):
    help = (
        "Generate a realistic catalog (Latin and Cyrillic names, substances, batches) for "
        "benchmarks and load tests: `seed_catalog --products 100000`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, required=True, help="How many to add.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (repeatable data).")
        parser.add_argument("--chunk-size", type=int, default=2000)
        parser.add_argument(
            "--force", action="store_true", help="Allow running with DEBUG off (not in production!)"
        )

    def handle(self, *args, products: int, seed: int, chunk_size: int, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Generated data is only loaded with DEBUG on; pass --force.")
        if products < 1 or chunk_size < 1:
            raise CommandError("--products and --chunk-size must be positive.")
        with tqdm(total=products, unit="products", disable=options["verbosity"] == 0) as bar:
            catalog_generate(count=products, seed=seed, chunk_size=chunk_size, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"{products} products generated."))
