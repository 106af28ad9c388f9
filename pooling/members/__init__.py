"""Member organisations of the pole and their activity domains."""
