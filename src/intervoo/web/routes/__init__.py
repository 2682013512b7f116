"""HTTP routes, one module per feature; each exposes `router`."""
