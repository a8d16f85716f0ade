"""Server-side SVG charts: accessible, embeddable, text kept as text, safe across threads."""

import re
import threading
import xml.etree.ElementTree as ET

from reporting.charts import bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"
SERIES = {
    "Demo Borough Council": [("2020", 41.0), ("2021", None), ("2022", 52.3)],
    "England": [("2020", 58.0), ("2021", 59.9), ("2022", 49.2)],
}


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def test_line_chart_is_accessible_inline_svg():
    markup = line_chart(title="Plans within 20 weeks <all>", series=SERIES, unit="%")
    assert markup.startswith("<svg")
    assert "<?xml" not in markup and "<!DOCTYPE" not in markup and "<metadata>" not in markup
    root = parse(markup)
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Plans within 20 weeks <all>"  # escaped in the markup, read back whole
    assert "&lt;all&gt;" in markup
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "Demo Borough Council: 2020 41.0%, 2021 no data, 2022 52.3%" in desc.text
    assert root.get("viewBox")


def test_text_is_text_and_no_font_is_embedded_or_fetched():
    markup = line_chart(title="T20", series=SERIES, unit="%")
    texts = "".join(parse(markup).itertext())
    for label in ("2020", "2021", "2022", "Demo Borough Council", "England"):
        assert label in texts
    assert "@font-face" not in markup and "url(http" not in markup
    families = {e.get("font-family") for e in parse(markup).iter(f"{SVG}text")}
    assert families == {"Arial, Helvetica, 'DejaVu Sans', sans-serif"}
    assert "<path id=" not in markup.split("<defs>", 1)[0]  # no glyph outlines before the chart


def test_ids_are_prefixed_per_chart_and_references_follow():
    first = line_chart(title="One", series=SERIES, unit="%")
    second = bar_chart(title="Two", bars=[("A", 1.0), ("B", 2.0)], unit="count")
    ids_first = set(re.findall(r'id="([^"]+)"', first))
    ids_second = set(re.findall(r'id="([^"]+)"', second))
    assert ids_first and ids_second and not ids_first & ids_second
    for reference in re.findall(r'(?:href="#|url\(#)([^")]+)', first):
        assert reference in ids_first
    # No inline style (the site's CSP forbids it): matplotlib's <style> and style="..."
    # became presentation attributes, its *{stroke-linejoin...} rule inherited from the figure.
    for markup in (first, second):
        assert "style=" not in markup and "<style" not in markup
    assert re.search(r'<g id="c[0-9a-f]{8}-figure_1" stroke-linejoin="round"', first)


def test_the_same_chart_gives_the_same_markup():
    assert line_chart(title="T", series=SERIES, unit="%") == line_chart(
        title="T", series=SERIES, unit="%"
    )


def test_bar_chart_highlight_is_not_colour_alone():
    bars = [("Stockport", 3.3), ("Bury", 3.0), ("Sefton", 2.2)]
    markup = bar_chart(title="Prevalence 2005", bars=bars, unit="%", highlight="Stockport")
    root = parse(markup)
    desc = root.find(f"{SVG}desc").text
    assert desc == "Bar chart. Stockport 3.3%, Bury 3.0%, Sefton 2.2%. Stockport is highlighted."
    bold = [
        element
        for element in root.iter(f"{SVG}text")
        if element.get("font-weight") in ("700", "bold")
    ]
    assert any("Stockport" in (element.text or "") for element in bold)
    assert "#f47738" in markup  # the highlight colour, besides the bold label
    for text in ("3.3%", "3.0%", "2.2%"):
        assert text in "".join(root.itertext())


def test_units_label_the_axes():
    money = bar_chart(title="Spend", bars=[("Independent", 1_500_000.0)], unit="£")
    assert "£1,500,000" in money
    weeks = line_chart(title="Weeks", series={"A": [("2023", 18.5)]}, unit="weeks")
    assert "weeks" in "".join(parse(weeks).itertext())


def test_empty_and_missing_data_still_draw():
    assert parse(bar_chart(title="Nothing", bars=[], unit="count")).get("role") == "img"
    markup = line_chart(title="Gaps", series={"A": [("2020", None), ("2021", None)]}, unit="%")
    assert "2020 no data" in markup
    markup = bar_chart(title="Zeroes", bars=[("A", 0.0), ("B", None)], unit="%")
    assert "B no data" in markup


def test_charts_can_be_drawn_from_many_threads_at_once():
    results, errors = {}, []

    def draw(number):
        try:
            results[number] = line_chart(
                title=f"Chart {number}",
                series={"A": [("2020", number), ("2021", 2 * number)]},
                unit="count",
            )
        except Exception as error:  # pragma: no cover - the failure is the assertion below
            errors.append(error)

    threads = [threading.Thread(target=draw, args=(n,)) for n in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    for number, markup in results.items():
        assert parse(markup).find(f"{SVG}title").text == f"Chart {number}"
        assert f"2021 {2 * number}" in markup


# Readable where shown (issue 19.12) ---------------------------------------------------------

# The widths a chart is shown at, in CSS px. A chart's SVG shrinks with its column (svg.portal-
# chart: max-width 100%) and is never enlarged. On a 320 px phone a column is 290 px (GOV.UK's
# page margins are 15 px each side); on a desktop the dashboard's half column is 465 px (half of
# the 960 px page and its 30 px gutter, less the gutter).
PHONE_COLUMN, DESKTOP_HALF_COLUMN = 290, 465
SMALL_PRINT = {PHONE_COLUMN: 14, DESKTOP_HALF_COLUMN: 16}  # GOV.UK's 14 px / 16 px small print

MANY_SERIES = {
    "New EHC plans within 20 weeks, excluding exceptions (DfE's headline)": [
        ("2021", 50.0),
        ("2022", 60.0),
        ("2023", 55.0),
    ],
    "Within 20 weeks, including exceptions": [("2021", 50.0), ("2022", 60.0), ("2023", 50.0)],
    "Statistical neighbours": [("2021", 50.0), ("2022", 58.0), ("2023", 55.0)],
    "England": [("2021", 50.0), ("2022", 49.2), ("2023", 50.3)],
    "Bury": [("2021", 50.0), ("2022", 40.0), ("2023", 45.0)],
}


def text_sizes_shown(markup: str, column: float) -> dict[str, float]:
    """Each piece of text's size in CSS px when the chart is shown in a column this wide: the
    SVG is width="Wpt" over a viewBox W wide, so a unit is 4/3 px at full size, scaled down
    to the column if the chart is wider than it."""
    root = parse(markup)
    units_wide = float(root.get("viewBox").split()[2])
    assert root.get("width") == f"{units_wide:g}pt"
    scale = 4 / 3 * min(1.0, column / (units_wide * 4 / 3))
    sizes = {}
    for element in root.iter(f"{SVG}text"):
        size = float(element.get("font-size").removesuffix("px"))
        sizes["".join(element.itertext()) or "?"] = size * scale
    assert sizes
    return sizes


def test_chart_text_is_at_least_small_print_where_it_is_shown():
    charts = [
        line_chart(title="Timeliness", series=MANY_SERIES, unit="%"),
        line_chart(title="Spend", series={"Spend": [("2024", 1_234_567.0)]}, unit="£"),
        line_chart(title="Weeks", series={"A": [("2023", 18.5)]}, unit="weeks"),
        bar_chart(
            title="Primary need",
            bars=[("Social, emotional and mental health", 22.5), ("Autistic spectrum", 31.5)]
            + [(f"Need {n}", float(n)) for n in range(10)],
            unit="%",
            highlight="Autistic spectrum",
        ),
    ]
    for markup in charts:
        for column, small_print in SMALL_PRINT.items():
            sizes = text_sizes_shown(markup, column)
            too_small = {text: round(px, 1) for text, px in sizes.items() if px < small_print}
            assert not too_small, (column, too_small)


def _series(markup: str) -> list[dict]:
    """Each plotted series (its group is id="...series-N"): its dash pattern and the outline of
    its marker, as drawn."""
    root = parse(markup)
    shapes = {
        element.get("id"): element.get("d")
        for element in root.iter(f"{SVG}path")
        if element.get("id")
    }
    found = []
    for group in root.iter(f"{SVG}g"):
        if not re.search(r"-series-\d+$", group.get("id") or ""):
            continue
        line = next(p for p in group.iter(f"{SVG}path") if p.get("fill") == "none")
        uses = list(group.iter(f"{SVG}use"))
        hrefs = {use.get("{http://www.w3.org/1999/xlink}href") for use in uses}
        assert len(hrefs) == 1, hrefs
        found.append(
            {
                "dashes": line.get("stroke-dasharray") or "solid",
                "marker": shapes[hrefs.pop().removeprefix("#")],
                "colour": line.get("stroke"),
            }
        )
    return found


def test_each_line_has_its_own_marker_and_dash_pattern_not_colour_alone():
    series = _series(line_chart(title="Timeliness", series=MANY_SERIES, unit="%"))
    assert len(series) == len(MANY_SERIES)
    assert len({s["dashes"] for s in series}) == len(series), [s["dashes"] for s in series]
    assert len({s["marker"] for s in series}) == len(series)
    assert len({s["colour"] for s in series}) == len(series)
