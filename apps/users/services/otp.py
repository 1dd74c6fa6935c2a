"""One-time codes: six digits from `secrets`, stored as a keyed hash, bound to phone and
purpose, valid OTP_CODE_TTL_SECONDS, at most OTP_MAX_ATTEMPTS wrong tries, single use."""

import logging
import math
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from apps.core.errors import DomainError
from apps.notifications.models import Channel, NotificationType
from apps.notifications.services import notification_enqueue

from ..errors import (
    OtpAttemptsExceeded,
    OtpCooldown,
    OtpExpired,
    OtpHourlyLimit,
    OtpInvalid,
    SmsBudgetExhausted,
)
from ..locks import lock_keys
from ..models import OtpChallenge, OtpDelivery, User

logger = logging.getLogger(__name__)

T = TypeVar("T")
HOUR = timedelta(hours=1)
_HMAC_SALT = "apps.users.otp"


def _new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def _code_hash(*, phone_number: str, purpose: str, code: str, salt: str) -> str:
    # Keyed with SECRET_KEY: a copy of the database alone does not reveal the codes, which a
    # plain hash of a six-digit number would (a million guesses).
    value = f"{salt}:{phone_number}:{purpose}:{code}"
    digest = salted_hmac(_HMAC_SALT, value, algorithm="sha256").hexdigest()
    return f"{salt}${digest}"


def _code_matches(challenge: OtpChallenge, code: str) -> bool:
    salt = challenge.code_hash.partition("$")[0]
    expected = _code_hash(
        phone_number=challenge.phone_number, purpose=challenge.purpose, code=code, salt=salt
    )
    return constant_time_compare(expected, challenge.code_hash)


def seconds_until(moment: datetime, now: datetime) -> int:
    """Whole seconds to wait (rounded up, at least one) for a Retry-After header."""
    return max(math.ceil((moment - now).total_seconds()), 1)


def _check_budgets(*, phone_number: str, requester_ip: str | None, now: datetime) -> None:
    """Per-phone cooldown and hourly cap, per-IP and global hourly budgets (SMS pumping)."""
    last_hour = OtpChallenge.objects.filter(created_at__gt=now - HOUR)
    by_phone = list(
        last_hour.filter(phone_number=phone_number)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
    )
    cooldown = timedelta(seconds=settings.OTP_RESEND_COOLDOWN_SECONDS)
    if by_phone and by_phone[0] + cooldown > now:
        raise OtpCooldown(wait=seconds_until(by_phone[0] + cooldown, now))
    if len(by_phone) >= settings.OTP_PHONE_HOURLY_LIMIT:
        oldest_counted = by_phone[settings.OTP_PHONE_HOURLY_LIMIT - 1]
        raise OtpHourlyLimit(wait=seconds_until(oldest_counted + HOUR, now))
    if requester_ip is not None:
        by_ip = last_hour.filter(requester_ip=requester_ip).order_by("-created_at")
        limit = settings.OTP_IP_HOURLY_LIMIT
        oldest_counted = by_ip.values_list("created_at", flat=True)[limit - 1 : limit].first()
        if oldest_counted is not None:
            raise SmsBudgetExhausted(wait=seconds_until(oldest_counted + HOUR, now))
    sent = last_hour.exclude(delivery=OtpDelivery.NONE).order_by("-created_at")
    limit = settings.OTP_GLOBAL_HOURLY_LIMIT
    oldest_counted = sent.values_list("created_at", flat=True)[limit - 1 : limit].first()
    if oldest_counted is not None:
        logger.error("global SMS budget of %s per hour is exhausted", limit)
        raise SmsBudgetExhausted(wait=seconds_until(oldest_counted + HOUR, now))


def otp_lock(*, phone_number: str, requester_ip: str | None) -> None:
    """Serialise code requests for this phone and this IP until the transaction ends. Callers
    that decide something about the phone before issuing (registration) take it first."""
    lock_keys(f"otp:phone:{phone_number}", f"otp:ip:{requester_ip}")


@transaction.atomic
def otp_challenge_issue(
    *,
    phone_number: str,
    purpose: str,
    delivery: str,
    requester_ip: str | None,
    user: User | None = None,
    payload: dict | None = None,
    language: str | None = None,
) -> OtpChallenge:
    """Open a new challenge for (phone, purpose) within the budgets, superseding the open one
    (one live code at a time), and put the SMS that `delivery` asks for in the outbox (sent
    after commit)."""
    otp_lock(phone_number=phone_number, requester_ip=requester_ip)
    now = timezone.now()
    _check_budgets(phone_number=phone_number, requester_ip=requester_ip, now=now)
    OtpChallenge.objects.filter(
        phone_number=phone_number,
        purpose=purpose,
        consumed_at__isnull=True,
        superseded_at__isnull=True,
    ).update(superseded_at=now, payload={})
    code = _new_code()
    challenge = OtpChallenge.objects.create(
        phone_number=phone_number,
        purpose=purpose,
        user=user,
        code_hash=_code_hash(
            phone_number=phone_number, purpose=purpose, code=code, salt=secrets.token_hex(8)
        ),
        delivery=delivery,
        payload=payload or {},
        created_at=now,
        expires_at=now + timedelta(seconds=settings.OTP_CODE_TTL_SECONDS),
        requester_ip=requester_ip,
    )
    if delivery == OtpDelivery.CODE:
        notification_enqueue(
            type=NotificationType.OTP,
            channel=Channel.SMS,
            user=user,
            recipient=phone_number,
            context={"code": code},
            language=language,
        )
    elif delivery == OtpDelivery.REGISTER_NOTICE:
        notification_enqueue(
            type=NotificationType.REGISTER_ATTEMPT,
            channel=Channel.SMS,
            user=user,
            recipient=phone_number,
            context={},
        )
    return challenge


def _judge(challenge: OtpChallenge | None, code: str, now: datetime) -> DomainError | None:
    if challenge is None:
        return OtpInvalid()
    if challenge.attempts >= settings.OTP_MAX_ATTEMPTS:
        return OtpAttemptsExceeded()
    if challenge.expires_at <= now:
        return OtpExpired()
    # A challenge that sent no code (unknown number, registration notice) never matches.
    if challenge.delivery == OtpDelivery.CODE and _code_matches(challenge, code):
        return None
    challenge.attempts += 1
    challenge.save(update_fields=["attempts"])
    return OtpInvalid()


def otp_redeem(
    *,
    phone_number: str,
    purpose: str,
    code: str,
    action: Callable[[OtpChallenge], T],
    user: User | None = None,
) -> T:
    """Check `code` against the open challenge of (phone, purpose) — and of `user`, when
    given — and run `action(challenge)` in the same transaction as consuming it.

    The challenge row is locked, so of two concurrent right answers exactly one runs `action`.
    A wrong try is committed before the error is raised: the count survives the error. If
    `action` raises, nothing is consumed."""
    with transaction.atomic():
        challenge = (
            OtpChallenge.objects.select_for_update()
            .filter(
                phone_number=phone_number,
                purpose=purpose,
                consumed_at__isnull=True,
                superseded_at__isnull=True,
            )
            .first()
        )
        if challenge is not None and user is not None and challenge.user_id != user.pk:
            challenge = None
        now = timezone.now()
        error = _judge(challenge, code, now)
        if error is None:
            result = action(challenge)
            challenge.consumed_at = now
            challenge.payload = {}  # pending registration data is not kept once applied
            challenge.save(update_fields=["consumed_at", "payload"])
    if error is not None:
        raise error
    return result
