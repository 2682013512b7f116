"""Your data, all of it: export, delete, and import into an empty account (`intervoo data`,
`/api/data`). Above the domains: an import is checked by each domain's own row reader."""
