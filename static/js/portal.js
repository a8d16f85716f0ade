import { createAll, initAll as initGovuk } from "../vendor/govuk/govuk-frontend.min.js";
import { FilterToggleButton, initAll as initMoj } from "../vendor/moj/moj-frontend.min.js";
import "./timeout-warning.js";

initGovuk();
initMoj();
// MOJ's initAll leaves the filter toggle out. A list's filter (data-module="moj-filter") hides
// behind a "Show filter" button (in .moj-action-bar__filter) on screens narrower than a desktop.
// Shown beside the list on a desktop, hidden until asked for below that.
createAll(FilterToggleButton, { startHidden: false });

// "Print" buttons (data-print): the browser's print dialog. Without JavaScript the button is
// hidden (js-enabled) and the page prints from the browser's own menu.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
