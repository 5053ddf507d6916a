// A waiting order page follows its payment: it asks the shop what the page should say,
// less often as time goes by, and reloads once the answer differs from what it shows.
// Without JavaScript the page's <noscript> refresh does the same, more bluntly.
(function () {
  "use strict";
  const watch = document.getElementById("payment-watch");
  if (!watch || !window.fetch) {
    return;
  }
  const url = watch.dataset.statusUrl;
  const shown = watch.dataset.step;
  const started = Date.now();
  const giveUpAfter = 10 * 60 * 1000; // a tab left open is not polled for hours
  const slowest = 15000;
  let delay = 2000;

  function schedule() {
    if (Date.now() - started > giveUpAfter) {
      return;
    }
    window.setTimeout(check, delay);
    delay = Math.min(Math.round(delay * 1.5), slowest);
  }

  function check() {
    if (document.hidden) {
      schedule(); // nobody is looking: ask when they are
      return;
    }
    fetch(url, {credentials: "same-origin", cache: "no-store",
                headers: {"Accept": "application/json"}})
      .then((response) => (response.ok ? response.json() : null))
      .then((answer) => {
        if (answer && answer.step && answer.step !== shown) {
          window.location.reload();
        } else {
          schedule();
        }
      })
      .catch(schedule);
  }

  schedule();
})();
