// util.js: small helpers every other file uses.
// Defines: $, h, fold, fmt, number, compare, shorten, plural, webLink.
// The DOM is only ever built with h(): text goes in with textContent, never as HTML.

const $ = (id) => document.getElementById(id);

// h("button", {type: "button", text: "Go", onclick: f}, child...): an element.
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined) continue;
    if (key === "text") el.textContent = value;
    else if (key === "className") el.className = value;
    else if (key === "onclick") el.addEventListener("click", value);
    else el.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) el.append(child);
  }
  return el;
}

// Case-, accent- and space-insensitive form of a name, for search.
const fold = (s) => String(s).normalize("NFKD").replace(/\p{M}/gu, "")
  .toLowerCase().replace(/\s+/g, " ").trim();
const fmt = (x) => (x === null || x === undefined) ? "n/a" : Number(x).toFixed(2);
const NUMBER = new Intl.NumberFormat("en");  // (toLocaleString is slow when called per edge)
const number = (x) => NUMBER.format(x);
const plural = (n, one, many) => `${number(n)} ${n === 1 ? one : (many || one + "s")}`;
const shorten = (text, limit) => text.length <= limit ? text : text.slice(0, limit - 1).trimEnd() + "\u2026";

function compare(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

// A link to an article's web page: only http(s) URLs become links (a "javascript:" or
// "data:" value from a graph stays text); it opens in a new tab without a referrer.
function webLink(url, text) {
  if (typeof url !== "string" || !/^https?:\/\/\S+$/i.test(url)) return null;
  return h("a", {href: url, target: "_blank", rel: "noopener noreferrer", text: text || url});
}
