// "Our offers" shows how many open needs each published offer can serve. Matching one offer
// against every open need takes a moment, so the page comes first and the counts follow,
// one offer after the other; a link to the offer's page stands in until then.
(() => {
  const links = [...document.querySelectorAll("[data-matching-needs]")];
  (async () => {
    for (const link of links) {
      try {
        const response = await fetch(link.dataset.matchingNeeds, {
          headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok) continue;
        const found = await response.json();
        const hidden = link.querySelector(".visually-hidden");
        link.textContent = found.label;
        if (hidden) link.append(hidden);
        link.classList.toggle("text-muted", found.count === 0);
        link.dataset.count = found.count;
      } catch (error) {
        // The link to the offer's page stays.
      }
    }
  })();
})();
