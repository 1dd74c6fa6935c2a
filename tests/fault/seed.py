"""Seed the private database of the fault suite (run in the app's environment, like a
management command): `python -m tests.fault.seed <customers>` prints the phones and the
product id as JSON. The factories and the stock service are the same ones the other suites use."""

import json
import sys

import django


def main(customers: int) -> dict:
    django.setup()
    from tests.products.factories import ProductFactory, receive
    from tests.users.factories import CustomerFactory

    phones = [f"+99891777{n:04d}" for n in range(1, customers + 1)]
    for phone in phones:
        CustomerFactory(phone_number=phone)
    product = ProductFactory(slug="fault-paracetamol")
    receive(product, 500)
    return {"phones": phones, "product_id": product.pk}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
