from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from apps.users.models import LoginAttempt, LoginMethod, OtpChallenge, OtpDelivery, OtpPurpose, User
from apps.users.services.otp import otp_challenge_issue
from apps.users.tasks import accounts_purge_stale_task
from tests.users.factories import CustomerFactory, UnverifiedCustomerFactory

pytestmark = pytest.mark.django_db


def test_purge_removes_only_what_is_stale(time_machine):
    time_machine.move_to(timezone.now() - timedelta(days=100), tick=False)
    stale_pending = UnverifiedCustomerFactory()
    old_customer = CustomerFactory()
    LoginAttempt.objects.create(
        phone_number=old_customer.phone_number, method=LoginMethod.PASSWORD, succeeded=False
    )
    otp_challenge_issue(
        phone_number=old_customer.phone_number,
        purpose=OtpPurpose.RESET,
        delivery=OtpDelivery.NONE,
        requester_ip=None,
    )
    old_token = RefreshToken.for_user(old_customer)

    time_machine.move_to(timezone.now() + timedelta(days=100), tick=False)
    fresh_pending = UnverifiedCustomerFactory()
    fresh_token = RefreshToken.for_user(old_customer)
    fresh_challenge = otp_challenge_issue(
        phone_number=fresh_pending.phone_number,
        purpose=OtpPurpose.REGISTER,
        delivery=OtpDelivery.CODE,
        requester_ip=None,
        user=fresh_pending,
        payload={"password_hash": "x"},
    )

    removed = accounts_purge_stale_task.delay().get()

    assert removed == {
        "unverified_users": 1,
        "otp_challenges": 1,
        "login_attempts": 1,
        "expired_tokens": 1,
    }
    assert not User.objects.filter(pk=stale_pending.pk).exists()
    assert User.objects.filter(pk__in=[old_customer.pk, fresh_pending.pk]).count() == 2
    assert list(OtpChallenge.objects.all()) == [fresh_challenge]
    assert OutstandingToken.objects.get().jti == fresh_token["jti"]
    assert old_token["jti"] != fresh_token["jti"]


def test_registration_data_of_long_dead_codes_is_dropped(time_machine):
    pending = UnverifiedCustomerFactory()
    time_machine.move_to(timezone.now(), tick=False)
    challenge = otp_challenge_issue(
        phone_number=pending.phone_number,
        purpose=OtpPurpose.REGISTER,
        delivery=OtpDelivery.CODE,
        requester_ip=None,
        user=pending,
        payload={"password_hash": "x"},
    )
    time_machine.shift(timedelta(days=2))
    accounts_purge_stale_task.delay()
    challenge.refresh_from_db()
    assert challenge.payload == {}
