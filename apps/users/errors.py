"""Errors of the accounts domain, each with a stable code the clients can branch on."""

from django.utils.translation import gettext_lazy as _

from apps.core.errors import Conflict, DomainError, PermissionDenied, Throttled, ValidationFailed


class OtpInvalid(ValidationFailed):
    code = "otp_invalid"
    default_message = _("The code is not correct.")


class OtpExpired(ValidationFailed):
    code = "otp_expired"
    default_message = _("The code has expired. Ask for a new one.")


class OtpAttemptsExceeded(ValidationFailed):
    code = "otp_attempts_exceeded"
    default_message = _("Too many wrong codes. Ask for a new one.")


class OtpCooldown(Throttled):
    code = "otp_cooldown"
    default_message = _("A code was sent a moment ago. Please wait before asking again.")


class OtpHourlyLimit(Throttled):
    code = "otp_hourly_limit"
    default_message = _("Too many codes were requested for this number. Try again later.")


class SmsBudgetExhausted(Throttled):
    code = "sms_budget_exhausted"
    default_message = _("Too many codes were requested. Try again later.")


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    status = 401
    default_message = _("The phone number or password is not correct.")


class PhoneNotVerified(PermissionDenied):
    code = "phone_not_verified"
    default_message = _("Confirm your phone number with the code we sent by SMS first.")


class AccountInactive(PermissionDenied):
    code = "account_inactive"
    default_message = _("This account is disabled. Contact support.")


class LoginLocked(Throttled):
    code = "login_locked"
    default_message = _("Too many failed logins. Try again later.")


class WrongPassword(ValidationFailed):
    code = "wrong_password"
    default_message = _("The password is not correct.")


class PhoneNumberTaken(Conflict):
    code = "phone_number_taken"
    default_message = _("This phone number belongs to another account.")


class SamePhoneNumber(ValidationFailed):
    code = "same_phone_number"
    default_message = _("This is already your phone number.")


class RefreshTokenInvalid(DomainError):
    code = "token_not_valid"
    status = 401
    default_message = _("The refresh token is invalid, expired or already used.")


class AddressLimitReached(Conflict):
    code = "address_limit_reached"
    default_message = _("You have saved the maximum number of addresses.")


class AccountManagedByAdmin(PermissionDenied):
    code = "account_managed_by_admin"
    default_message = _("Staff and courier accounts are closed by an administrator.")


class OwnAccountChange(Conflict):
    code = "own_account_change"
    default_message = _("You cannot change the role or status of your own account.")


class AccountDeleted(Conflict):
    code = "account_deleted"
    default_message = _("This account was deleted.")
