-- Step 1 of the README's server recipe, run once by the postgres image on a new volume.
CREATE ROLE intervoo_owner LOGIN PASSWORD 'change-me-owner';
CREATE DATABASE intervoo OWNER intervoo_owner;
CREATE ROLE intervoo_app LOGIN PASSWORD 'change-me-app';
