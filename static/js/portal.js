import { initAll as initGovuk } from "../vendor/govuk/govuk-frontend.min.js";
import { initAll as initMoj } from "../vendor/moj/moj-frontend.min.js";
import "./timeout-warning.js";

initGovuk();
initMoj();

// "Print" buttons (data-print): the browser's print dialog. Without JavaScript the button is
// hidden (js-enabled) and the page prints from the browser's own menu.
for (const button of document.querySelectorAll("[data-print]")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
