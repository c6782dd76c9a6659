"""ShopFront's pricing service: list prices from the catalog, volume discounts, over gRPC."""
