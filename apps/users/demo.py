"""Demo accounts, one per role; the password is DEMO_PASSWORD (see README). The demo customer
has a saved delivery address."""

from apps.core.roles import Role

from .models import Address, Region, User
from .services.addresses import address_create

DEMO_USERS = {
    Role.ADMIN: ("+998900000001", "Aziza", "Karimova"),
    Role.OPERATOR: ("+998900000002", "Dilshod", "Rahimov"),
    Role.COURIER: ("+998900000003", "Bekzod", "Tursunov"),
    Role.CUSTOMER: ("+998900000004", "Nilufar", "Yusupova"),
}
DEMO_ADDRESS = {
    "label": "Uy",
    "region": Region.TASHKENT_CITY,
    "city": "Toshkent",
    "street": "Amir Temur ko'chasi",
    "house": "108",
    "apartment": "15",
    "entrance": "2",
    "floor": "4",
    "landmark": "Amir Temur xiyoboni yonida",
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
    customer = User.objects.get(phone_number=DEMO_USERS[Role.CUSTOMER][0])
    if not Address.objects.filter(user=customer).exists():
        address_create(user=customer, data=DEMO_ADDRESS)
    return f"{created} demo users created ({len(DEMO_USERS)} in all)"
