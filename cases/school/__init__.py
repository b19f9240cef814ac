"""School data: school years and their holidays, groups, pupils and the pupil import,
and the staff screen (who teaches which group)."""
