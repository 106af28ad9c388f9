"""Exchanges between members: what each gave and received."""
