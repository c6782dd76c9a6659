"""Stock levels and reservations of ShopFront's products."""
