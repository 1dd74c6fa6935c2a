# ruff: noqa: RUF001 -- Uzbek and Russian names are the point of the demo catalog.
"""A small, realistic demo catalog: common generic medicines sold in Uzbek pharmacies, with
Uzbek Latin, Russian and English names, active substances (including combination drugs), Rx
and OTC, and stock batches (one of them too close to expiry to sell). Idempotent.

Barcodes are valid EAN-13 numbers under Uzbekistan's GS1 prefix 478 and IKPU codes have the
right shape, but both are illustrative: real ones come from the supplier and the tax registry."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from .models import ActiveSubstance, Category, Manufacturer, Product, StockBatch
from .services import stock_receive
from .services.catalog import product_create

CATEGORIES = [
    # slug, parent slug, uz, ru, en, icon
    ("medicines", None, "Dori vositalari", "Лекарства", "Medicines", "pill"),
    ("pain-fever", "medicines", "Og'riq va isitma", "Боль и жар", "Pain and fever", "thermometer"),
    ("cold-flu", "medicines", "Shamollash va gripp", "Простуда и грипп", "Cold and flu", "virus"),
    ("antibiotics", "medicines", "Antibiotiklar", "Антибиотики", "Antibiotics", "capsule"),
    (
        "heart",
        "medicines",
        "Yurak va qon bosimi",
        "Сердце и давление",
        "Heart and blood pressure",
        "heart",
    ),
    ("digestion", "medicines", "Oshqozon-ichak", "Пищеварение", "Digestion", "stomach"),
    ("allergy", "medicines", "Allergiya", "Аллергия", "Allergy", "flower"),
    ("diabetes", "medicines", "Diabet", "Диабет", "Diabetes", "droplet"),
    ("vitamins", None, "Vitaminlar", "Витамины", "Vitamins", "leaf"),
]

MANUFACTURERS = {
    "Nika Pharm": "Uzbekistan",
    "Remedy Group": "Uzbekistan",
    "GSK": "United Kingdom",
    "Sandoz": "Slovenia",
    "Teva": "Croatia",
    "Sanofi": "Hungary",
    "Berlin-Chemie": "Germany",
    "KRKA": "Slovenia",
    "Bayer": "Germany",
    "Reckitt": "United Kingdom",
    "Pharmstandard": "Russia",
    "Ipsen": "France",
    "Orion": "Finland",
    "UCB": "Switzerland",
}

SUBSTANCES = [
    # INN, uz, ru, ATC
    ("Paracetamol", "Paratsetamol", "Парацетамол", "N02BE01"),
    ("Ibuprofen", "Ibuprofen", "Ибупрофен", "M01AE01"),
    ("Metamizole sodium", "Metamizol natriy", "Метамизол натрия", "N02BB02"),
    ("Acetylsalicylic acid", "Atsetilsalitsil kislotasi", "Ацетилсалициловая кислота", "N02BA01"),
    ("Caffeine", "Kofein", "Кофеин", "N06BC01"),
    ("Phenylephrine", "Fenilefrin", "Фенилэфрин", "R01BA03"),
    ("Ascorbic acid", "Askorbin kislotasi", "Аскорбиновая кислота", "A11GA01"),
    ("Amoxicillin", "Amoksitsillin", "Амоксициллин", "J01CA04"),
    ("Clavulanic acid", "Klavulan kislotasi", "Клавулановая кислота", "J01CR02"),
    ("Azithromycin", "Azitromitsin", "Азитромицин", "J01FA10"),
    ("Omeprazole", "Omeprazol", "Омепразол", "A02BC01"),
    ("Drotaverine", "Drotaverin", "Дротаверин", "A03AD02"),
    ("Metformin", "Metformin", "Метформин", "A10BA02"),
    ("Amlodipine", "Amlodipin", "Амлодипин", "C08CA01"),
    ("Enalapril", "Enalapril", "Эналаприл", "C09AA02"),
    ("Loratadine", "Loratadin", "Лоратадин", "R06AX13"),
    ("Cetirizine", "Setirizin", "Цетиризин", "R06AE07"),
    ("Diclofenac", "Diklofenak", "Диклофенак", "M02AA15"),
    ("Ambroxol", "Ambroksol", "Амброксол", "R05CB06"),
    ("Diosmectite", "Diosmektit", "Диосмектит", "A07BC05"),
]

# barcode seq, uz, ru, en, category, maker, form, strength, pack, Rx, price, composition
PRODUCTS = [
    (
        1,
        "Paratsetamol",
        "Парацетамол",
        "Paracetamol",
        "pain-fever",
        "Nika Pharm",
        "tablet",
        "500 mg",
        10,
        False,
        "2500",
        [("Paracetamol", "500", "mg")],
    ),
    (
        2,
        "Panadol",
        "Панадол",
        "Panadol",
        "pain-fever",
        "GSK",
        "film_coated_tablet",
        "500 mg",
        12,
        False,
        "18500",
        [("Paracetamol", "500", "mg")],
    ),
    (
        3,
        "Nurofen",
        "Нурофен",
        "Nurofen",
        "pain-fever",
        "Reckitt",
        "film_coated_tablet",
        "200 mg",
        10,
        False,
        "24000",
        [("Ibuprofen", "200", "mg")],
    ),
    (
        4,
        "Analgin",
        "Анальгин",
        "Analgin",
        "pain-fever",
        "Remedy Group",
        "tablet",
        "500 mg",
        10,
        False,
        "3200",
        [("Metamizole sodium", "500", "mg")],
    ),
    (
        5,
        "Sitramon P",
        "Цитрамон П",
        "Citramon P",
        "pain-fever",
        "Pharmstandard",
        "tablet",
        "",
        10,
        False,
        "4500",
        [
            ("Acetylsalicylic acid", "240", "mg"),
            ("Paracetamol", "180", "mg"),
            ("Caffeine", "30", "mg"),
        ],
    ),
    (
        6,
        "Koldreks Xotrem",
        "Колдрекс Хотрем",
        "Coldrex HotRem",
        "cold-flu",
        "GSK",
        "powder",
        "",
        5,
        False,
        "42000",
        [
            ("Paracetamol", "750", "mg"),
            ("Phenylephrine", "10", "mg"),
            ("Ascorbic acid", "60", "mg"),
        ],
    ),
    (
        7,
        "Teraflyu",
        "Терафлю",
        "Theraflu",
        "cold-flu",
        "GSK",
        "powder",
        "",
        10,
        False,
        "56000",
        [
            ("Paracetamol", "650", "mg"),
            ("Phenylephrine", "10", "mg"),
            ("Ascorbic acid", "50", "mg"),
        ],
    ),
    (
        8,
        "Augmentin",
        "Аугментин",
        "Augmentin",
        "antibiotics",
        "GSK",
        "film_coated_tablet",
        "875/125 mg",
        14,
        True,
        "96000",
        [("Amoxicillin", "875", "mg"), ("Clavulanic acid", "125", "mg")],
    ),
    (
        9,
        "Amoksiklav",
        "Амоксиклав",
        "Amoxiclav",
        "antibiotics",
        "Sandoz",
        "film_coated_tablet",
        "875/125 mg",
        14,
        True,
        "78000",
        [("Amoxicillin", "875", "mg"), ("Clavulanic acid", "125", "mg")],
    ),
    (
        10,
        "Amoksitsillin",
        "Амоксициллин",
        "Amoxicillin",
        "antibiotics",
        "Nika Pharm",
        "capsule",
        "500 mg",
        16,
        True,
        "12000",
        [("Amoxicillin", "500", "mg")],
    ),
    (
        11,
        "Sumamed",
        "Сумамед",
        "Sumamed",
        "antibiotics",
        "Teva",
        "film_coated_tablet",
        "500 mg",
        3,
        True,
        "89000",
        [("Azithromycin", "500", "mg")],
    ),
    (
        12,
        "Omeprazol",
        "Омепразол",
        "Omeprazole",
        "digestion",
        "Remedy Group",
        "capsule",
        "20 mg",
        30,
        False,
        "9800",
        [("Omeprazole", "20", "mg")],
    ),
    (
        13,
        "No-shpa",
        "Но-шпа",
        "No-Spa",
        "digestion",
        "Sanofi",
        "tablet",
        "40 mg",
        24,
        False,
        "27000",
        [("Drotaverine", "40", "mg")],
    ),
    (
        14,
        "Smekta",
        "Смекта",
        "Smecta",
        "digestion",
        "Ipsen",
        "powder",
        "3 g",
        10,
        False,
        "38000",
        [("Diosmectite", "3", "g")],
    ),
    (
        15,
        "Siofor",
        "Сиофор",
        "Siofor",
        "diabetes",
        "Berlin-Chemie",
        "film_coated_tablet",
        "850 mg",
        60,
        True,
        "64000",
        [("Metformin", "850", "mg")],
    ),
    (
        16,
        "Amlodipin",
        "Амлодипин",
        "Amlodipine",
        "heart",
        "Nika Pharm",
        "tablet",
        "5 mg",
        30,
        True,
        "7500",
        [("Amlodipine", "5", "mg")],
    ),
    (
        17,
        "Enap",
        "Энап",
        "Enap",
        "heart",
        "KRKA",
        "tablet",
        "10 mg",
        20,
        True,
        "21000",
        [("Enalapril", "10", "mg")],
    ),
    (
        18,
        "Lorano",
        "Лорано",
        "Lorano",
        "allergy",
        "Sandoz",
        "tablet",
        "10 mg",
        20,
        False,
        "23000",
        [("Loratadine", "10", "mg")],
    ),
    (
        19,
        "Zirtek",
        "Зиртек",
        "Zyrtec",
        "allergy",
        "UCB",
        "film_coated_tablet",
        "10 mg",
        7,
        False,
        "45000",
        [("Cetirizine", "10", "mg")],
    ),
    (
        20,
        "Voltaren Emulgel",
        "Вольтарен Эмульгель",
        "Voltaren Emulgel",
        "pain-fever",
        "GSK",
        "gel",
        "1%",
        1,
        False,
        "68000",
        [("Diclofenac", "1", "%")],
    ),
    (
        21,
        "Lazolvan",
        "Лазолван",
        "Lasolvan",
        "cold-flu",
        "Sanofi",
        "syrup",
        "15 mg/5 ml",
        1,
        False,
        "52000",
        [("Ambroxol", "15", "mg/5 ml")],
    ),
    (
        22,
        "Askorbin kislotasi",
        "Аскорбиновая кислота",
        "Vitamin C",
        "vitamins",
        "Remedy Group",
        "tablet",
        "500 mg",
        30,
        False,
        "6000",
        [("Ascorbic acid", "500", "mg")],
    ),
]


def _ean13(sequence: int) -> str:
    body = f"478{sequence:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _categories() -> dict[str, Category]:
    categories: dict[str, Category] = {}
    for position, (slug, parent, uz, ru, en, icon) in enumerate(CATEGORIES):
        categories[slug], _created = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "parent": categories.get(parent),
                "name_uz": uz,
                "name_ru": ru,
                "name_en": en,
                "icon": icon,
                "position": position,
            },
        )
    return categories


def seed(*, password: str) -> str:
    categories = _categories()
    makers = {
        name: Manufacturer.objects.get_or_create(name=name, defaults={"country": country})[0]
        for name, country in MANUFACTURERS.items()
    }
    substances = {
        inn: ActiveSubstance.objects.get_or_create(
            inn=inn, defaults={"name_uz": uz, "name_ru": ru, "atc_code": atc}
        )[0]
        for inn, uz, ru, atc in SUBSTANCES
    }
    created = batches = 0
    today = timezone.localdate()
    for row in PRODUCTS:
        seq, uz, ru, en, category, maker, form, strength, pack, rx, price, composition = row
        product = Product.objects.filter(barcode=_ean13(seq)).first()
        if product is None:
            product = product_create(
                data={
                    "name_uz": uz,
                    "name_ru": ru,
                    "name_en": en,
                    "barcode": _ean13(seq),
                    "category": categories[category],
                    "manufacturer": makers[maker],
                    "dosage_form": form,
                    "strength": strength,
                    "pack_size": pack,
                    "requires_prescription": rx,
                    "price": Decimal(price),
                    "ikpu_code": f"030040010{seq:08d}",
                    "package_code": f"15{seq:05d}",
                    "vat_percent": 0 if rx else 12,
                    "storage_conditions": "Quruq, yorug'likdan himoyalangan joyda, 25 °C dan "
                    "yuqori bo'lmagan haroratda saqlansin.",
                    "leaflet": f"{en}: read the leaflet in the pack before use.",
                    "low_stock_threshold": 10,
                },
                compositions=[
                    {"substance": substances[inn], "amount": amount, "unit": unit}
                    for inn, amount, unit in composition
                ],
            )
            created += 1
        # Most products get a long-dated lot; a few are low on stock; Paracetamol also has a lot
        # that is too close to expiry to sell (it shows in the near-expiry alerts).
        lots = [(f"D{seq:03d}A", 400 + seq * 7, 8 if seq % 5 == 0 else 60 + seq)]
        if seq == 1:
            lots.append((f"D{seq:03d}N", 20, 25))
        for lot, days, quantity in lots:
            if StockBatch.objects.filter(product=product, lot_number=lot).exists():
                continue
            stock_receive(
                product=product,
                lot_number=lot,
                expiry_date=today + timedelta(days=days),
                quantity=quantity,
                cost=(Decimal(price) * Decimal("0.7")).quantize(Decimal("0.01")),
                reason="Demo delivery",
            )
            batches += 1
    return f"{created} demo products and {batches} batches created ({len(PRODUCTS)} in all)"
