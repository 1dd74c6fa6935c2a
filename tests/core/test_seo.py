"""Robots and sitemaps for the public catalog."""

import pytest

from tests.products.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_robots_keeps_crawlers_out_of_private_areas_and_names_the_sitemap(anon_client):
    response = anon_client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    for private in ("/api/", "/admin/", "/checkout", "/orders", "/prescriptions"):
        assert f"Disallow: {private}" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_active_products_by_slug_and_the_public_pages(anon_client):
    ProductFactory(slug="paratsetamol-500", is_active=True)
    ProductFactory(slug="hidden-product", is_active=False)
    index = anon_client.get("/sitemap.xml").content.decode()
    assert "sitemap-products.xml" in index
    assert "sitemap-pages.xml" in index
    products = anon_client.get("/sitemap-products.xml").content.decode()
    assert "http://testserver/products/paratsetamol-500" in products
    assert "hidden-product" not in products
    pages = anon_client.get("/sitemap-pages.xml").content.decode()
    assert "http://testserver/legal/privacy" in pages


def test_unknown_sitemap_section_is_404(anon_client):
    assert anon_client.get("/sitemap-nothing.xml").status_code == 404
