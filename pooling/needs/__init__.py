"""Needs: what a member organisation is looking for, posted on the needs board."""
