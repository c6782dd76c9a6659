"""ShopFront's public API: fronts catalog and orders, rate limited per client with Redis."""
