"""People of member organisations: sign-in, roles, profiles and API tokens."""
