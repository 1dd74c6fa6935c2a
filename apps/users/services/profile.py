"""The signed-in user's own account: profile, phone number change, deletion."""

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.core.roles import Role

from .. import privacy
from ..errors import AccountManagedByAdmin, PhoneNumberTaken, SamePhoneNumber, WrongPassword
from ..http import ClientInfo
from ..models import (
    Address,
    LoginAttempt,
    OtpChallenge,
    OtpDelivery,
    OtpPurpose,
    TermsAcceptance,
    User,
)
from .otp import otp_challenge_issue, otp_redeem
from .sessions import sessions_revoke_all


def _confirm_password(user: User, password: str) -> None:
    if not user.check_password(password):
        raise WrongPassword(details={"password": [str(WrongPassword.default_message)]})


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    first_name: str | None = None,
    last_name: str | None = None,
    language: str | None = None,
) -> User:
    """Change what a user may change about themselves. Role, flags and phone are not here."""
    changes = {"first_name": first_name, "last_name": last_name, "language": language}
    changes = {field: value for field, value in changes.items() if value is not None}
    for field, value in changes.items():
        setattr(user, field, value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=[*changes, "updated_at"])
    return user


def phone_change_request(
    *, user: User, new_phone_number: str, password: str, client: ClientInfo
) -> None:
    """Send a code to the NEW number; the change happens when that code comes back. The
    password is asked too, so a stolen access token alone cannot move the account."""
    _confirm_password(user, password)
    if new_phone_number == user.phone_number:
        raise SamePhoneNumber()
    otp_challenge_issue(
        phone_number=new_phone_number,
        purpose=OtpPurpose.PHONE_CHANGE,
        delivery=OtpDelivery.CODE,
        requester_ip=client.ip,
        user=user,
        language=user.language,
    )


def phone_change_confirm(*, user: User, new_phone_number: str, code: str) -> User:
    """Move the account to the new number proven by the code. A number held by a confirmed
    account stays there (409); an unconfirmed registration of it is dropped, since it never
    proved the number and this user just did."""

    def apply(challenge: OtpChallenge) -> User:
        holder = (
            User.objects.select_for_update()
            .filter(phone_number=new_phone_number)
            .exclude(pk=user.pk)
            .first()
        )
        if holder is not None:
            if holder.is_verified:
                raise PhoneNumberTaken()
            holder.delete()
        account = User.objects.select_for_update().get(pk=user.pk)
        account.phone_number = new_phone_number
        try:
            with transaction.atomic():
                account.save(update_fields=["phone_number", "updated_at"])
        except IntegrityError as exc:
            raise PhoneNumberTaken() from exc
        return account

    return otp_redeem(
        phone_number=new_phone_number,
        purpose=OtpPurpose.PHONE_CHANGE,
        code=code,
        action=apply,
        user=user,
    )


@transaction.atomic
def user_anonymise(*, user: User, password: str) -> None:
    """Delete a customer account at the customer's request: personal data is scrubbed, the row
    stays (soft delete) so orders kept for accounting still point somewhere. Sign-in ends for
    good: the phone is freed, the password unusable, every refresh token revoked."""
    if user.role != Role.CUSTOMER:
        raise AccountManagedByAdmin()
    _confirm_password(user, password)
    user = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    for step in privacy.ERASURE_STEPS.values():
        step(user)
    Address.objects.filter(user=user).update(
        label="",
        city="",
        street="",
        house="",
        apartment="",
        entrance="",
        floor="",
        landmark="",
        latitude=None,
        longitude=None,
        is_default=False,
        deleted_at=Coalesce(F("deleted_at"), Value(now)),
    )
    LoginAttempt.objects.filter(Q(user=user) | Q(phone_number=user.phone_number)).delete()
    OtpChallenge.objects.filter(Q(user=user) | Q(phone_number=user.phone_number)).delete()
    TermsAcceptance.objects.filter(user=user).update(ip_address=None)
    user.phone_number = None
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.deleted_at = now
    user.set_unusable_password()
    user.save()
    sessions_revoke_all(user=user)
