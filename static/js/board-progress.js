// The board report's progress while it is being built: polls the status URL named in
// data-status-url, moves the progress bar and the words, and reloads the page when it is done.
// Without JavaScript the page offers a refresh link instead.
const box = document.querySelector("[data-board-progress]");

if (box) {
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-board-progress-text]");
  const interval = Number(box.dataset.pollMilliseconds) || 2000;

  const poll = () => {
    fetch(box.dataset.statusUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then((response) => response.json())
      .then((state) => {
        if (state.done) {
          window.location.reload();
          return;
        }
        bar.max = state.steps || 1;
        bar.value = state.progress;
        bar.textContent = `${state.percent}%`;
        if (text.textContent !== state.label) {
          text.textContent = state.label;
        }
        window.setTimeout(poll, interval);
      })
      .catch(() => window.setTimeout(poll, interval * 2.5));
  };

  window.setTimeout(poll, interval);
}
