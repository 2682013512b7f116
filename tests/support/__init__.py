"""Shared test helpers (real servers, real audio, real databases)."""
