"""The demo pole and the large benchmark pole."""
