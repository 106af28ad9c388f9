// "Copy" buttons next to read-only fields: shown only where the clipboard can be used.
document.querySelectorAll("input[readonly]").forEach((field) => {
  field.addEventListener("focus", () => field.select());
});
document.querySelectorAll("[data-copy]").forEach((button) => {
  const field = document.getElementById(button.dataset.copy);
  if (!field || !navigator.clipboard) return;
  button.hidden = false;
  const label = button.textContent;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      button.textContent = button.dataset.copied;
      setTimeout(() => { button.textContent = label; }, 2000);
    } catch {
      field.select();
    }
  });
});
