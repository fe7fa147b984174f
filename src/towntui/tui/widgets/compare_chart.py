"""The Compare screen's chart: one metric across years, a line and a glyph per town
(plotext through textual-plotext), the towns' glyphs and names below it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.containers import Vertical
from textual.widgets import Label
from textual_plotext import PlotextPlot

from towntui.core.chart import BOX_ASCII, Chart, draw, legend
from towntui.core.i18n import tr


class ChartPlot(PlotextPlot):
    """A plotext plot whose frame is ASCII in ``--ascii`` mode."""

    ascii = False

    def render(self) -> RenderResult:
        """The plot, its frame characters made ASCII when asked."""
        result = super().render()
        if self.ascii and isinstance(result, Text):
            result.plain = result.plain.translate(BOX_ASCII)  # same length: styles stay
        return result


class CompareChart(Vertical):
    """The plot and a legend line (glyph and name of each town)."""

    DEFAULT_CSS = """
    CompareChart { height: 1fr; }
    CompareChart ChartPlot { height: 1fr; }
    CompareChart #chart-legend { height: auto; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        """The plot above its legend."""
        yield ChartPlot()
        yield Label(id="chart-legend")

    def show(self, chart: Chart | None, *, lang: str, ascii: bool) -> None:
        """Draw ``chart`` (None or no series: say there is nothing to draw)."""
        plot = self.query_one(ChartPlot)
        plot.ascii = ascii
        label = self.query_one("#chart-legend", Label)
        if chart is None or not chart.series:
            plot.plt.clear_data()
            plot.plt.clear_figure()
            plot.plt.title(tr(lang, "这一行没有带年份的数值", "No dated figures in this row"))
            label.update("")
        else:
            draw(plot.plt, chart, lang=lang, ascii=ascii, color=None)
            label.update(Text("   ".join(legend(chart, lang, ascii))))
        plot.refresh()
