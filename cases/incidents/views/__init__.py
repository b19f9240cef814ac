"""The incident screens: the list and its CSV, registering, the incident page, attachments
and verification."""
