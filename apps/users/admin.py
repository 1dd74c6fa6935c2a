"""Django admin for accounts. Operators (pharmacists) may look users up; only administrators
create or change accounts, and every change goes through the services (roles audited, staff
flag derived from the role). Nothing is ever hard-deleted from here."""

from django import forms
from django.contrib import admin
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.errors import InvalidPhoneNumber
from apps.core.phone import normalize_phone
from apps.core.roles import STAFF_ROLES, Role

from .models import LoginAttempt, OtpChallenge, RoleChange, User
from .services.management import (
    STAFF_ACCOUNT_ROLE_CHOICES,
    staff_account_create,
    user_activate,
    user_deactivate,
    user_role_change,
)
from .services.profile import user_profile_update


def _is_admin(request) -> bool:
    return request.user.is_active and request.user.role == Role.ADMIN


def _is_pharmacy_staff(request) -> bool:
    return request.user.is_active and request.user.role in STAFF_ROLES


class StaffCreationForm(forms.ModelForm):
    role = forms.ChoiceField(label=_("role"), choices=STAFF_ACCOUNT_ROLE_CHOICES)
    password1 = forms.CharField(label=_("password"), strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(
        label=_("password (again)"), strip=False, widget=forms.PasswordInput
    )

    class Meta:
        model = User
        fields = ["phone_number", "first_name", "last_name", "language"]

    def clean_phone_number(self):
        try:
            return normalize_phone(self.cleaned_data["phone_number"])
        except InvalidPhoneNumber as exc:
            raise ValidationError(str(exc.message)) from exc

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password1")
        if password and password != cleaned.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif password:
            candidate = User(
                phone_number=cleaned.get("phone_number"),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                validate_password(password, user=candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class UserChangeForm(forms.ModelForm):
    # Not a model field of the form: the role is applied by `user_role_change` (audited,
    # staff flag in step), never written straight onto the row.
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)
    role_change_reason = forms.CharField(label=_("reason for a role change"), required=False)
    actor: User | None = None

    class Meta:
        model = User
        fields = ["first_name", "last_name", "language", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].initial = self.instance.role

    def clean(self):
        cleaned = super().clean()
        changes_access = {"role", "is_active"} & set(self.changed_data)
        if changes_access and self.actor is not None and self.actor.pk == self.instance.pk:
            raise ValidationError(_("You cannot change the role or status of your own account."))
        if changes_access and self.instance.is_deleted:
            raise ValidationError(_("This account was deleted."))
        return cleaned


class RoleChangeInline(admin.TabularInline):
    model = RoleChange
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ["created_at", "from_role", "to_role", "changed_by", "reason"]
    readonly_fields = fields
    ordering = ["-created_at"]

    def has_view_permission(self, request, obj=None):
        return _is_admin(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = (
        "phone_number",
        "first_name",
        "last_name",
        "role",
        "is_verified",
        "is_active",
        "created_at",
    )
    list_filter = ("role", "is_verified", "is_active", ("deleted_at", admin.EmptyFieldListFilter))
    search_fields = ("phone_number", "first_name", "last_name")
    ordering = ("-created_at",)
    inlines = [RoleChangeInline]
    form = UserChangeForm
    add_form = StaffCreationForm
    readonly_fields = (
        "phone_number",
        "is_staff",
        "is_superuser",
        "is_verified",
        "verified_at",
        "last_login",
        "created_at",
        "updated_at",
        "deleted_at",
    )
    add_fieldsets = (
        (
            None,
            {
                "fields": (
                    "phone_number",
                    "first_name",
                    "last_name",
                    "language",
                    "role",
                    "password1",
                    "password2",
                )
            },
        ),
    )
    fieldsets = (
        (None, {"fields": ("phone_number", "first_name", "last_name", "language")}),
        (_("Access"), {"fields": ("role", "role_change_reason", "is_active", "is_staff")}),
        (
            _("History"),
            {
                "fields": (
                    "is_superuser",
                    "is_verified",
                    "verified_at",
                    "last_login",
                    "created_at",
                    "updated_at",
                    "deleted_at",
                )
            },
        ),
    )

    # Operators look accounts up; administrators manage them; nobody hard-deletes.
    def has_module_permission(self, request):
        return _is_pharmacy_staff(request)

    def has_view_permission(self, request, obj=None):
        return _is_pharmacy_staff(request)

    def has_add_permission(self, request):
        return _is_admin(request)

    def has_change_permission(self, request, obj=None):
        # An anonymised account stays as it is (its data was scrubbed on request).
        return _is_admin(request) and not (obj is not None and obj.is_deleted)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
            kwargs["fields"] = None
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def save_form(self, request, form, change):
        if change:
            return super().save_form(request, form, change)
        data = form.cleaned_data
        return staff_account_create(
            actor=request.user,
            phone_number=data["phone_number"],
            password=data["password1"],
            role=data["role"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            language=data["language"],
        )

    def save_related(self, request, form, formsets, change):
        if change:  # a new account has nothing related yet, and no unsaved form to finish
            super().save_related(request, form, formsets, change)

    def save_model(self, request, obj, form, change):
        if not change:
            return  # created by `staff_account_create` in save_form
        # The form has already copied its values onto `obj`; the services start from the row.
        account = User.objects.get(pk=obj.pk)
        data = form.cleaned_data
        user_profile_update(
            user=account,
            first_name=data["first_name"],
            last_name=data["last_name"],
            language=data["language"],
        )
        if "role" in form.changed_data:
            user_role_change(
                actor=request.user,
                user=account,
                role=data["role"],
                reason=data["role_change_reason"],
            )
        if "is_active" in form.changed_data:
            change_status = user_activate if data["is_active"] else user_deactivate
            change_status(actor=request.user, user=account)
        obj.refresh_from_db()


class ReadOnlyAdmin(admin.ModelAdmin):
    """Security records: administrators read them, nobody edits them here."""

    def has_module_permission(self, request):
        return _is_admin(request)

    def has_view_permission(self, request, obj=None):
        return _is_admin(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OtpChallenge)
class OtpChallengeAdmin(ReadOnlyAdmin):
    list_display = (
        "phone_number",
        "purpose",
        "delivery",
        "attempts",
        "created_at",
        "expires_at",
        "consumed_at",
        "superseded_at",
        "requester_ip",
    )
    list_filter = ("purpose", "delivery")
    search_fields = ("phone_number", "requester_ip")
    exclude = ("code_hash", "payload")


@admin.register(LoginAttempt)
class LoginAttemptAdmin(ReadOnlyAdmin):
    list_display = ("phone_number", "ip_address", "method", "succeeded", "created_at")
    list_filter = ("method", "succeeded")
    search_fields = ("phone_number", "ip_address")
