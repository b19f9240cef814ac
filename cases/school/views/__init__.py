"""The school screens: holidays, the pupil import and the staff screen."""
