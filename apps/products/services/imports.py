"""CSV import of products and stock batches (Django admin).

Idempotent: products are matched by barcode (created or updated), batches by barcode and lot
(a lot already in stock is left alone, so re-importing a delivery note never doubles it). Every
row is applied in its own transaction, all of it or nothing, and every bad row is reported with
its line number and what is wrong; good rows are imported regardless of bad ones."""

import csv
import io
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from apps.core.errors import DomainError, ValidationFailed
from apps.users.models import User

from ..models import ActiveSubstance, Category, DosageForm, Manufacturer, Product, StockBatch
from ..validators import gtin_is_valid
from .catalog import PRODUCT_FIELDS, product_create, product_update
from .stock import stock_receive

MAX_ROWS = 20_000
PRODUCT_COLUMNS = ("barcode", "name_uz", "name_ru", "category", "dosage_form", "price", "ikpu_code")
BATCH_COLUMNS = ("barcode", "lot_number", "expiry_date", "quantity")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, dict]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated


class ProductRow(serializers.Serializer):
    barcode = serializers.CharField(max_length=14)
    name_uz = serializers.CharField(max_length=255)
    name_ru = serializers.CharField(max_length=255)
    name_en = serializers.CharField(max_length=255, required=False, allow_blank=True)
    description_uz = serializers.CharField(required=False, allow_blank=True)
    description_ru = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    category = serializers.SlugRelatedField(slug_field="slug", queryset=Category.objects.all())
    manufacturer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    manufacturer_country = serializers.CharField(max_length=100, required=False, allow_blank=True)
    dosage_form = serializers.ChoiceField(choices=DosageForm.choices)
    strength = serializers.CharField(max_length=100, required=False, allow_blank=True)
    pack_size = serializers.IntegerField(min_value=1, required=False)
    requires_prescription = serializers.BooleanField(required=False)
    price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=1)
    ikpu_code = serializers.RegexField(r"^[0-9]{17}$")
    package_code = serializers.CharField(max_length=20, required=False, allow_blank=True)
    vat_percent = serializers.IntegerField(min_value=0, max_value=100, required=False)
    storage_conditions = serializers.CharField(max_length=255, required=False, allow_blank=True)
    leaflet = serializers.CharField(required=False, allow_blank=True)
    low_stock_threshold = serializers.IntegerField(min_value=0, required=False)
    is_active = serializers.BooleanField(required=False)
    substances = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="INN:amount unit, separated by '|' (Paracetamol:500 mg|Caffeine:50 mg).",
    )

    def validate_barcode(self, value: str) -> str:
        if not gtin_is_valid(value):
            raise serializers.ValidationError(_("Not a valid EAN/GTIN barcode."))
        return value

    def validate_substances(self, value: str) -> list[dict]:
        parts = [part.strip() for part in value.split("|") if part.strip()]
        wanted = {}
        for part in parts:
            inn, _sep, dose = part.partition(":")
            amount, _sep, unit = dose.strip().partition(" ")
            wanted[inn.strip().lower()] = {"amount": amount[:32], "unit": unit.strip()[:16]}
        found = {
            s.inn.lower(): s
            for s in ActiveSubstance.objects.annotate(inn_lower=Lower("inn")).filter(
                inn_lower__in=list(wanted)
            )
        }
        unknown = sorted(set(wanted) - set(found))
        if unknown:
            raise serializers.ValidationError(
                _("Unknown active substance(s): %(names)s.") % {"names": ", ".join(unknown)}
            )
        return [{"substance": found[inn], **dose} for inn, dose in wanted.items()]


class BatchRow(serializers.Serializer):
    barcode = serializers.CharField(max_length=14)
    lot_number = serializers.CharField(max_length=64)
    expiry_date = serializers.DateField(input_formats=["%Y-%m-%d", "%d.%m.%Y"])
    quantity = serializers.IntegerField(min_value=1, max_value=10_000_000)
    cost = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)


def _rows(file: IO[bytes], required: tuple[str, ...]) -> list[dict[str, str]]:
    """Decode (UTF-8, Excel's BOM allowed), sniff `,` or `;` and check the header."""
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(_("The file is not UTF-8 encoded CSV."), code="invalid_csv") from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [column for column in required if column not in header]
    if missing:
        raise ValidationFailed(
            _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)},
            code="invalid_csv",
            details={"missing_columns": missing},
        )
    rows = []
    for row in reader:
        if len(rows) >= MAX_ROWS:
            raise ValidationFailed(
                _("At most %(count)s rows per file.") % {"count": MAX_ROWS}, code="invalid_csv"
            )
        rows.append({(k or "").strip(): (v or "").strip() for k, v in row.items() if k})
    return rows


def _present(row: dict[str, str]) -> dict[str, str]:
    """Blank optional cells mean "leave as is / default", not "set to blank"."""
    return {key: value for key, value in row.items() if value != ""}


def _product_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {key: value for key, value in data.items() if key in PRODUCT_FIELDS}
    if data.get("manufacturer"):
        fields["manufacturer"], _created = Manufacturer.objects.get_or_create(
            name=data["manufacturer"], defaults={"country": data.get("manufacturer_country", "")}
        )
    return fields


def _is_unchanged(product: Product, fields: dict[str, Any], compositions: list | None) -> bool:
    if any(getattr(product, key) != value for key, value in fields.items()):
        return False
    if compositions is None:
        return True
    current = {(c.substance_id, c.amount, c.unit) for c in product.compositions.all()}
    wanted = {(c["substance"].pk, c["amount"], c["unit"]) for c in compositions}
    return current == wanted


def _row_error(exc: Exception) -> dict:
    if isinstance(exc, serializers.ValidationError):
        return exc.detail if isinstance(exc.detail, dict) else {"row": exc.detail}
    assert isinstance(exc, DomainError)
    return {"row": [str(exc.message)], **{k: [str(v)] for k, v in exc.details.items()}}


def catalog_import_products(*, file: IO[bytes], actor: User | None = None) -> ImportReport:
    """Create or update products from CSV rows, matched by barcode."""
    report = ImportReport()
    for line, raw in enumerate(_rows(file, PRODUCT_COLUMNS), start=2):
        try:
            with transaction.atomic():
                row = ProductRow(data=_present(raw))
                row.is_valid(raise_exception=True)
                data = dict(row.validated_data)
                compositions = data.pop("substances", None)
                fields = _product_fields(data)
                existing = Product.objects.filter(barcode=data["barcode"]).first()
                if existing is None:
                    product_create(data=fields, compositions=compositions or [], actor=actor)
                    report.created += 1
                elif _is_unchanged(existing, fields, compositions):
                    report.unchanged += 1
                else:
                    product_update(
                        product=existing, data=fields, compositions=compositions, actor=actor
                    )
                    report.updated += 1
        except (serializers.ValidationError, DomainError) as exc:
            report.errors.append((line, _row_error(exc)))
    return report


def catalog_import_batches(
    *, file: IO[bytes], actor: User | None = None, reference: str = ""
) -> ImportReport:
    """Receive stock from CSV rows; a (barcode, lot) already in stock is left unchanged."""
    report = ImportReport()
    for line, raw in enumerate(_rows(file, BATCH_COLUMNS), start=2):
        try:
            with transaction.atomic():
                row = BatchRow(data=_present(raw))
                row.is_valid(raise_exception=True)
                data = row.validated_data
                product = Product.objects.filter(barcode=data["barcode"]).first()
                if product is None:
                    raise serializers.ValidationError(
                        {"barcode": [_("No product has this barcode.")]}
                    )
                lot = data["lot_number"].strip()
                if StockBatch.objects.filter(product=product, lot_number=lot).exists():
                    report.unchanged += 1
                    continue
                stock_receive(
                    product=product,
                    lot_number=lot,
                    expiry_date=data["expiry_date"],
                    quantity=data["quantity"],
                    cost=data.get("cost"),
                    actor=actor,
                    reason="CSV import",
                    reference=reference,
                )
                report.created += 1
        except (serializers.ValidationError, DomainError) as exc:
            report.errors.append((line, _row_error(exc)))
    return report
