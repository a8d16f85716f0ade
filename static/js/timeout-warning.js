// The GOV.UK timeout warning: a dialog a couple of minutes before the sign-in runs out, with a
// button that keeps it alive (accounts.views.keep_alive). A module, not inline script (CSP).
// Without JavaScript nothing shows and the sign-in simply ends; a form sent afterwards is
// kept on the server and given back after signing in again.

const dialog = document.getElementById("timeout-warning");

function minutesAndSeconds(seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [];
  if (minutes) parts.push(`${minutes} minute${minutes === 1 ? "" : "s"}`);
  if (rest || !minutes) parts.push(`${rest} second${rest === 1 ? "" : "s"}`);
  return parts.join(" ");
}

function start(dialog) {
  const warnFor = Number(dialog.dataset.warningSeconds) || 120;
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const warningPart = dialog.querySelector('[data-timeout-state="warning"]');
  const endedPart = dialog.querySelector('[data-timeout-state="ended"]');
  const form = dialog.querySelector("[data-timeout-keep-alive]");
  let endsAt = Date.now() + Number(dialog.dataset.secondsLeft) * 1000;
  let timer = null;

  const secondsLeft = () => Math.max(0, Math.round((endsAt - Date.now()) / 1000));

  function open() {
    if (!dialog.open) dialog.showModal();
  }

  function ended() {
    warningPart.hidden = true;
    endedPart.hidden = false;
    open();
  }

  function tick() {
    const left = secondsLeft();
    if (left <= 0) {
      ended();
      return;
    }
    if (left <= warnFor) {
      // Screen readers hear the words once, not every second (GOV.UK's advice).
      countdown.textContent = minutesAndSeconds(left);
      warningPart.hidden = false;
      endedPart.hidden = true;
      open();
    }
    timer = window.setTimeout(tick, 1000);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        redirect: "manual", // a sign-in that has ended answers with a redirect to sign in
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error("signed out");
      const body = await response.json();
      endsAt = Date.now() + body.seconds_left * 1000;
      dialog.close();
      tick();
    } catch {
      ended();
    }
  });

  dialog.querySelector("[data-timeout-close]").addEventListener("click", () => dialog.close());
  // Escape closes a modal dialog: treat it as "stay signed in" only by asking the server.
  dialog.addEventListener("cancel", (event) => {
    if (!endedPart.hidden) return;
    event.preventDefault();
    form.requestSubmit();
  });
  tick();
}

if (dialog && typeof dialog.showModal === "function") {
  start(dialog);
}
