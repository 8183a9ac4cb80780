-- logistics 0.1.0 -> 0.2.0
-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION logistics UPDATE TO '0.2.0'" to load this file. \quit

-- Changes to the objects that 0.1.0 had come first; the SQL files of what is
-- new in 0.2.0 follow (the Makefile appends them: NEW_IN_0_2_0).
