"""Public catalog pages for search engines: the SPA's product pages, by slug."""

from django.contrib.sitemaps import Sitemap

from .models import Product


class ProductSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8
    limit = 10_000

    def items(self):
        return Product.objects.filter(is_active=True).order_by("pk").only("slug", "updated_at")

    def location(self, item: Product) -> str:
        return f"/products/{item.slug}"

    def lastmod(self, item: Product):
        return item.updated_at
