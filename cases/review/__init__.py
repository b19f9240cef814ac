"""The weekly review of registrations (§11.1): which weeks and which registrations the IB or
the directie reviewed, and the week boundaries the review is counted in."""
