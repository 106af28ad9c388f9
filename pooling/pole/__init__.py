"""The pole itself: the settings its animation cell chooses."""
