from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
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


class TermsAcceptance(models.Model):
    """Proof that a person accepted the terms of service and the privacy policy: which versions,
    when and from where. Appended on every acceptance, never edited."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="terms_acceptances")
    terms_version = models.CharField(_("terms of service version"), max_length=32)
    privacy_policy_version = models.CharField(_("privacy policy version"), max_length=32)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("terms acceptance")
        verbose_name_plural = _("terms acceptances")
        ordering = ["-accepted_at"]
        indexes = [models.Index(fields=["user", "-accepted_at"], name="terms_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id}: terms {self.terms_version}, privacy {self.privacy_policy_version}"


class OtpPurpose(models.TextChoices):
    REGISTER = "register", _("Registration")
    LOGIN = "login", _("Login")
    RESET = "reset", _("Password reset")
    PHONE_CHANGE = "phone_change", _("Phone number change")


class OtpDelivery(models.TextChoices):
    CODE = "code", _("Code sent")
    REGISTER_NOTICE = "register_notice", _("Registration attempt notice sent")
    NONE = "none", _("Nothing sent")


class OtpChallenge(models.Model):
    """One one-time code for one phone and one purpose. Only a keyed hash of the code is kept.
    A challenge is open until it is consumed or superseded by a newer one; wrong tries are
    counted here (not in the cache), and a challenge with `attempts >= OTP_MAX_ATTEMPTS` is dead.

    Requests for unknown phones also get a row (with `delivery=none` and a code nobody knows), so
    cooldowns, budgets and wrong-code answers look the same whether or not an account exists."""

    phone_number = models.CharField(_("phone number"), max_length=13)
    purpose = models.CharField(_("purpose"), max_length=16, choices=OtpPurpose.choices)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="otp_challenges"
    )
    code_hash = models.CharField(max_length=128)
    delivery = models.CharField(_("delivery"), max_length=16, choices=OtpDelivery.choices)
    # Registration data waiting for the code: applied only by the verification of this very
    # challenge, so a second registration of an unverified number cannot hijack the first.
    payload = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(_("expires at"))
    consumed_at = models.DateTimeField(_("consumed at"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    requester_ip = models.GenericIPAddressField(_("requester IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["phone_number", "purpose"],
                condition=Q(consumed_at__isnull=True, superseded_at__isnull=True),
                name="otp_one_open_challenge_per_phone_purpose",
            ),
            models.CheckConstraint(
                name="otp_expires_after_creation",
                condition=Q(expires_at__gt=models.F("created_at")),
            ),
        ]
        indexes = [
            models.Index(fields=["phone_number", "-created_at"], name="otp_phone_recent_idx"),
            models.Index(fields=["requester_ip", "-created_at"], name="otp_ip_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} code for {self.phone_number}"

    @property
    def is_open(self) -> bool:
        return self.consumed_at is None and self.superseded_at is None


class LoginMethod(models.TextChoices):
    PASSWORD = "password", _("Password")
    CODE = "code", _("One-time code")
    ADMIN = "admin", _("Django admin")


class LoginAttempt(models.Model):
    """Every sign-in attempt. Failed password attempts of one phone from one IP lock that pair
    for a while (counted here, so a cache outage cannot lift the lockout); the successful ones
    are the user's login history."""

    phone_number = models.CharField(_("phone number"), max_length=13, blank=True)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="login_attempts"
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    method = models.CharField(_("method"), max_length=10, choices=LoginMethod.choices)
    succeeded = models.BooleanField(_("succeeded"))
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("login attempt")
        verbose_name_plural = _("login attempts")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["phone_number", "ip_address", "-created_at"], name="login_pair_recent_idx"
            ),
            models.Index(fields=["user", "-created_at"], name="login_user_recent_idx"),
        ]

    def __str__(self) -> str:
        outcome = "ok" if self.succeeded else "failed"
        return f"{self.phone_number} from {self.ip_address} {outcome}"


class RoleChange(models.Model):
    """Audit trail: who changed whose role, from what to what, and why. Never edited."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_changes")
    from_role = models.CharField(_("from role"), max_length=16, choices=Role.choices, blank=True)
    to_role = models.CharField(_("to role"), max_length=16, choices=Role.choices)
    changed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="role_change_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.from_role or '-'} -> {self.to_role}"


class Region(models.TextChoices):
    TASHKENT_CITY = "tashkent_city", _("Tashkent city")
    TASHKENT = "tashkent", _("Tashkent region")
    ANDIJAN = "andijan", _("Andijan region")
    BUKHARA = "bukhara", _("Bukhara region")
    FERGANA = "fergana", _("Fergana region")
    JIZZAKH = "jizzakh", _("Jizzakh region")
    KASHKADARYA = "kashkadarya", _("Kashkadarya region")
    KHOREZM = "khorezm", _("Khorezm region")
    NAMANGAN = "namangan", _("Namangan region")
    NAVOI = "navoi", _("Navoi region")
    SAMARKAND = "samarkand", _("Samarkand region")
    SURKHANDARYA = "surkhandarya", _("Surkhandarya region")
    SYRDARYA = "syrdarya", _("Syrdarya region")
    KARAKALPAKSTAN = "karakalpakstan", _("Republic of Karakalpakstan")


class Address(TimeStampedModel, SoftDeleteModel):
    """A saved delivery address of one user. Orders refer to it by id (always checked against
    the owner) and copy what they need at checkout, so deleting an address is a soft delete."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(_("label"), max_length=50, blank=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)
    city = models.CharField(_("city or district"), max_length=100)
    street = models.CharField(_("street"), max_length=200)
    house = models.CharField(_("house"), max_length=20)
    apartment = models.CharField(_("apartment"), max_length=20, blank=True)
    entrance = models.CharField(_("entrance"), max_length=10, blank=True)
    floor = models.CharField(_("floor"), max_length=10, blank=True)
    landmark = models.CharField(_("landmark"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    is_default = models.BooleanField(_("default"), default=False)

    objects = SoftDeleteQuerySet.as_manager()

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["-is_default", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(is_default=True, deleted_at__isnull=True),
                name="address_one_default_per_user",
            ),
            models.CheckConstraint(
                name="address_coordinates_both_or_none",
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
            ),
            models.CheckConstraint(
                name="address_coordinates_in_range",
                condition=Q(latitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
            ),
            models.CheckConstraint(
                name="address_deleted_is_not_default",
                condition=Q(deleted_at__isnull=True) | Q(is_default=False),
            ),
        ]
        indexes = [
            models.Index(
                fields=["user", "-created_at"],
                name="address_user_alive_idx",
                condition=Q(deleted_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return ", ".join(filter(None, [self.city, self.street, self.house]))
