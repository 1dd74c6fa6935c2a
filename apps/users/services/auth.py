"""Registration, phone verification and sign-in.

Nothing here may tell an outsider whether a phone number has an account: registering, asking
for a code and answering with a wrong code behave the same for every number, and the password
is hashed on every path so the timing does not tell either."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from apps.core.errors import DomainError, ValidationFailed

from ..errors import AccountInactive, InvalidCredentials, LoginLocked, PhoneNotVerified
from ..http import ClientInfo
from ..locks import lock_keys
from ..models import (
    LoginAttempt,
    LoginMethod,
    OtpChallenge,
    OtpDelivery,
    OtpPurpose,
    TermsAcceptance,
    User,
)
from .otp import otp_challenge_issue, otp_lock, otp_redeem, seconds_until
from .sessions import Session, session_start


def password_validate(*, password: str, user: User, field: str = "password") -> None:
    """Django's password validators, as a 400 naming the field."""
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise ValidationFailed(details={field: exc.messages}) from exc


def login_attempt_record(
    *, phone_number: str, user: User | None, client: ClientInfo, method: str, succeeded: bool
) -> LoginAttempt:
    """One sign-in attempt: the lockout counts the failures, the history shows the successes."""
    return LoginAttempt.objects.create(
        phone_number=phone_number,
        user=user,
        ip_address=client.ip,
        user_agent=client.user_agent,
        method=method,
        succeeded=succeeded,
    )


def user_register(
    *,
    phone_number: str,
    password: str,
    first_name: str,
    last_name: str,
    language: str,
    client: ClientInfo,
) -> None:
    """Start a registration: a code for a new or still unconfirmed number, a "someone tried to
    register" notice for a confirmed one. The registration data travels with the challenge and
    is applied only by the verification of that very code."""
    password_validate(
        password=password,
        user=User(phone_number=phone_number, first_name=first_name, last_name=last_name),
    )
    password_hash = make_password(password)
    with transaction.atomic():
        otp_lock(phone_number=phone_number, requester_ip=client.ip)
        user = User.objects.filter(phone_number=phone_number).first()
        if user is None:
            user = User(
                phone_number=phone_number,
                password=password_hash,
                first_name=first_name,
                last_name=last_name,
                language=language,
            )
            user.full_clean()
            user.save()
        if not user.is_active:
            delivery = OtpDelivery.NONE
        elif user.is_verified:
            delivery = OtpDelivery.REGISTER_NOTICE
        else:
            delivery = OtpDelivery.CODE
        payload = {
            "password_hash": password_hash,
            "first_name": first_name,
            "last_name": last_name,
            "language": language,
            "terms_version": settings.TERMS_VERSION,
            "privacy_policy_version": settings.PRIVACY_POLICY_VERSION,
        }
        otp_challenge_issue(
            phone_number=phone_number,
            purpose=OtpPurpose.REGISTER,
            delivery=delivery,
            requester_ip=client.ip,
            user=user,
            payload=payload if delivery == OtpDelivery.CODE else None,
            language=language if delivery == OtpDelivery.CODE else user.language,
        )


def user_verify_phone(*, phone_number: str, code: str, client: ClientInfo) -> Session:
    """Confirm a registration with its code: apply the registration data, mark the phone
    verified, record the accepted terms and sign the user in."""

    def confirm(challenge: OtpChallenge) -> Session:
        user = User.objects.select_for_update().get(pk=challenge.user_id)
        pending = challenge.payload
        user.password = pending["password_hash"]
        user.first_name = pending["first_name"]
        user.last_name = pending["last_name"]
        user.language = pending["language"]
        user.is_verified = True
        user.verified_at = timezone.now()
        user.save()
        TermsAcceptance.objects.create(
            user=user,
            terms_version=pending["terms_version"],
            privacy_policy_version=pending["privacy_policy_version"],
            accepted_at=challenge.created_at,
            ip_address=challenge.requester_ip,
        )
        login_attempt_record(
            phone_number=phone_number,
            user=user,
            client=client,
            method=LoginMethod.CODE,
            succeeded=True,
        )
        return session_start(user=user)

    return otp_redeem(
        phone_number=phone_number, purpose=OtpPurpose.REGISTER, code=code, action=confirm
    )


def otp_send(*, phone_number: str, purpose: str, client: ClientInfo) -> None:
    """Send a code (again) for registration, code login or password reset. The outcome is the
    same for every number; only an account that can use the code gets an SMS."""
    user = User.objects.filter(phone_number=phone_number).first()
    payload = None
    delivery = OtpDelivery.NONE
    if user is not None and user.is_active:
        if purpose == OtpPurpose.REGISTER and not user.is_verified:
            payload = (
                OtpChallenge.objects.filter(
                    phone_number=phone_number,
                    purpose=OtpPurpose.REGISTER,
                    consumed_at__isnull=True,
                    superseded_at__isnull=True,
                )
                .values_list("payload", flat=True)
                .first()
            )
            delivery = OtpDelivery.CODE if payload else OtpDelivery.NONE
        elif purpose in (OtpPurpose.LOGIN, OtpPurpose.RESET) and user.is_verified:
            delivery = OtpDelivery.CODE
    otp_challenge_issue(
        phone_number=phone_number,
        purpose=purpose,
        delivery=delivery,
        requester_ip=client.ip,
        user=user,
        payload=payload,
        language=user.language if user is not None else None,
    )


def _lockout_wait(*, phone_number: str, ip: str | None, now: datetime) -> int:
    """Seconds the (phone, IP) pair stays locked: LOGIN_MAX_FAILURES failed passwords within
    LOGIN_LOCKOUT_SECONDS and no success since lock it until the window has passed."""
    window = timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    pair = LoginAttempt.objects.filter(
        phone_number=phone_number, ip_address=ip, created_at__gt=now - window
    ).exclude(method=LoginMethod.CODE)
    last_success = pair.filter(succeeded=True).aggregate(at=Max("created_at"))["at"]
    failures = pair.filter(succeeded=False)
    if last_success is not None:
        failures = failures.filter(created_at__gt=last_success)
    limit = settings.LOGIN_MAX_FAILURES
    counted = list(failures.order_by("-created_at").values_list("created_at", flat=True)[:limit])
    if len(counted) < limit:
        return 0
    return seconds_until(counted[-1] + window, now)


def user_authenticate(
    *, phone_number: str, password: str, client: ClientInfo, method: str = LoginMethod.PASSWORD
) -> User:
    """Check a phone and password under the lockout of the (phone, IP) pair; every try is
    recorded. Raises LoginLocked, InvalidCredentials, AccountInactive or PhoneNotVerified."""
    error: DomainError | None = None
    with transaction.atomic():
        # Concurrent guesses for one pair queue here, so none can slip past the count.
        lock_keys(f"login:{phone_number}:{client.ip}")
        wait = _lockout_wait(phone_number=phone_number, ip=client.ip, now=timezone.now())
        user = None
        if wait:
            error = LoginLocked(wait=wait)
        else:
            user = User.objects.filter(phone_number=phone_number).first()
            if user is None:
                make_password(password)  # the same work as a real check: no timing oracle
                is_correct = False
            else:
                is_correct = user.check_password(password)
            if not is_correct:
                error = InvalidCredentials()
            elif not user.is_active:
                error = AccountInactive()
            elif not user.is_verified:
                error = PhoneNotVerified()
            # A right password for an account that may not sign in is neither a failure that
            # counts towards the lockout nor a sign-in for the history.
            if error is None or not is_correct:
                login_attempt_record(
                    phone_number=phone_number,
                    user=user,
                    client=client,
                    method=method,
                    succeeded=error is None,
                )
    if error is not None:
        raise error
    return user


def user_login_with_password(*, phone_number: str, password: str, client: ClientInfo) -> Session:
    """Sign in with phone and password; see `user_authenticate` for the refusals."""
    user = user_authenticate(phone_number=phone_number, password=password, client=client)
    return session_start(user=user)


def user_login_with_code(*, phone_number: str, code: str, client: ClientInfo) -> Session:
    """Sign in with a code sent by `otp_send(purpose=login)`; wrong codes count on the code."""

    def sign_in(challenge: OtpChallenge) -> Session:
        user = User.objects.get(pk=challenge.user_id)
        if not user.is_active:
            raise AccountInactive()
        login_attempt_record(
            phone_number=phone_number,
            user=user,
            client=client,
            method=LoginMethod.CODE,
            succeeded=True,
        )
        return session_start(user=user)

    return otp_redeem(
        phone_number=phone_number, purpose=OtpPurpose.LOGIN, code=code, action=sign_in
    )
