"""Stand-ins for external services, each a real HTTP server or a provider class, never a patch
of our own code."""

import itertools
import json
import threading

from werkzeug import Response

from apps.notifications.providers.base import ProviderResult


class FakeEskiz:
    """The Eskiz API on a local HTTP server: login with e-mail and password gives a token, a
    send needs the current token (401 otherwise), refresh swaps an expired token for a new one.
    `refresh_works = False` makes refresh answer 401 too, so the client must log in again."""

    EMAIL = "shop@dorixona.uz"
    PASSWORD = "eskiz-secret"

    def __init__(self, httpserver):
        self.server = httpserver
        self.base_url = httpserver.url_for("/api")
        self.messages: list[dict] = []
        self.logins = 0
        self.refreshes = 0
        self.refresh_works = True
        self.valid_tokens: set[str] = set()
        self._tokens = itertools.count(1)
        self._lock = threading.Lock()
        server = httpserver
        server.clear_all_handlers()
        server.expect_request("/api/auth/login", method="POST").respond_with_handler(self._login)
        server.expect_request("/api/auth/refresh", method="PATCH").respond_with_handler(
            self._refresh
        )
        server.expect_request("/api/message/sms/send", method="POST").respond_with_handler(
            self._send
        )

    def expire_tokens(self) -> None:
        self.valid_tokens.clear()

    def _new_token(self) -> Response:
        token = f"token-{next(self._tokens)}"
        self.valid_tokens.add(token)
        body = {"message": "token_generated", "data": {"token": token}, "token_type": "bearer"}
        return Response(json.dumps(body), content_type="application/json")

    def _bearer(self, request) -> str:
        return request.headers.get("Authorization", "").removeprefix("Bearer ")

    def _login(self, request):
        self.logins += 1
        if (request.form.get("email"), request.form.get("password")) != (
            self.EMAIL,
            self.PASSWORD,
        ):
            return Response(json.dumps({"message": "Invalid credentials"}), status=401)
        return self._new_token()

    def _refresh(self, request):
        self.refreshes += 1
        if not self.refresh_works:
            return Response(json.dumps({"message": "Expired"}), status=401)
        return self._new_token()

    def _send(self, request):
        if self._bearer(request) not in self.valid_tokens:
            return Response(json.dumps({"message": "Expired"}), status=401)
        with self._lock:
            self.messages.append(dict(request.form))
            message_id = f"eskiz-{len(self.messages)}"
        body = {"id": message_id, "message": "Waiting for SMS provider", "status": "waiting"}
        return Response(json.dumps(body), content_type="application/json")


class RecordingPushProvider:
    """A push provider (the interface has no real one yet) that keeps what it was given."""

    supports_idempotency_key = True
    sent: list[dict] = []

    def send(self, *, user_id, title, text, data, idempotency_key) -> ProviderResult:
        self.sent.append({"user_id": user_id, "title": title, "text": text, "data": data})
        return ProviderResult(provider_message_id=f"push-{len(self.sent)}")
