// The review's network comes by a request of its own, after the page: the rest of the
// review shows at once, and the network, the longest to sum and draw, follows. Without
// scripts, or when the request fails, the box keeps its link to the network's own page.
(() => {
  document.querySelectorAll("[data-network-src]").forEach(async (box) => {
    const waiting = box.querySelector(".review-network-wait");
    box.setAttribute("aria-busy", "true");
    if (waiting) waiting.textContent = box.dataset.networkWaiting;
    try {
      const response = await fetch(box.dataset.networkSrc, {
        credentials: "same-origin", headers: { Accept: "text/html" } });
      if (!response.ok) throw new Error(`${response.status}`);
      // The server's own template, escaped there; it carries no script.
      box.innerHTML = await response.text();
    } catch (error) {
      if (waiting) waiting.textContent = box.dataset.networkFailed;
    } finally {
      box.removeAttribute("aria-busy");
    }
  });
})();
