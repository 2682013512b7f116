"""Intervoo: a live interview copilot that answers in the candidate's own words."""

__version__ = "0.1.0"
