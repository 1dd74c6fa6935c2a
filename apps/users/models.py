from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import SoftDeleteModel, SoftDeleteQuerySet, TimeStampedModel
from apps.core.phone import normalize_phone
from apps.core.roles import STAFF_ROLES, Role

PHONE_REGEX = r"^\+998[0-9]{9}$"


class UserQuerySet(SoftDeleteQuerySet):
    pass


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, phone_number: str, password: str | None = None, **extra):
        role = extra.setdefault("role", Role.CUSTOMER)
        extra.setdefault("is_staff", role in STAFF_ROLES)
        if extra.get("is_verified") and not extra.get("verified_at"):
            extra["verified_at"] = timezone.now()
        user = self.model(phone_number=normalize_phone(phone_number), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, phone_number: str, password: str | None = None, **extra):
        extra.update(role=Role.ADMIN, is_staff=True, is_superuser=True, is_verified=True)
        return self.create_user(phone_number, password, **extra)


class User(AbstractBaseUser, PermissionsMixin, TimeStampedModel, SoftDeleteModel):
    """A person who signs in with a phone number. The role decides what they may do; staff
    (operators and admins) reach Django admin. Deleted users are anonymised, never removed,
    because their orders stay in the books: their phone number is then NULL."""

    phone_number = models.CharField(
        _("phone number"), max_length=13, unique=True, null=True, blank=True
    )
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.CUSTOMER)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_verified = models.BooleanField(_("phone verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)

    objects = UserManager()

    USERNAME_FIELD = "phone_number"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="user_phone_e164_uz",
                condition=Q(phone_number__regex=PHONE_REGEX) | Q(phone_number__isnull=True),
            ),
            models.CheckConstraint(
                name="user_phone_required_unless_deleted",
                condition=Q(phone_number__isnull=False) | Q(deleted_at__isnull=False),
            ),
            models.CheckConstraint(
                name="user_verified_has_time",
                condition=Q(is_verified=False) | Q(verified_at__isnull=False),
            ),
            models.CheckConstraint(
                name="user_staff_flag_matches_role",
                condition=(
                    Q(role__in=[Role.OPERATOR, Role.ADMIN], is_staff=True)
                    | Q(role__in=[Role.CUSTOMER, Role.COURIER], is_staff=False)
                ),
            ),
            models.CheckConstraint(
                name="user_superuser_is_admin",
                condition=Q(is_superuser=False) | Q(role=Role.ADMIN),
            ),
        ]
        indexes = [models.Index(fields=["role", "is_active"], name="user_role_active_idx")]

    def __str__(self) -> str:
        return self.phone_number or f"deleted user #{self.pk}"

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def is_customer(self) -> bool:
        return self.role == Role.CUSTOMER

    @property
    def is_courier(self) -> bool:
        return self.role == Role.COURIER

    @property
    def is_operator(self) -> bool:
        return self.role == Role.OPERATOR

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_pharmacy_staff(self) -> bool:
        return self.role in STAFF_ROLES
