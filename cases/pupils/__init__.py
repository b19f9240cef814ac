"""The pupil's record: the overview of one pupil across school years, and the search for it."""
