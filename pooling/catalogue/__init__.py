"""What members share: skills, premises and tools, their opening hours and valuation."""
