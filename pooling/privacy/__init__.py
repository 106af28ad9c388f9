"""Members' data: an organisation's export of all its data, and the erasure of a person."""
