"""Who sees what, and the trail: the object permissions and the one rule that reads them,
the history of every change, and the access log of every view and download."""
