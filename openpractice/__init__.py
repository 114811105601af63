"""Open Practice: validate and publish a school trust's practice, research and policies."""

__version__ = "0.1.0"
