"""Writing a table cell: exact on the screen, small numbers hidden in what leaves the school."""

from django import template

from reporting.trends.tables import Cell

register = template.Library()


@register.filter
def cell_text(cell: Cell, suppress: bool = False) -> str:
    return cell.text(suppress=bool(suppress))
