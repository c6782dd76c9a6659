const ordersUrl = process.env.ORDERS_URL;
fetch(`${ordersUrl}/orders/1`).then((r) => r.json());
