import pytest

from tests.users.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.urls")]


@pytest.fixture
def many_users():
    return UserFactory.create_batch(105)


def test_default_page_size(anon_client, many_users):
    body = anon_client.get("/api/v1/users/").json()
    assert body["count"] == 105
    assert len(body["results"]) == 20


@pytest.mark.parametrize("page_size", [str(10**9), "9223372036854775808", "1e9"])
def test_huge_page_size_is_capped(anon_client, many_users, page_size):
    response = anon_client.get("/api/v1/users/", {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) in (20, 100)
    assert len(response.json()["results"]) <= 100


def test_page_size_within_cap_is_honoured(anon_client, many_users):
    assert len(anon_client.get("/api/v1/users/", {"page_size": 100}).json()["results"]) == 100
    assert len(anon_client.get("/api/v1/users/", {"page_size": 5}).json()["results"]) == 5


@pytest.mark.parametrize(
    "params",
    [{"limit": "9223372036854775808"}, {"offset": "-1"}, {"page_size": "-5"}, {"page_size": "abc"}],
)
def test_nonsense_paging_params_never_500(anon_client, many_users, params):
    response = anon_client.get("/api/v1/users/", params)
    assert response.status_code == 200
    assert len(response.json()["results"]) <= 100


@pytest.mark.parametrize("page", ["9223372036854775808", "0", "-1", "abc"])
def test_out_of_range_page_is_404_in_error_format(anon_client, many_users, page):
    response = anon_client.get("/api/v1/users/", {"page": page})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
