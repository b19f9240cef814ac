"""How `scripts/benchmark.py` measures: the pages and who opens them, the test client's pass
(query counts), the HTTP pass against gunicorn, and the tables it prints."""
