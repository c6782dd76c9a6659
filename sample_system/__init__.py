"""ShopFront, the sample microservice system bundled with servicemap.

A small e-commerce backend written the way teams write services, so servicemap's scanner
and trace ingester can be demonstrated and tested against real code. servicemap never
imports or runs it; the services' own tests run in CI. See ARCHITECTURE.md for the map.
"""
