import pytest
from kombu import pools
from pytest_httpserver import HTTPServer

from tests.conftest import FakeSmsGateway, use_sms_gateway

from .fakes import FakeEskiz


class QuickHTTPServer(HTTPServer):
    """Stops within 50 ms instead of werkzeug's default half-second poll."""

    def thread_target(self) -> None:
        self.server.serve_forever(poll_interval=0.05)


@pytest.fixture
def own_httpserver():
    """A local HTTP server for this test only, answering requests concurrently: a reply held
    back (slow gateway, timeout) can neither block nor leak into another test."""
    server = QuickHTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def threaded_sms_gateway(own_httpserver, settings) -> FakeSmsGateway:
    """The fake SMS gateway on its own concurrent server, for tests that hold replies."""
    return use_sms_gateway(FakeSmsGateway(own_httpserver), settings)


@pytest.fixture
def eskiz(own_httpserver, settings) -> FakeEskiz:
    fake = FakeEskiz(own_httpserver)
    settings.SMS_PROVIDER = "eskiz"
    settings.SMS_ESKIZ_BASE_URL = fake.base_url
    settings.SMS_ESKIZ_EMAIL = FakeEskiz.EMAIL
    settings.SMS_ESKIZ_PASSWORD = FakeEskiz.PASSWORD
    return fake


class CeleryBroker:
    """Switches the Celery app from eager in-process tasks to publishing to a real broker URL
    (reachable or not), and back."""

    def __init__(self, app):
        self.app = app
        self.saved = {
            "broker_url": app.conf.broker_url,
            "task_always_eager": app.conf.task_always_eager,
        }

    def use(self, url: str) -> None:
        self.app.conf.update(broker_url=url, task_always_eager=False)
        self._drop_connections()

    def restore(self) -> None:
        self.app.conf.update(**self.saved)
        self._drop_connections()

    def _drop_connections(self) -> None:
        # The connection and producer pools were opened for the previous broker URL.
        pools.reset()
        self.app._pool = None
        self.app.amqp._producer_pool = None


@pytest.fixture
def celery_broker():
    from config.celery import app

    broker = CeleryBroker(app)
    yield broker
    broker.restore()
