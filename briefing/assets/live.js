// briefing serve: reload the page when the briefing has been rebuilt. Injected only when served,
// never into a written HTML edition. It runs in <head>: the build number is the first thing there. The server answers /__briefing/build?after=N as soon as a
// build later than N exists (or after a while, with N again): a long poll, no external tool.
(function () {
  "use strict";
  const meta = document.querySelector('meta[name="briefing-build"]');
  if (!meta) return;
  const shown = Number(meta.content);

  async function waitForBuild() {
    for (;;) {
      try {
        const response = await fetch("/__briefing/build?after=" + shown, { cache: "no-store" });
        if (response.ok) {
          const state = await response.json();
          if (state.build > shown) {
            location.reload();
            return;
          }
          continue; // no new build yet: ask again
        }
      } catch (error) {
        // The server is busy or stopped; ask again in a moment.
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  document.addEventListener("click", (event) => {
    if (event.target.closest("#briefing-problems .hide")) {
      document.getElementById("briefing-problems").hidden = true;
    }
  });
  waitForBuild();
})();
