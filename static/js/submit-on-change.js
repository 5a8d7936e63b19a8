// A select marked data-submit-on-change submits its form when changed with the mouse or on a phone.
// (Inline onchange= handlers are forbidden by the Content-Security-Policy.)
document.querySelectorAll("select[data-submit-on-change]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});
