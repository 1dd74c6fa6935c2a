"""Password reset (by a code sent by SMS) and change (signed in). Both end every other
session: refresh tokens are blacklisted, access tokens stop matching the new password."""

from django.db import transaction

from ..errors import WrongPassword
from ..models import OtpChallenge, OtpPurpose, User
from .auth import password_validate
from .otp import otp_redeem
from .sessions import Session, session_start, sessions_revoke_all


def password_reset(*, phone_number: str, code: str, new_password: str) -> None:
    """Set a new password with a reset code (see `otp_send`). The password is validated
    before the code is looked at, against the phone number only: checking it against the
    account's names would answer differently for numbers that have an account."""
    password_validate(
        password=new_password, user=User(phone_number=phone_number), field="new_password"
    )

    def apply(challenge: OtpChallenge) -> None:
        account = User.objects.select_for_update().get(pk=challenge.user_id)
        account.set_password(new_password)
        account.save(update_fields=["password", "updated_at"])
        sessions_revoke_all(user=account)

    otp_redeem(phone_number=phone_number, purpose=OtpPurpose.RESET, code=code, action=apply)


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> Session:
    """Change the password of a signed-in user; other sessions end, this one gets new tokens."""
    if not user.check_password(old_password):
        raise WrongPassword(details={"old_password": [str(WrongPassword.default_message)]})
    password_validate(password=new_password, user=user, field="new_password")
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    sessions_revoke_all(user=user)
    return session_start(user=user)
