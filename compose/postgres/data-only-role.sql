-- The role the service connects as, food_app: rows, not schema, as in the local stack (local-infrastructure
-- SystemStack) and in Kubernetes. It may read and change the rows of every table and sequence that the owner
-- food creates (Flyway's migrations, which run as food: SPRING_FLYWAY_USER), and may create or alter none.
-- The image runs this once, as POSTGRES_USER connected to POSTGRES_DB, when it initialises an empty data
-- directory. The password is the local demo's, as every password in docker-compose.yml is.
CREATE ROLE food_app LOGIN PASSWORD 'food_app';
DO $$
BEGIN
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO food_app', current_database());
END
$$;
GRANT USAGE ON SCHEMA public TO food_app;
ALTER DEFAULT PRIVILEGES FOR ROLE food IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO food_app;
ALTER DEFAULT PRIVILEGES FOR ROLE food IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO food_app;
