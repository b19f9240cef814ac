"""A chart is plain inline SVG with its class, whatever another module did to ElementTree."""

import xml.etree.ElementTree as ET

import pytest

from reporting.trends.charts import SVG_NS, Series, _chart_svg_cached, chart_svg


@pytest.fixture
def svg_prefix_registered():
    """What the two-factor setup's QR code (qrcode's SVG image) does when it is imported."""
    saved = dict(ET._namespace_map)
    ET.register_namespace("svg", SVG_NS)
    _chart_svg_cached.cache_clear()
    yield
    ET._namespace_map.clear()
    ET._namespace_map.update(saved)
    _chart_svg_cached.cache_clear()


def test_a_chart_drawn_after_the_qr_code_is_still_a_plain_svg(svg_prefix_registered):
    svg = chart_svg(title="Meldingen", labels=["a", "b"], series=[Series("2026", (1, 2))])

    assert svg.startswith("<svg ")
    assert 'class="pygal-chart mv-chart"' in svg
    assert f'xmlns="{SVG_NS}"' in svg
    assert "svg:" not in svg and "ns0:" not in svg
