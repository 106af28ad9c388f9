"""The review of usage: what the pole pools, how it is used, who cooperates with whom, the
balance of giving and receiving; for the animation cell, and for each organisation about
itself."""
