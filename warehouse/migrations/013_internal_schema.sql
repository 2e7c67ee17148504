-- The pipeline's own state (the tables warehouse/tables/ calls internal) lives in schema internal, out of the
-- list BI tools show. Migrations 003, 008 and 010 now make those tables there, and apply_migrations moves the
-- ones an older vnews made in main before any migration runs (see move_internal_tables in warehouse/schema.py).
-- This migration makes the schema, and marks a warehouse of an older vnews as not yet migrated: its readers get
-- only the macros that read no table.
create schema if not exists internal;
