"""The audit log: who did what to what, when, with the values before and after."""
