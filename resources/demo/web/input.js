// Helpers for the search box.

export function debounce(fn, waitMs) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), waitMs);
  };
}

export const escapeHtml = (text) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function highlightMatches(text, words) {
  let out = escapeHtml(text);
  for (const w of words) {
    out = out.replaceAll(w, `<mark>${w}</mark>`);
  }
  return out;
}
