"""The matching engine: the offers that can serve a need, best first, and why."""
