# ruff: noqa: RUF001 -- Russian names of active substances.
"""A generated catalog for benchmarks and load tests: many thousands of products with Uzbek
Latin, Russian and English names, real active substances (some combinations), manufacturers,
and stock batches (some expired or close to expiry). Written with bulk inserts in chunks, one
transaction per chunk; the movement journal gets the receipt of every batch, so the generated
stock is as consistent as received stock."""

import random
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from ..cache import catalog_cache_invalidate
from ..demo import CATEGORIES, MANUFACTURERS, SUBSTANCES
from ..models import (
    ActiveSubstance,
    Category,
    DosageForm,
    Manufacturer,
    Product,
    ProductSubstance,
    StockBatch,
    StockMovement,
    StockMovementKind,
)
from ..search import build_search_document, fold

MORE_SUBSTANCES = [
    ("Atorvastatin", "Аторвастатин", "C10AA05"),
    ("Rosuvastatin", "Розувастатин", "C10AA07"),
    ("Bisoprolol", "Бисопролол", "C07AB07"),
    ("Lisinopril", "Лизиноприл", "C09AA03"),
    ("Losartan", "Лозартан", "C09CA01"),
    ("Valsartan", "Валсартан", "C09CA03"),
    ("Hydrochlorothiazide", "Гидрохлоротиазид", "C03AA03"),
    ("Indapamide", "Индапамид", "C03BA11"),
    ("Clopidogrel", "Клопидогрел", "B01AC04"),
    ("Warfarin", "Варфарин", "B01AA03"),
    ("Gliclazide", "Гликлазид", "A10BB09"),
    ("Glimepiride", "Глимепирид", "A10BB12"),
    ("Pantoprazole", "Пантопразол", "A02BC02"),
    ("Famotidine", "Фамотидин", "A02BA03"),
    ("Loperamide", "Лоперамид", "A07DA03"),
    ("Mebeverine", "Мебеверин", "A03AA04"),
    ("Ciprofloxacin", "Ципрофлоксацин", "J01MA02"),
    ("Levofloxacin", "Левофлоксацин", "J01MA12"),
    ("Ceftriaxone", "Цефтриаксон", "J01DD04"),
    ("Cefixime", "Цефиксим", "J01DD08"),
    ("Doxycycline", "Доксициклин", "J01AA02"),
    ("Clarithromycin", "Кларитромицин", "J01FA09"),
    ("Metronidazole", "Метронидазол", "P01AB01"),
    ("Fluconazole", "Флуконазол", "J02AC01"),
    ("Acyclovir", "Ацикловир", "J05AB01"),
    ("Nimesulide", "Нимесулид", "M01AX17"),
    ("Ketorolac", "Кеторолак", "M01AB15"),
    ("Meloxicam", "Мелоксикам", "M01AC06"),
    ("Dexamethasone", "Дексаметазон", "H02AB02"),
    ("Prednisolone", "Преднизолон", "H02AB06"),
    ("Salbutamol", "Сальбутамол", "R03AC02"),
    ("Acetylcysteine", "Ацетилцистеин", "R05CB01"),
    ("Xylometazoline", "Ксилометазолин", "R01AA07"),
    ("Chlorhexidine", "Хлоргексидин", "D08AC02"),
    ("Lidocaine", "Лидокаин", "N01BB02"),
    ("Chloropyramine", "Хлоропирамин", "R06AC03"),
    ("Desloratadine", "Дезлоратадин", "R06AX27"),
    ("Levothyroxine sodium", "Левотироксин натрия", "H03AA01"),
    ("Cholecalciferol", "Колекальциферол", "A11CC05"),
    ("Folic acid", "Фолиевая кислота", "B03BB01"),
    ("Ferrous sulfate", "Железа сульфат", "B03AA07"),
    ("Magnesium lactate", "Магния лактат", "A12CC06"),
    ("Pyridoxine", "Пиридоксин", "A11HA02"),
    ("Glycine", "Глицин", "N07XX"),
    ("Piracetam", "Пирацетам", "N06BX03"),
    ("Sertraline", "Сертралин", "N06AB06"),
    ("Tramadol", "Трамадол", "N02AX02"),
    ("Insulin glargine", "Инсулин гларгин", "A10AE04"),
]
COMBINATIONS = [
    ("Amoxicillin", "Clavulanic acid"),
    ("Paracetamol", "Caffeine"),
    ("Paracetamol", "Phenylephrine", "Ascorbic acid"),
    ("Losartan", "Hydrochlorothiazide"),
    ("Magnesium lactate", "Pyridoxine"),
    ("Enalapril", "Hydrochlorothiazide"),
]
STRENGTHS = ["5 mg", "10 mg", "20 mg", "40 mg", "100 mg", "250 mg", "500 mg", "850 mg", "1 g"]
FORMS = [
    DosageForm.TABLET,
    DosageForm.FILM_COATED_TABLET,
    DosageForm.CAPSULE,
    DosageForm.SYRUP,
    DosageForm.INJECTION,
    DosageForm.OINTMENT,
    DosageForm.DROPS,
    DosageForm.POWDER,
]
SYLLABLES = [
    "no",
    "va",
    "ri",
    "zol",
    "ter",
    "mak",
    "sin",
    "do",
    "fen",
    "lor",
    "ka",
    "tex",
    "mi",
    "ra",
    "vel",
    "pro",
    "den",
    "tal",
    "gin",
    "sa",
    "bor",
    "nel",
    "ti",
    "xan",
    "lu",
]
LATIN_TO_CYRILLIC = [
    ("sh", "ш"),
    ("ch", "ч"),
    ("ts", "ц"),
    ("ya", "я"),
    ("yu", "ю"),
    ("yo", "ё"),
    ("a", "а"),
    ("b", "б"),
    ("c", "ц"),
    ("d", "д"),
    ("e", "е"),
    ("f", "ф"),
    ("g", "г"),
    ("h", "х"),
    ("i", "и"),
    ("j", "ж"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("q", "к"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("v", "в"),
    ("w", "в"),
    ("x", "кс"),
    ("y", "й"),
    ("z", "з"),
]


def _cyrillic(latin: str) -> str:
    text = latin.lower()
    for source, target in LATIN_TO_CYRILLIC:
        text = text.replace(source, target)
    return text.capitalize()


def _uzbek(latin: str) -> str:
    """Uzbek Latin spelling of a Latin drug name (c is written ts or k, x is ks)."""
    return fold(latin).replace("c", "ts").capitalize() if latin else latin


def _ean13(number: int) -> str:
    # Prefix 20: GS1 restricted-circulation numbers, never a real product's barcode.
    body = f"20{number:010d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _reference() -> tuple[list[Category], list[Manufacturer], dict[str, ActiveSubstance]]:
    categories = []
    by_slug: dict[str, Category] = {}
    for position, (slug, parent, uz, ru, en, icon) in enumerate(CATEGORIES):
        by_slug[slug], _created = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "parent": by_slug.get(parent),
                "name_uz": uz,
                "name_ru": ru,
                "name_en": en,
                "icon": icon,
                "position": position,
            },
        )
        categories.append(by_slug[slug])
    makers = [
        Manufacturer.objects.get_or_create(name=name, defaults={"country": country})[0]
        for name, country in MANUFACTURERS.items()
    ]
    substances = {}
    rows = [(inn, uz, ru, atc) for inn, uz, ru, atc in SUBSTANCES] + [
        (inn, _uzbek(inn), ru, atc) for inn, ru, atc in MORE_SUBSTANCES
    ]
    for inn, uz, ru, atc in rows:
        substances[inn], _created = ActiveSubstance.objects.get_or_create(
            inn=inn, defaults={"name_uz": uz, "name_ru": ru, "atc_code": atc}
        )
    return categories, makers, substances


class _Generator:
    def __init__(self, *, seed: int):
        self.rng = random.Random(seed)  # noqa: S311 -- repeatable test data, not secrets
        self.categories, self.makers, self.substances = _reference()
        self.inns = list(self.substances)
        self.today = timezone.localdate()

    def composition(self) -> tuple[str, ...]:
        if self.rng.random() < 0.15:
            return self.rng.choice(COMBINATIONS)
        return (self.rng.choice(self.inns),)

    def names(self, inns: tuple[str, ...], maker: Manufacturer) -> tuple[str, str, str]:
        if len(inns) == 1 and self.rng.random() < 0.5:
            substance = self.substances[inns[0]]
            suffix = maker.name.split()[0].split("-")[0]
            return (
                f"{substance.name_uz}-{suffix}",
                f"{substance.name_ru}-{_cyrillic(suffix)}",
                f"{substance.inn} {suffix}",
            )
        brand = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3)))
        brand = brand.capitalize()
        if self.rng.random() < 0.2:
            brand += self.rng.choice([" Forte", " Plus", " Neo", " Extra"])
        return _uzbek(brand.split()[0]) + brand[len(brand.split()[0]) :], _cyrillic(brand), brand

    def product(self, number: int) -> tuple[Product, tuple[str, ...]]:
        inns = self.composition()
        maker = self.rng.choice(self.makers)
        name_uz, name_ru, name_en = self.names(inns, maker)
        strength = "" if len(inns) > 1 else self.rng.choice(STRENGTHS)
        product = Product(
            name_uz=name_uz,
            name_ru=name_ru,
            name_en=name_en,
            slug=f"{slugify(fold(name_en))[:200]}-{slugify(strength)}-g{number}".replace("--", "-"),
            barcode=_ean13(number),
            category=self.rng.choice(self.categories[1:]),
            manufacturer=maker,
            dosage_form=self.rng.choice(FORMS),
            strength=strength,
            pack_size=self.rng.choice([1, 10, 14, 20, 28, 30, 60]),
            requires_prescription=self.rng.random() < 0.3,
            price=Decimal(self.rng.randrange(1_000, 400_000, 100)),
            ikpu_code=f"0300{self.rng.randrange(10**13):013d}",
            package_code=str(self.rng.randrange(1_000_000, 9_999_999)),
            vat_percent=self.rng.choice([0, 12]),
            popularity=int(self.rng.paretovariate(1.2) * 10),
            low_stock_threshold=10,
            storage_conditions="25 °C dan yuqori bo'lmagan haroratda saqlansin.",
        )
        texts = [name_uz, name_ru, name_en, strength, maker.name]
        for inn in inns:
            substance = self.substances[inn]
            texts += [substance.inn, substance.name_uz, substance.name_ru]
        product.search_document = build_search_document(texts)
        return product, inns

    def batches(self, product: Product) -> list[StockBatch]:
        batches = []
        for index in range(self.rng.choice([0, 1, 1, 2, 2, 3])):
            roll = self.rng.random()
            days = (
                self.rng.randint(-60, -1)
                if roll < 0.05
                else self.rng.randint(1, 30)
                if roll < 0.10
                else self.rng.randint(31, 1000)
            )
            batches.append(
                StockBatch(
                    product=product,
                    lot_number=f"G{product.pk}-{index + 1}",
                    expiry_date=self.today + timedelta(days=days),
                    quantity=self.rng.randint(1, 200),
                    cost=(product.price * Decimal("0.7")).quantize(Decimal("0.01")),
                )
            )
        return batches


def catalog_generate(
    *, count: int, seed: int = 1, chunk_size: int = 2000, progress: Callable[[int], None]
) -> int:
    """Add `count` generated products (numbered after those generated before) with their
    substances, batches and receipt movements. `progress(n)` is called after each chunk."""
    generator = _Generator(seed=seed)
    first = Product.objects.filter(barcode__startswith="20").aggregate(last=Max("barcode"))["last"]
    start = int(first[2:12]) + 1 if first else 1
    for offset in range(0, count, chunk_size):
        numbers = range(start + offset, start + min(offset + chunk_size, count))
        with transaction.atomic():
            made = [generator.product(number) for number in numbers]
            products = Product.objects.bulk_create([product for product, _inns in made])
            ProductSubstance.objects.bulk_create(
                ProductSubstance(
                    product=product,
                    substance=generator.substances[inn],
                    amount=str(generator.rng.choice([5, 10, 50, 125, 250, 500])),
                    unit="mg",
                )
                for product, (_p, inns) in zip(products, made, strict=True)
                for inn in inns
            )
            batches = StockBatch.objects.bulk_create(
                [batch for product in products for batch in generator.batches(product)]
            )
            StockMovement.objects.bulk_create(
                StockMovement(
                    batch=batch,
                    kind=StockMovementKind.RECEIPT,
                    quantity_delta=batch.quantity,
                    quantity_after=batch.quantity,
                    reserved_after=0,
                    reason="Generated catalog",
                )
                for batch in batches
            )
        progress(len(numbers))
    catalog_cache_invalidate()
    return count
