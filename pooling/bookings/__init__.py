"""The booking engine: members book what others share, never twice the same slot."""
