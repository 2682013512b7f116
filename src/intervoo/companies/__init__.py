"""companies package."""
