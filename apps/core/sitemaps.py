from django.contrib.sitemaps import Sitemap

# The storefront's public pages (client-side routes of the SPA).
PUBLIC_PAGES = ("/", "/catalog", "/legal/privacy", "/legal/terms", "/legal/disclaimer")


class StorefrontSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return list(PUBLIC_PAGES)

    def location(self, item: str) -> str:
        return item
