"""The stappenplan applied to a case: the case and everything recorded on it, the step
changes with their guards and deadlines, the facts the guards read, the case workspace,
Mijn werk, and the case's PDF documents."""
