"""The operators' back office for the catalog. Stock quantities are never edited as raw fields:
receiving, write-offs and corrections go through the stock services, so every change lands in
the movement journal."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Exists, F, OuterRef
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.errors import DomainError

from .models import (
    ActiveSubstance,
    Category,
    Manufacturer,
    Product,
    ProductImage,
    ProductSubstance,
    StockBatch,
    StockMovement,
)
from .selectors import product_list_with_stock, sellable_cutoff
from .services import stock_correct, stock_receive, stock_write_off
from .services.catalog import (
    catalog_reference_changed,
    product_changed,
    products_set_active,
)
from .services.imports import catalog_import_batches, catalog_import_products


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name_uz", "name_ru", "parent", "slug", "position", "is_active")
    list_filter = ("is_active", "parent")
    list_editable = ("position", "is_active")
    search_fields = ("name_uz", "name_ru", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    autocomplete_fields = ("parent",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        catalog_reference_changed()


@admin.register(Manufacturer)
class ManufacturerAdmin(admin.ModelAdmin):
    list_display = ("name", "country")
    list_filter = ("country",)
    search_fields = ("name", "country")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        catalog_reference_changed(manufacturer_ids=[obj.pk])


class AtcGroupFilter(admin.SimpleListFilter):
    """The ATC anatomical main group: the first letter of the code (N nervous system, J
    anti-infectives, …)."""

    title = _("ATC group")
    parameter_name = "atc"

    def lookups(self, request, model_admin):
        codes = ActiveSubstance.objects.exclude(atc_code="").values_list("atc_code", flat=True)
        return [(letter, letter) for letter in sorted({code[:1].upper() for code in codes})]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(atc_code__istartswith=self.value())
        return queryset


@admin.register(ActiveSubstance)
class ActiveSubstanceAdmin(admin.ModelAdmin):
    list_display = ("inn", "name_uz", "name_ru", "atc_code")
    list_filter = (AtcGroupFilter,)
    search_fields = ("inn", "name_uz", "name_ru", "atc_code")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        catalog_reference_changed(substance_ids=[obj.pk])


class ProductSubstanceInline(admin.TabularInline):
    model = ProductSubstance
    extra = 1
    autocomplete_fields = ("substance",)


class ProductImageInline(admin.TabularInline):
    """Images are uploaded through the API (re-encoded there); here they are shown and ordered."""

    model = ProductImage
    extra = 0
    fields = ("preview", "position", "original_name", "width", "height")
    readonly_fields = ("preview", "original_name", "width", "height")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("preview"))
    def preview(self, image: ProductImage) -> str:
        return format_html('<img src="{}" style="max-height:64px">', image.thumbnail.url)


class StockBatchInline(admin.TabularInline):
    model = StockBatch
    extra = 0
    fields = ("batch_link", "expiry_date", "quantity", "reserved", "received_at", "cost")
    readonly_fields = fields
    ordering = ("expiry_date", "pk")
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("lot"))
    def batch_link(self, batch: StockBatch) -> str:
        url = reverse("admin:products_stockbatch_change", args=[batch.pk])
        return format_html('<a href="{}">{}</a>', url, batch.lot_number)


class LowStockFilter(admin.SimpleListFilter):
    title = _("stock")
    parameter_name = "stock"

    def lookups(self, request, model_admin):
        return [("low", _("At or below low-stock threshold")), ("out", _("Out of stock"))]

    def queryset(self, request, queryset):
        if self.value() == "low":
            return queryset.filter(sellable_quantity__lte=F("low_stock_threshold"))
        if self.value() == "out":
            return queryset.filter(sellable_quantity__lte=0)
        return queryset


class NearExpiryFilter(admin.SimpleListFilter):
    title = _("expiry")
    parameter_name = "expiry"

    def lookups(self, request, model_admin):
        return [
            ("near", _("Has stock expiring within %(days)s days") % {"days": _alert_days()}),
            ("unsellable", _("Has stock too close to expiry to sell")),
        ]

    def queryset(self, request, queryset):
        horizon = {
            "near": timezone.localdate() + timedelta(days=_alert_days()),
            "unsellable": sellable_cutoff(),
        }.get(self.value())
        if horizon is None:
            return queryset
        expiring = StockBatch.objects.filter(
            product_id=OuterRef("pk"), quantity__gt=0, expiry_date__lte=horizon
        )
        return queryset.filter(Exists(expiring))


def _alert_days() -> int:
    return settings.NEAR_EXPIRY_ALERT_DAYS


class CsvImportForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("products", _("Products (by barcode)")), ("batches", _("Stock batches"))]
    )
    file = forms.FileField(help_text=_("UTF-8 CSV, comma or semicolon separated."))


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = (
        "name_uz",
        "strength",
        "dosage_form",
        "price",
        "requires_prescription",
        "is_active",
        "sellable",
        "low_stock_threshold",
    )
    list_filter = (
        "category",
        "requires_prescription",
        "is_active",
        "dosage_form",
        LowStockFilter,
        NearExpiryFilter,
    )
    search_fields = ("name_uz", "name_ru", "name_en", "=barcode", "slug", "substances__inn")
    autocomplete_fields = ("category", "manufacturer")
    readonly_fields = ("popularity", "created_at", "updated_at")
    inlines = (ProductSubstanceInline, ProductImageInline, StockBatchInline)
    actions = ("activate", "deactivate")
    list_select_related = ("category",)
    change_list_template = "admin/products/product/change_list.html"
    fieldsets = (
        (None, {"fields": ("name_uz", "name_ru", "name_en", "slug", "category", "manufacturer")}),
        (
            _("Pack"),
            {
                "fields": (
                    "dosage_form",
                    "strength",
                    "pack_size",
                    "barcode",
                    "requires_prescription",
                )
            },
        ),
        (
            _("Price and fiscal data"),
            {"fields": ("price", "ikpu_code", "package_code", "vat_percent")},
        ),
        (
            _("Texts"),
            {
                "fields": (
                    "description_uz",
                    "description_ru",
                    "description_en",
                    "storage_conditions",
                    "leaflet",
                )
            },
        ),
        (
            _("Shop"),
            {
                "fields": (
                    "is_active",
                    "low_stock_threshold",
                    "popularity",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return product_list_with_stock(queryset=super().get_queryset(request))

    @admin.display(description=_("sellable"), ordering="sellable_quantity")
    def sellable(self, product: Product) -> int:
        return product.sellable_quantity

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        product_changed(product_ids=[form.instance.pk])

    @admin.action(description=_("Show selected products in the shop"))
    def activate(self, request, queryset):
        count = products_set_active(
            product_ids=queryset.values_list("pk", flat=True), is_active=True
        )
        self.message_user(request, _("%(count)d products activated.") % {"count": count})

    @admin.action(description=_("Hide selected products from the shop"))
    def deactivate(self, request, queryset):
        count = products_set_active(
            product_ids=queryset.values_list("pk", flat=True), is_active=False
        )
        self.message_user(request, _("%(count)d products deactivated.") % {"count": count})

    def get_urls(self):
        extra = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="products_product_import",
            )
        ]
        return extra + super().get_urls()

    def import_view(self, request: HttpRequest):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            return redirect("admin:products_product_changelist")
        form = CsvImportForm(request.POST or None, request.FILES or None)
        report, file_error = None, None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > settings.CATALOG_IMPORT_MAX_BYTES:
                    raise DomainError(_("The file is too large."), code="invalid_csv")
                if form.cleaned_data["kind"] == "products":
                    report = catalog_import_products(file=upload, actor=request.user)
                else:
                    report = catalog_import_batches(
                        file=upload, actor=request.user, reference=f"csv:{upload.name}"[:64]
                    )
            except DomainError as exc:
                file_error = str(exc.message)
            if report is not None:
                level = messages.WARNING if report.errors else messages.SUCCESS
                self.message_user(
                    request,
                    _(
                        "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                        "%(errors)d rows with errors."
                    )
                    % {
                        "created": report.created,
                        "updated": report.updated,
                        "unchanged": report.unchanged,
                        "errors": len(report.errors),
                    },
                    level,
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import products or stock from CSV"),
            "form": form,
            "report": report,
            "file_error": file_error,
        }
        return TemplateResponse(request, "admin/products/product/import.html", context)


class StockBatchForm(forms.ModelForm):
    """New batches are received through `stock_receive`; existing ones change only through a
    write-off or a stock-take correction with a reason."""

    write_off = forms.IntegerField(label=_("Write off units"), min_value=1, required=False)
    counted_quantity = forms.IntegerField(label=_("Counted quantity"), min_value=0, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)

    class Meta:
        model = StockBatch
        fields = ("product", "lot_number", "expiry_date", "quantity", "cost")

    def clean(self):
        """Friendly early checks; the stock services re-check under a row lock."""
        data = super().clean()
        batch = self.instance
        if batch.pk is None:
            expiry = data.get("expiry_date")
            if expiry and expiry <= timezone.localdate():
                self.add_error("expiry_date", _("An expired batch cannot be received."))
            held = StockBatch.objects.filter(
                product=data.get("product"), lot_number=(data.get("lot_number") or "").strip()
            ).first()
            if held is not None and expiry and held.expiry_date != expiry:
                self.add_error(
                    "expiry_date", _("This lot is held with expiry %s.") % held.expiry_date
                )
            return data
        changing = data.get("write_off") or data.get("counted_quantity") is not None
        if changing and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason for this stock change."))
        if (data.get("write_off") or 0) > batch.available:
            self.add_error("write_off", _("Only %d units are not reserved.") % batch.available)
        counted = data.get("counted_quantity")
        if counted is not None and counted < batch.reserved:
            self.add_error(
                "counted_quantity", _("%d units are reserved for orders.") % batch.reserved
            )
        return data

    def _post_clean(self) -> None:
        # No model validation: receiving more of a lot already held is legitimate (the unique
        # lot constraint would refuse it), and the stock services validate every change.
        return


@admin.register(StockBatch)
class StockBatchAdmin(admin.ModelAdmin):
    form = StockBatchForm
    list_display = ("product", "lot_number", "expiry_date", "quantity", "reserved", "received_at")
    list_filter = ("expiry_date",)
    search_fields = ("lot_number", "product__name_uz", "product__name_ru", "=product__barcode")
    autocomplete_fields = ("product",)
    list_select_related = ("product",)
    date_hierarchy = "expiry_date"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("product", "lot_number", "expiry_date", "quantity", "cost")
        return (
            "product",
            "lot_number",
            "expiry_date",
            "quantity",
            "reserved",
            "cost",
            "write_off",
            "counted_quantity",
            "reason",
            "history",
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("product", "lot_number", "expiry_date", "quantity", "reserved", "cost", "history")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("stock history"))
    def history(self, batch: StockBatch) -> str:
        url = reverse("admin:products_stockmovement_changelist")
        return format_html('<a href="{}?batch__id__exact={}">{}</a>', url, batch.pk, _("Open"))

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if not change:
                received = stock_receive(
                    product=data["product"],
                    lot_number=data["lot_number"],
                    expiry_date=data["expiry_date"],
                    quantity=data["quantity"],
                    cost=data.get("cost"),
                    actor=request.user,
                    reason="admin",
                )
                obj.pk = received.pk
                return
            if data.get("write_off"):
                stock_write_off(
                    batch=obj, quantity=data["write_off"], reason=data["reason"], actor=request.user
                )
            if data.get("counted_quantity") is not None:
                stock_correct(
                    batch=obj,
                    counted_quantity=data["counted_quantity"],
                    reason=data["reason"],
                    actor=request.user,
                )
        except DomainError as exc:
            self.message_user(request, f"{exc.message} {exc.details or ''}", messages.ERROR)

    def save_related(self, request, form, formsets, change):
        """Nothing related to save: the stock services wrote everything."""


@admin.register(StockMovement)
class StockMovementAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "batch",
        "kind",
        "quantity_delta",
        "reserved_delta",
        "quantity_after",
        "reserved_after",
        "actor",
        "reason",
        "reference",
    )
    list_filter = ("kind", "created_at")
    search_fields = ("reference", "batch__lot_number", "batch__product__name_uz", "reason")
    list_select_related = ("batch__product", "actor")
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
