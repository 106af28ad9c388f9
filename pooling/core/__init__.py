"""Home page, language choice and health check."""
