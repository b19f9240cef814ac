"""The stappenplan screens: the case list, the case workspace with its records and steps,
the PDFs, and Mijn werk."""
