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
import textwrap

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
        "font.size": 12,
    }
)

FONT_STACK = "Arial, Helvetica, 'DejaVu Sans', sans-serif"
BLUE, DARK_BLUE, ORANGE, GREY = "#1d70b8", "#003078", "#f47738", "#505a5f"
PALETTE = ["#1d70b8", "#f47738", "#505a5f", "#00703c", "#4c2c92", "#d4351c", "#28a197"]
# Each series its own dash pattern and marker besides its colour, so lines that cross or lie on
# top of each other still tell apart in grey print or to a reader who cannot see the colours.
DASHES: list = [
    "solid",
    (0, (5, 2)),
    (0, (1, 1.2)),
    (0, (5, 1.5, 1, 1.5)),
    (0, (8, 2.5)),
    (0, (3, 1.5, 1, 1.5, 1, 1.5)),
    (0, (2, 3)),
]
MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
TEXT = "#0b0c0c"

# Size. An SVG chart shrinks with its column (svg.portal-chart: max-width 100%) and never grows,
# so its text is read at (font size) x (column / chart width). The narrowest column a chart is
# shown in is a 320 px phone's: 290 CSS px once GOV.UK's 15 px page margins are off. Drawn
# WIDTH_INCHES wide (326 px) with FONT_POINTS text (16 px, GOV.UK's small print on a desktop),
# the text is still 14 px (small print on a phone) there, and 16 px in the dashboard's half
# column (465 px at desktop width) and on the board report's page, where the chart is not
# shrunk.
NARROWEST_COLUMN_PX = 290
WIDTH_INCHES = 3.4
FONT_POINTS = 12
LINE_INCHES = FONT_POINTS * 1.3 / 72  # one line of chart text
WRAP = 30  # characters of chart text on one line at WIDTH_INCHES


def drawn_now(markup: str) -> bool:
    """Whether a kept drawing is at today's size: one drawn before (7in wide, smaller text)
    is drawn again rather than shown."""
    return f'width="{WIDTH_INCHES * 72:g}pt"' in markup[: markup.find(">")]


def format_number(value, unit: str) -> str:
    """A value as the chart labels it, as the report prints it: 52.3%, 1,234, £1,234,567."""
    return format_value(value, unit) or "no data"


def _axis_formatter(unit: str) -> FuncFormatter:
    """Axis ticks short enough for a narrow chart (£1.2m, not £1,200,000): the figures in full
    are beside each chart, in its table."""

    def label(value, _position):
        if unit == "%":
            return f"{value:g}%"
        if unit == "£":
            for size, suffix in ((1e6, "m"), (1e3, "k")):
                if abs(value) >= size:
                    return f"£{value / size:,.3g}{suffix}"
            return f"£{value:,.0f}"
        return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"

    return FuncFormatter(label)


def _style_axes(axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(GREY)
    axes.tick_params(colors=TEXT, labelsize=FONT_POINTS)


def _wrapped(text: str) -> str:
    return textwrap.fill(text, WRAP, break_long_words=False) or text


def line_chart(*, title: str, series: dict[str, list[tuple[str, float | None]]], unit: str) -> str:
    """Lines over shared categories (years, usually): `series` maps a name to (label, value)
    points; a None value leaves a gap. The x axis takes the labels in the order first seen.
    The legend (when there is more than one line) goes under the chart, a name to a line or
    three, so the chart keeps its width for the lines."""
    labels: list[str] = []
    for points in series.values():
        for label, _value in points:
            if label not in labels:
                labels.append(label)
    names = {name: _wrapped(name) for name in series}
    legend_lines = sum(name.count("\n") + 1 for name in names.values()) if len(series) > 1 else 0
    figure = Figure(
        figsize=(WIDTH_INCHES, 2.6 + legend_lines * LINE_INCHES + 0.1 * (legend_lines > 0)),
        layout="constrained",
    )
    axes = figure.add_subplot()
    _style_axes(axes)
    positions = {label: index for index, label in enumerate(labels)}
    highest = 0.0
    for index, (name, points) in enumerate(series.items()):
        xs = [positions[label] for label, _ in points]
        ys = [math.nan if value is None else float(value) for _, value in points]
        highest = max([highest, *(y for y in ys if not math.isnan(y))])
        colour = PALETTE[index % len(PALETTE)]
        (line,) = axes.plot(
            xs,
            ys,
            label=names[name],
            color=colour,
            linestyle=DASHES[index % len(DASHES)],
            marker=MARKERS[index % len(MARKERS)],
            # Every other series hollow: a marker drawn over another's leaves it in sight.
            markerfacecolor=colour if index % 2 == 0 else "white",
            markeredgewidth=1.5,
            linewidth=2,
            markersize=7,
        )
        line.set_gid(f"series-{index}")
    # As many labels as fit across (about 200pt of axis, 0.64em a character and one between);
    # the table beside the chart has every one.
    fit = max(1, int(200 / ((max(map(len, labels), default=1) + 1) * 0.64 * FONT_POINTS)))
    step = max(1, math.ceil(len(labels) / fit))
    axes.set_xticks(
        range(len(labels)), [lab if i % step == 0 else "" for i, lab in enumerate(labels)]
    )
    axes.set_xlim(-0.4, max(len(labels) - 0.6, 0.4))
    axes.set_ylim(0, _top(highest, unit))
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4))
    axes.yaxis.set_major_formatter(_axis_formatter(unit))
    axes.grid(axis="y", color="#d9d9d9", linewidth=0.6)
    axes.set_axisbelow(True)
    if unit in ("weeks", "count"):
        axes.set_ylabel("weeks" if unit == "weeks" else "number", color=TEXT)
    if len(series) > 1:
        figure.legend(frameon=False, fontsize=FONT_POINTS, loc="outside lower left", handlelength=3)
    description = "Line chart. " + " ".join(
        f"{name}: "
        + ", ".join(f"{label} {format_number(value, unit)}" for label, value in points)
        + "."
        for name, points in series.items()
    )
    return _svg(figure, title, description, data=(labels, series))


BAR_LINES = 1.0  # a bar's thickness, in lines of text
GAP_LINES = 0.5


def bar_chart(
    *, title: str, bars: list[tuple[str, float]], unit: str, highlight: str | None = None
) -> str:
    """Horizontal bars in the given order, each with its name above it and its value at its
    end (names beside the bars would leave a narrow chart no room for them); the bar named
    `highlight` (the council itself, say) is drawn darker and its name and value in bold."""
    names = [name for name, _ in bars]
    values = [0.0 if value is None else float(value) for _, value in bars]
    wrapped = [_wrapped(name) for name in names]
    # Lay the bars out in lines of text from the top: each name's lines, its bar, a gap.
    tops, line = [], 0.0
    for name in wrapped:
        tops.append(line)
        line += name.count("\n") + 1 + BAR_LINES + GAP_LINES
    height_lines = max(line, 2.0)
    figure = Figure(figsize=(WIDTH_INCHES, 0.15 + height_lines * LINE_INCHES))
    axes = figure.add_axes((0.01, 0.0, 0.98, 1.0))
    axes.set_axis_off()
    highest = max(values, default=0.0)
    # Room at the right for the longest value written after its bar (about 0.6 em a character).
    longest = max((len(format_number(value, unit)) for _, value in bars), default=0)
    room = min(0.6, (longest + 1) * 0.6 * FONT_POINTS / (WIDTH_INCHES * 72))
    right = (highest or 1.0) / (1 - room)
    axes.set_xlim(0, right)
    axes.set_ylim(height_lines, 0)  # the first bar at the top, as a table reads
    for top, name, shown, (_, value) in zip(tops, names, wrapped, bars, strict=True):
        weight = "bold" if name == highlight else "normal"
        name_lines = shown.count("\n") + 1
        middle = top + name_lines + BAR_LINES / 2
        size = 0.0 if value is None else float(value)
        axes.barh([middle], [size], height=BAR_LINES, color=ORANGE if name == highlight else BLUE)
        axes.text(0, top, shown, va="top", ha="left", color=TEXT, fontweight=weight)
        axes.text(
            size + right * 0.01,
            middle,
            format_number(value, unit),
            va="center",
            ha="left",
            color=TEXT,
            fontweight=weight,
        )
    axes.axvline(0, color=GREY, linewidth=0.8)
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
