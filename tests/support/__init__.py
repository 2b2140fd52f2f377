"""Shared pytest plugins (fixtures) for the test suite."""
