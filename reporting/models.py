"""The coordinator's own records: monitor results, trainings, the yearly report. Reporting
has its own tables but never writes a case."""

from reporting.monitor.models import MonitorInstrument, MonitorResult

__all__ = ["MonitorInstrument", "MonitorResult"]
