"""ShopFront's order service: reserves stock, takes payment, announces new orders."""
