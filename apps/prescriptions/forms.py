"""Forms of the pharmacist's review pages in Django admin (they call the same services as the
API)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget, ForeignKeyRawIdWidget
from django.utils.translation import gettext_lazy as _

from apps.products.models import ActiveSubstance, Product

from .models import PrescriptionItem, RejectionReason


def _raw_id_widget(field_name: str) -> ForeignKeyRawIdWidget:
    # A catalog has thousands of products: an id box with the admin's lookup, not a select.
    return ForeignKeyRawIdWidget(
        PrescriptionItem._meta.get_field(field_name).remote_field, admin.site
    )


class ApproveForm(forms.Form):
    valid_until = forms.DateField(label=_("valid until"), widget=AdminDateWidget)
    note = forms.CharField(
        label=_("pharmacist's note"), widget=forms.Textarea, required=False, max_length=1000
    )


class CoveredItemForm(forms.Form):
    product = forms.ModelChoiceField(
        Product.objects.all(), label=_("product"), required=False, widget=_raw_id_widget("product")
    )
    substance = forms.ModelChoiceField(
        ActiveSubstance.objects.all(),
        label=_("active substance"),
        required=False,
        widget=_raw_id_widget("substance"),
    )
    quantity = forms.IntegerField(label=_("packs"), min_value=1, max_value=1000)


CoveredItemFormSet = forms.formset_factory(
    CoveredItemForm, extra=3, min_num=1, validate_min=True, max_num=50, validate_max=True
)


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("reason"), choices=RejectionReason.choices)
    note = forms.CharField(
        label=_("note for the customer"), widget=forms.Textarea, required=False, max_length=1000
    )
