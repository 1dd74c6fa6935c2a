"""A shop's traffic for locust: customers browse, search (Latin and Cyrillic), open products,
fill carts, check out with cash, and some pay online with Payme: the user then plays Payme's
servers too, calling our webhook with CheckPerformTransaction, CreateTransaction and
PerformTransaction and Payme's Basic authorization, as the provider would after the customer
paid on Payme's page.

Run through `bench/locust_run.py` (`make bench-load`), which prepares the data, starts
gunicorn and writes LOCUST_CONTEXT: a JSON file with access tokens of generated customers, the
products for sale (deep stock, over the counter), product slugs to open and Payme's
authorization header. Each simulated user
is a different customer, so carts never collide. No Django import: the load generator stays
light on a machine it shares with the server.

Weights (per user, between 1 and 3 s of think time): product list 30, search 20 (half Latin,
half Cyrillic), product detail 25, cart add 12, cash checkout 8, Payme checkout and payment 5."""

import itertools
import json
import os
import random
import secrets
import time
import uuid
from decimal import Decimal

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

with open(os.environ["LOCUST_CONTEXT"], encoding="utf-8") as _file:
    CONTEXT = json.load(_file)

# Substance names of the generated catalog (apps/products/demo.py), one with a typo.
SEARCHES_LATIN = ["paracetamol", "amoksitsilin", "ibuprofen", "omeprazol", "loratadin"]
SEARCHES_CYRILLIC = ["парацетамол", "ибупрофен", "амоксициллин", "омепразол", "лоратадин"]
_customers = itertools.count()


class Shopper(FastHttpUser):
    wait_time = between(1, 3)
    network_timeout = 30.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        tokens = CONTEXT["tokens"]
        token = tokens[next(_customers) % len(tokens)]
        self.auth = {"Authorization": f"Bearer {token}"}

    # --- reads --------------------------------------------------------------------------------
    @task(30)
    def browse(self) -> None:
        page = random.randint(1, 20)
        self.client.get(f"/api/v1/products/?page={page}", name="product list")

    @task(10)
    def search_latin(self) -> None:
        text = random.choice(SEARCHES_LATIN)
        self.client.get(f"/api/v1/products/?q={text}", name="search (Latin)")

    @task(10)
    def search_cyrillic(self) -> None:
        text = random.choice(SEARCHES_CYRILLIC)
        self.client.get(f"/api/v1/products/?q={text}", name="search (Cyrillic)")

    @task(25)
    def detail(self) -> None:
        slug = random.choice(CONTEXT["slugs"])
        self.client.get(f"/api/v1/products/{slug}/", name="product detail")

    # --- writes -------------------------------------------------------------------------------
    def cart_add(self) -> bool:
        body = {"product_id": random.choice(CONTEXT["products"]), "quantity": 1}
        with self.client.post(
            "/api/v1/orders/cart/add/",
            json=body,
            headers=self.auth,
            name="cart add",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"cart add: {response.status_code} {response.text[:200]}")
                return False
        return True

    def checkout(self, method: str) -> dict | None:
        headers = {**self.auth, "Idempotency-Key": uuid.uuid4().hex}
        with self.client.post(
            "/api/v1/orders/checkout/",
            json={"payment_method": method, "delivery_type": "pickup"},
            headers=headers,
            name=f"checkout ({method})",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"checkout: {response.status_code} {response.text[:200]}")
                return None
            return response.json()

    @task(12)
    def add_to_cart(self) -> None:
        self.cart_add()

    @task(8)
    def buy_with_cash(self) -> None:
        if self.cart_add():
            self.checkout("cash")

    @task(5)
    def buy_and_pay_online(self) -> None:
        if not self.cart_add():
            return
        order = self.checkout("payme")
        if order is None:
            return
        amount = int(Decimal(order["total"]) * 100)  # tiyin
        account = {"order_id": order["number"]}
        transaction = secrets.token_hex(12)
        calls = [
            ("CheckPerformTransaction", {"amount": amount, "account": account}),
            (
                "CreateTransaction",
                {
                    "id": transaction,
                    "time": int(time.time() * 1000),
                    "amount": amount,
                    "account": account,
                },
            ),
            ("PerformTransaction", {"id": transaction}),
        ]
        for number, (method, params) in enumerate(calls, start=1):
            if not self.payme(method, params, number):
                return

    def payme(self, method: str, params: dict, request_id: int) -> bool:
        """One call of our Payme webhook as Payme's servers make it (always HTTP 200; a refusal
        is an `error` in the body)."""
        with self.client.post(
            "/api/v1/payments/payme/",
            json={"method": method, "params": params, "id": request_id},
            headers={"Authorization": CONTEXT["payme_authorization"]},
            name=f"Payme {method}",
            catch_response=True,
        ) as response:
            body = response.json() if response.status_code == 200 else {}
            if "result" not in body:
                response.failure(f"{method}: {response.status_code} {response.text[:200]}")
                return False
        return True
