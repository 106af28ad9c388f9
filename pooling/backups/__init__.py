"""Backups of the whole pole: the database and the offers' photos in one archive."""
