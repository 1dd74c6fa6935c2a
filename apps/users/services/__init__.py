"""Every write of the accounts domain, one module per area:

- `otp`: one-time codes (issue with budgets, redeem with counted attempts)
- `sessions`: JWT pairs (start, rotate with exactly-once refresh, revoke)
- `auth`: registration, phone verification, login, lockout
- `passwords`: forgot, reset, change
- `profile`: profile, phone change, account deletion (anonymisation)
- `addresses`: saved delivery addresses
- `management`: admin-only account management (staff accounts, roles, activation)
- `maintenance`: purging stale registrations and old sign-in records
"""
