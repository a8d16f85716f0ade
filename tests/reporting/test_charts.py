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
