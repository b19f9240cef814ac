"""Privacy by default (AVG): retention policies, the monthly anonymisation run and its log,
and the privacy page for the school's privacy officer."""
