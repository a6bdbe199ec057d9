"""Shared pytest fixtures for the server extension's tests."""

pytest_plugins = ["pytest_jupyter.jupyter_server"]
