"""Demo accounts, one per role; the password is DEMO_PASSWORD (see README)."""

from apps.core.roles import Role

from .models import User

DEMO_USERS = {
    Role.ADMIN: ("+998900000001", "Aziza", "Karimova"),
    Role.OPERATOR: ("+998900000002", "Dilshod", "Rahimov"),
    Role.COURIER: ("+998900000003", "Bekzod", "Tursunov"),
    Role.CUSTOMER: ("+998900000004", "Nilufar", "Yusupova"),
}


def seed(*, password: str) -> str:
    created = 0
    for role, (phone, first_name, last_name) in DEMO_USERS.items():
        if User.objects.filter(phone_number=phone).exists():
            continue
        User.objects.create_user(
            phone,
            password,
            role=role,
            first_name=first_name,
            last_name=last_name,
            is_verified=True,
            is_superuser=role == Role.ADMIN,
        )
        created += 1
    return f"{created} demo users created ({len(DEMO_USERS)} in all)"
