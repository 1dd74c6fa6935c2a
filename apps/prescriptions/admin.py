"""The pharmacist's back office: the queue of pending prescriptions (oldest first), the pages,
approval with covered items and validity, rejection with a reason, and the review history.
Decisions go through the same services as the API. Pharmacists (operators and admins) only."""

from django.contrib import admin, messages
from django.db.models import Case, Count, F, When
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from apps.core.errors import DomainError

from . import services
from .forms import ApproveForm, CoveredItemFormSet, RejectForm
from .models import (
    Prescription,
    PrescriptionItem,
    PrescriptionReview,
    PrescriptionStatus,
)

STATUS_COLOURS = {
    PrescriptionStatus.PENDING: "#e67e22",
    PrescriptionStatus.APPROVED: "#1e8449",
    PrescriptionStatus.REJECTED: "#c0392b",
    PrescriptionStatus.EXPIRED: "#7f8c8d",
}


def _is_pharmacist(request) -> bool:
    return request.user.is_active and request.user.is_pharmacy_staff


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return _is_pharmacist(request)


class CoveredItemInline(ReadOnlyInline):
    model = PrescriptionItem
    fields = ("product", "substance", "quantity")
    verbose_name = _("covered item")
    verbose_name_plural = _("covered items")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("product", "substance")


class ReviewHistoryInline(ReadOnlyInline):
    model = PrescriptionReview
    fields = ("created_at", "decision", "reviewer", "reason", "note", "valid_until", "covered")
    readonly_fields = fields
    verbose_name = _("review")
    verbose_name_plural = _("review history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewer")


@admin.register(Prescription)
class PrescriptionAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "owner",
        "badge",
        "created_at",
        "waiting",
        "page_count",
        "valid_until",
        "reviewed_by",
    )
    list_filter = ("status", "rejection_reason", "created_at", "reviewed_at")
    search_fields = (
        "=id",
        "owner__phone_number",
        "owner__last_name",
        "doctor_name",
        "clinic_name",
        "e_prescription_number",
    )
    # The queue first (pending, oldest first), then everything else newest first.
    ordering = (
        Case(When(status=PrescriptionStatus.PENDING, then=F("created_at"))).asc(nulls_last=True),
        "-created_at",
    )
    list_select_related = ("owner", "reviewed_by")
    fieldsets = (
        (None, {"fields": ("owner", "badge", "created_at", "pages")}),
        (
            _("As written"),
            {
                "fields": (
                    "doctor_name",
                    "clinic_name",
                    "issued_on",
                    "e_prescription_number",
                    "customer_note",
                )
            },
        ),
        (
            _("Review"),
            {
                "fields": (
                    "reviewed_by",
                    "reviewed_at",
                    "valid_until",
                    "pharmacist_note",
                    "rejection_reason",
                    "rejection_note",
                )
            },
        ),
    )
    readonly_fields = (
        "owner",
        "badge",
        "created_at",
        "pages",
        "doctor_name",
        "clinic_name",
        "issued_on",
        "e_prescription_number",
        "customer_note",
        "reviewed_by",
        "reviewed_at",
        "valid_until",
        "pharmacist_note",
        "rejection_reason",
        "rejection_note",
    )
    inlines = (CoveredItemInline, ReviewHistoryInline)

    @admin.display(description=_("status"), ordering="status")
    def badge(self, prescription: Prescription):
        return format_html(
            '<span style="background:{};color:#fff;padding:2px 8px;border-radius:10px;'
            'white-space:nowrap">{}</span>',
            STATUS_COLOURS.get(prescription.status, "#6c757d"),
            prescription.get_status_display(),
        )

    change_form_template = "admin/prescriptions/prescription/change_form.html"

    # Pharmacists see and review; nobody adds, edits or deletes a prescription here (customers
    # upload and withdraw them; decisions go through the review pages below).
    def has_module_permission(self, request) -> bool:
        return _is_pharmacist(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return _is_pharmacist(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(page_count=Count("images"))

    @admin.display(description=_("pages"), ordering="page_count")
    def page_count(self, prescription) -> int:
        return prescription.page_count

    @admin.display(description=_("waiting"))
    def waiting(self, prescription) -> str:
        if prescription.status != PrescriptionStatus.PENDING:
            return "—"
        hours = int((timezone.now() - prescription.created_at).total_seconds() // 3600)
        return _("%(hours)s h") % {"hours": hours}

    @admin.display(description=_("pages"))
    def pages(self, prescription) -> str:
        return _pages_html(prescription)

    def get_urls(self):
        return [
            path(
                "<int:prescription_id>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="prescriptions_prescription_approve",
            ),
            path(
                "<int:prescription_id>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name="prescriptions_prescription_reject",
            ),
            *super().get_urls(),
        ]

    def approve_view(self, request, prescription_id: int):
        prescription = self._prescription_or_404(request, prescription_id)
        form = ApproveForm(request.POST or None)
        items = CoveredItemFormSet(request.POST or None, prefix="items")
        if request.method == "POST" and form.is_valid() and items.is_valid():
            covered = [
                services.CoveredItem(
                    product_id=item["product"].pk if item.get("product") else None,
                    substance_id=item["substance"].pk if item.get("substance") else None,
                    quantity=item["quantity"],
                )
                for item in items.cleaned_data
                if item
            ]
            done = self._decide(
                request,
                services.prescription_approve,
                prescription=prescription,
                reviewer=request.user,
                items=covered,
                **form.cleaned_data,
            )
            if done:
                return done
        return self._review_page(request, prescription, title=_("Approve"), form=form, items=items)

    def reject_view(self, request, prescription_id: int):
        prescription = self._prescription_or_404(request, prescription_id)
        form = RejectForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            done = self._decide(
                request,
                services.prescription_reject,
                prescription=prescription,
                reviewer=request.user,
                **form.cleaned_data,
            )
            if done:
                return done
        return self._review_page(request, prescription, title=_("Reject"), form=form)

    def _prescription_or_404(self, request, prescription_id: int) -> Prescription:
        if not _is_pharmacist(request):
            raise Http404
        return get_object_or_404(
            Prescription.objects.select_related("owner").prefetch_related("images"),
            pk=prescription_id,
        )

    def _decide(self, request, service, **kwargs):
        """Run a review service; a domain error (already reviewed, unknown product, ...) is
        shown on the page instead of a redirect."""
        try:
            prescription = service(**kwargs)
        except DomainError as exc:
            messages.error(request, exc.message)
            return None
        messages.success(request, _("Saved: %(prescription)s") % {"prescription": prescription})
        changelist = reverse("admin:prescriptions_prescription_changelist")
        return HttpResponseRedirect(f"{changelist}?status__exact={PrescriptionStatus.PENDING}")

    def _review_page(self, request, prescription, *, title, form, items=None):
        media = self.media + form.media
        if items is not None:
            media += items.media
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{title}: {prescription}",
            "prescription": prescription,
            "pages": _pages_html(prescription),
            "form": form,
            "items": items,
            "is_pending": prescription.status == PrescriptionStatus.PENDING,
            "media": media,
        }
        return TemplateResponse(request, "admin/prescriptions/prescription/review.html", context)


def _pages_html(prescription: Prescription) -> str:
    """Thumbnails linking to the full page; both are served by the authorising image view
    (the staff member's admin session is accepted there)."""
    urls = [
        reverse(
            "prescriptions:image",
            kwargs={"prescription_id": prescription.pk, "image_id": image.pk},
        )
        for image in prescription.images.all()
    ]
    return format_html_join(
        "",
        '<a href="{}" target="_blank" rel="noopener"><img src="{}" height="220" alt="{}"></a> ',
        ((url, url, _("page %(n)s") % {"n": n}) for n, url in enumerate(urls, start=1)),
    ) or format_html("{}", _("No pages."))
