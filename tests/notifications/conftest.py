import pytest
from kombu import pools
from pytest_httpserver import HTTPServer

from tests.conftest import FakeSmsGateway, use_sms_gateway

from .fakes import FakeEskiz


@pytest.fixture
def threaded_sms_gateway(settings):
    """The fake SMS gateway on its own server answering requests concurrently, for tests where
    one request is held while another arrives."""
    server = HTTPServer(threaded=True)
    server.start()
    try:
        yield use_sms_gateway(FakeSmsGateway(server), settings)
    finally:
        server.clear()
        server.stop()


@pytest.fixture
def eskiz(httpserver, settings) -> FakeEskiz:
    fake = FakeEskiz(httpserver)
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
