"""Intervoo: a live interview copilot that answers in the candidate's own words."""

from intervoo import telemetry

telemetry.switch_off()  # before any dependency is imported: nothing leaves the machine

__version__ = "0.1.0"
