"""ShopFront's product catalog: products in PostgreSQL, hot reads cached in Redis."""
