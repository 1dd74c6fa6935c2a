from django.urls import path

from .api import images, products, reference, stock

urlpatterns = [
    path("", products.ProductListApi.as_view(), name="product-list"),
    path("categories/", reference.CategoryTreeApi.as_view(), name="category-tree"),
    path("substances/", reference.SubstanceListApi.as_view(), name="substance-list"),
    path("manufacturers/", reference.ManufacturerListApi.as_view(), name="manufacturer-list"),
    path("stock/low/", stock.LowStockListApi.as_view(), name="stock-low"),
    path("stock/near-expiry/", stock.NearExpiryListApi.as_view(), name="stock-near-expiry"),
    path(
        "batches/<int:batch_id>/write-off/",
        stock.BatchWriteOffApi.as_view(),
        name="batch-write-off",
    ),
    path(
        "batches/<int:batch_id>/correction/",
        stock.BatchCorrectionApi.as_view(),
        name="batch-correction",
    ),
    path(
        "batches/<int:batch_id>/movements/",
        stock.BatchMovementListApi.as_view(),
        name="batch-movements",
    ),
    path("<int:product_id>/batches/", stock.ProductBatchListApi.as_view(), name="product-batches"),
    path("<int:product_id>/images/", images.ProductImageListApi.as_view(), name="product-images"),
    path(
        "<int:product_id>/images/<int:image_id>/",
        images.ProductImageDetailApi.as_view(),
        name="product-image-detail",
    ),
    path("<slug:key>/", products.ProductDetailApi.as_view(), name="product-detail"),
    path(
        "<slug:key>/alternatives/",
        products.ProductAlternativesApi.as_view(),
        name="product-alternatives",
    ),
]
