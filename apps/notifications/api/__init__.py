"""/api/v1/notifications/: the user's in-app inbox and preferences (`inbox.py`), admins'
templates, statistics and broadcasts (`staff.py`), the SMS gateway's delivery receipts and the
DEBUG-only development SMS outbox (`gateway.py`)."""
