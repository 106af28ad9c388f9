// The declaration form shows the quantity and its value before it is sent. The rates come
// from the server (data-rates); the number is read as the server reads it: « 2,5 » and
// « 2.5 » alike, spaces between thousands, one decimal separator at most.
(() => {
  const preview = document.getElementById("exchange-preview");
  const form = preview && preview.closest("form");
  if (!form) return;
  const rates = JSON.parse(preview.dataset.rates);
  const lang = document.documentElement.lang || "fr";
  const field = (name) => form.elements.namedItem(name);
  const parts = Object.fromEntries(
    [...preview.querySelectorAll("[data-preview]")].map((el) => [el.dataset.preview, el]));

  function parse(text) {
    text = text.trim();
    if (!text || (text.match(/[.,]/g) || []).length > 1) return null;
    if (!/^[+-]?(\d{1,3}([ \u00a0\u202f]\d{3})+|\d+)?([.,]\d+)?$/.test(text)) return null;
    if (!/\d/.test(text)) return null;
    return Number(text.replace(/[ \u00a0\u202f]/g, "").replace(",", "."));
  }

  function rateOf(offer, kind) {
    return (offer && rates.offers[offer]) || rates.kinds[kind] || null;
  }

  function show(name) {
    Object.entries(parts).forEach(([key, el]) => { el.hidden = key !== name; });
    preview.hidden = false;
  }

  function update() {
    const quantity = parse(field("quantity").value);
    if (quantity === null || quantity <= 0) return show("invalid");
    const unit = field("unit").value;
    const names = rates.units[unit] || ["", ""];
    const said = `${new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(quantity)}`
      + ` ${quantity <= 1 ? names[0] : names[1]}`;
    preview.querySelectorAll("[data-preview-quantity]").forEach((el) => { el.textContent = said; });
    const unvalued = field("participation_only");
    if (unvalued && unvalued.checked) return show("unvalued");
    const offer = field("offer_id") && field("offer_id").value;
    const rate = rateOf(offer, field("kind").value);
    if (!rate || !rates.hours[unit] || !rates.hours[rate[1]]) return show("norate");
    const value = quantity * Number(rate[0]) * Number(rates.hours[unit]) / Number(rates.hours[rate[1]]);
    preview.querySelector("[data-preview-amount]").textContent = new Intl.NumberFormat(
      lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
    return show("value");
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
