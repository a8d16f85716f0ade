"""Charts as server-side SVG (matplotlib), to embed inline in a page and in a WeasyPrint PDF.

Each chart is drawn on its own `matplotlib.figure.Figure` (never pyplot, whose global state is
not thread-safe) with the SVG backend, and returned as markup without the XML declaration:

- text stays text (`svg.fonttype = "none"`): no font is embedded or fetched, the page's own
  sans-serif font draws it, and a screen reader or a PDF text search finds the words;
- the root has role="img" and aria-labelledby pointing at a <title> and a <desc> (the figures
  in words), and every id inside is prefixed per chart so that several charts can share a page;
- colours come with a second cue (line style and marker, a bold label for a highlighted bar),
  so no chart relies on colour alone. Callers still put the data table beside the chart.
"""

import hashlib
import html
import io
import math
import re

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .rag import format_value

# Set once at import, never changed afterwards, so reading them from any thread is safe.
matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "send-portal",  # the same chart gives the same markup every time
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans"],  # bundled with matplotlib: metrics only
        "font.size": 9,
    }
)

FONT_STACK = "Arial, Helvetica, 'DejaVu Sans', sans-serif"
BLUE, DARK_BLUE, ORANGE, GREY = "#1d70b8", "#003078", "#f47738", "#505a5f"
PALETTE = ["#1d70b8", "#f47738", "#505a5f", "#00703c", "#4c2c92", "#d4351c", "#28a197"]
STYLES = ["-", "--", ":", "-."]
MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
TEXT = "#0b0c0c"


def format_number(value, unit: str) -> str:
    """A value as the chart labels it, as the report prints it: 52.3%, 1,234, £1,234,567."""
    return format_value(value, unit) or "no data"


def _axis_formatter(unit: str) -> FuncFormatter:
    def label(value, _position):
        if unit == "%":
            return f"{value:g}%"
        if unit == "£":
            return f"£{value:,.0f}"
        return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"

    return FuncFormatter(label)


def _style_axes(axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(GREY)
    axes.tick_params(colors=TEXT, labelsize=8)


def line_chart(*, title: str, series: dict[str, list[tuple[str, float | None]]], unit: str) -> str:
    """Lines over shared categories (years, usually): `series` maps a name to (label, value)
    points; a None value leaves a gap. The x axis takes the labels in the order first seen."""
    labels: list[str] = []
    for points in series.values():
        for label, _value in points:
            if label not in labels:
                labels.append(label)
    figure = Figure(figsize=(7, 3.2))
    axes = figure.add_subplot()
    _style_axes(axes)
    positions = {label: index for index, label in enumerate(labels)}
    highest = 0.0
    for index, (name, points) in enumerate(series.items()):
        xs = [positions[label] for label, _ in points]
        ys = [math.nan if value is None else float(value) for _, value in points]
        highest = max([highest, *(y for y in ys if not math.isnan(y))])
        axes.plot(
            xs,
            ys,
            label=name,
            color=PALETTE[index % len(PALETTE)],
            linestyle=STYLES[index % len(STYLES)],
            marker=MARKERS[index % len(MARKERS)],
            linewidth=2,
            markersize=5,
        )
    axes.set_xticks(range(len(labels)), labels)
    axes.set_xlim(-0.4, max(len(labels) - 0.6, 0.4))
    axes.set_ylim(0, _top(highest, unit))
    axes.yaxis.set_major_locator(MaxNLocator(nbins=5))
    axes.yaxis.set_major_formatter(_axis_formatter(unit))
    axes.grid(axis="y", color="#d9d9d9", linewidth=0.6)
    axes.set_axisbelow(True)
    if unit in ("weeks", "count"):
        axes.set_ylabel("weeks" if unit == "weeks" else "number", color=TEXT)
    if len(series) > 1:
        axes.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    figure.tight_layout()
    description = "Line chart. " + " ".join(
        f"{name}: "
        + ", ".join(f"{label} {format_number(value, unit)}" for label, value in points)
        + "."
        for name, points in series.items()
    )
    return _svg(figure, title, description, data=(labels, series))


def bar_chart(
    *, title: str, bars: list[tuple[str, float]], unit: str, highlight: str | None = None
) -> str:
    """Horizontal bars in the given order, each labelled with its value; the bar named
    `highlight` (the council itself, say) is drawn darker and its label in bold."""
    figure = Figure(figsize=(7, max(1.6, 0.6 + 0.32 * len(bars))))
    axes = figure.add_subplot()
    _style_axes(axes)
    names = [name for name, _ in bars]
    values = [0.0 if value is None else float(value) for _, value in bars]
    colours = [ORANGE if name == highlight else BLUE for name in names]
    positions = list(range(len(bars)))
    axes.barh(positions, values, color=colours, height=0.65)
    axes.set_yticks(positions, names)
    axes.invert_yaxis()  # the first bar at the top, as a table reads
    highest = max(values, default=0.0)
    axes.set_xlim(0, _top(highest, unit) * 1.12)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=5))
    axes.xaxis.set_major_formatter(_axis_formatter(unit))
    axes.grid(axis="x", color="#d9d9d9", linewidth=0.6)
    axes.set_axisbelow(True)
    for position, (name, value) in zip(positions, bars, strict=True):
        weight = "bold" if name == highlight else "normal"
        axes.text(
            (0.0 if value is None else float(value)) + highest * 0.01,
            position,
            " " + format_number(value, unit),
            va="center",
            fontsize=8,
            color=TEXT,
            fontweight=weight,
        )
    for tick in axes.get_yticklabels():
        if tick.get_text() == highlight:
            tick.set_fontweight("bold")
    figure.tight_layout()
    description = (
        "Bar chart. "
        + ", ".join(f"{name} {format_number(value, unit)}" for name, value in bars)
        + "."
        + (f" {highlight} is highlighted." if highlight in names else "")
    )
    return _svg(figure, title, description, data=(names, values, highlight))


def _top(highest: float, unit: str) -> float:
    if highest <= 0:
        return 100.0 if unit == "%" else 1.0
    top = highest * 1.15
    return min(top, 100.0) if unit == "%" and highest <= 100 else top


_DECLARATION = re.compile(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_SIZE = re.compile(r'<svg([^>]*?)\swidth="([\d.]+)pt"\sheight="([\d.]+)pt"')


def _svg(figure: Figure, title: str, description: str, *, data) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    markup = buffer.getvalue()
    markup = _METADATA.sub("", _DECLARATION.sub("", markup)).strip()
    digest = hashlib.sha1(repr((title, data)).encode(), usedforsecurity=False).hexdigest()
    prefix = f"c{digest[:8]}-"
    markup = re.sub(r'id="([^"]+)"', rf'id="{prefix}\1"', markup)
    markup = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}\1)", markup)
    markup = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}\1"', markup)
    markup = re.sub(r"font-family: [^;\"]+", f"font-family: {FONT_STACK}", markup)
    markup = _without_inline_style(markup)
    title_id, desc_id = f"{prefix}title", f"{prefix}desc"
    markup = _SIZE.sub(
        rf'<svg\1 width="\2pt" height="\3pt" role="img" '
        rf'aria-labelledby="{title_id} {desc_id}" class="portal-chart" focusable="false"',
        markup,
        count=1,
    )
    opening_end = markup.index(">", markup.index("<svg")) + 1
    accessible = (
        f'<title id="{title_id}">{html.escape(title)}</title>'
        f'<desc id="{desc_id}">{html.escape(description)}</desc>'
    )
    return markup[:opening_end] + accessible + markup[opening_end:]


_STYLE_ELEMENT = re.compile(r"<style[^>]*>\*\{([^}]*)\}</style>\s*")
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_FIGURE = re.compile(r'(<g id="[^"]*figure_1")')


def _without_inline_style(markup: str) -> str:
    """The site's Content Security Policy allows no inline style (style-src 'self'), so the
    declarations matplotlib writes as style="fill: ...; stroke: ..." become SVG presentation
    attributes (fill="..." stroke="..."), which CSP does not govern and which draw the same; its
    <style>*{stroke-linejoin: round; ...}</style> becomes attributes on the figure's group, which
    every shape inherits unless it sets its own."""

    def attributes(declarations: str) -> str:
        pairs = (part.split(":", 1) for part in declarations.split(";") if ":" in part)
        return "".join(f' {name.strip()}="{html.escape(value.strip())}"' for name, value in pairs)

    inherited = ""
    found = _STYLE_ELEMENT.search(markup)
    if found:
        inherited = attributes(found.group(1))
        markup = _STYLE_ELEMENT.sub("", markup, count=1)
    markup = _STYLE_ATTRIBUTE.sub(lambda match: attributes(match.group(1)), markup)
    return _FIGURE.sub(lambda match: match.group(1) + inherited, markup, count=1)
