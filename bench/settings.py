"""Settings of the app under benchmark: production settings (DEBUG off, HTTPS-only guards on),
with the per-client throttles raised so one load generator on loopback is not rate-limited,
and a URLconf that adds the naive baseline endpoints next to the real ones.

`bench/run.py` supplies the environment (a throwaway DJANGO_SECRET_KEY, DATABASE_URL,
REDIS_URL, NUM_PROXIES=0, DJANGO_SECURE_SSL_REDIRECT=0, ORDER_CHECKOUT_RATE...)."""

from datetime import timedelta

from config.settings.production import *  # noqa: F403

# Throttling still runs (its cache round trip is part of every request), it just never refuses.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = dict.fromkeys(  # noqa: F405
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],  # noqa: F405
    "1000000/min",
)
ROOT_URLCONF = "bench.urls"

# A full run lasts longer than an access token's 15 minutes: the tokens the harness signs at
# the start must still be valid at the end.
SIMPLE_JWT = {**SIMPLE_JWT, "ACCESS_TOKEN_LIFETIME": timedelta(hours=3)}  # noqa: F405
