"""workbench: diagnose a client's mentoring program, match its people, report on it."""

__version__ = "0.1.0"
