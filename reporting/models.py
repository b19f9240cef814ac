"""The coordinator's own records: monitor results, trainings, the yearly report. Reporting
has its own tables but never writes a case."""

from reporting.monitor.models import MonitorInstrument, MonitorResult
from reporting.yearly.models import ConfidantContribution, Training, YearReport

__all__ = [
    "ConfidantContribution",
    "MonitorInstrument",
    "MonitorResult",
    "Training",
    "YearReport",
]
