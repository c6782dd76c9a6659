-- pricing reads product prices straight from catalog's database instead of asking catalog.
-- Runs once, when the catalog-db volume is first initialised (as the catalog superuser).
CREATE ROLE pricing LOGIN PASSWORD 'pricing';
GRANT CONNECT ON DATABASE catalog TO pricing;
GRANT USAGE ON SCHEMA public TO pricing;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO pricing;
-- catalog creates its tables after this script runs; make them readable as they appear.
ALTER DEFAULT PRIVILEGES FOR ROLE catalog IN SCHEMA public GRANT SELECT ON TABLES TO pricing;
