"""Alerts: e-mail digests of new matches between needs and offers, at each person's pace."""
