/* darksite banner: the active incident from status.json, on another site.
 * Options, classes, custom properties, crossorigin, referrerpolicy, CSP nonce and
 * language (the container's lang picks status.json's "translations"): docs/outputs.md.
 * Text goes in through textContent and links must be http(s): status.json cannot
 * inject markup. Built-in rules are in :where(), first in the head: host rules win.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || !window.URL) return;
  var attr = function (name, fallback) { return script.getAttribute(name) || fallback; };
  var statusUrl = new URL(attr("data-status-url", "../status.json"), script.src);
  var target = document.querySelector(attr("data-target", "[data-darksite-banner]"));
  var label = attr("data-label", "Incident");
  var refresh = parseInt(attr("data-refresh", "0"), 10) || 0;
  var impacts = { critical: "#b00020", major: "#b45309", minor: "#1d4ed8" };
  var css = ":where(.darksite-banner){display:block;padding:var(--darksite-banner-padding,.6em 1em);" +
    "background:var(--darksite-banner-background,var(--darksite-impact));" +
    "color:var(--darksite-banner-color,#fff);font:var(--darksite-banner-font,inherit);line-height:1.4}" +
    ":where(.darksite-banner a){color:var(--darksite-banner-link-color,inherit);text-decoration:underline}";
  Object.keys(impacts).forEach(function (impact) {
    css += ":where(.darksite-" + impact + "){--darksite-impact:var(--darksite-" + impact + "," +
      impacts[impact] + ")}";
  });

  function addStyles() {
    if (attr("data-styles", "") === "none" || document.getElementById("darksite-banner-styles")) return;
    var style = document.createElement("style");
    style.id = "darksite-banner-styles";
    if (script.nonce) style.nonce = script.nonce;  // a strict-CSP host's nonce
    style.textContent = css;
    var head = document.head || document.documentElement;
    head.insertBefore(style, head.firstChild);  // first: the host's own rules come later and win
  }

  function link(value) {
    try {
      var url = new URL(value, statusUrl);
      return /^https?:$/.test(url.protocol) ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function element(tag, text, name) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (name) node.className = name;
    return node;
  }

  function hostLang() {
    var node = target && target.closest("[lang]");
    return ((node && node.lang) || document.documentElement.lang || "").toLowerCase();
  }

  function translated(incident) {
    var all = incident.translations || {};
    var want = hostLang();
    var tags = Object.keys(all);
    var tag = tags.filter(function (t) { return t.toLowerCase() === want; })[0] ||
      tags.filter(function (t) { return t.toLowerCase() === want.split("-")[0]; })[0];
    var version = tag && all[tag];
    if (!version || !version.name) return incident;
    return { impact: incident.impact, name: version.name, url: version.url,
      summary: version.summary, label: version.label, lang: tag, dir: version.dir };
  }

  function show(data) {
    if (!target || !data || !Array.isArray(data.incidents)) return;
    var incidents = data.incidents;
    if (!incidents.length) {
      target.hidden = true;
      return;
    }
    var incident = translated(incidents[0]);
    var impact = impacts[incident.impact] ? incident.impact : "major";
    var words = incident.label || label;
    addStyles();
    var box = element("div", "", "darksite-banner darksite-" + impact);
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", words);
    box.setAttribute("data-impact", impact);
    if (incident.lang) box.lang = incident.lang;
    if (incident.dir) box.dir = incident.dir;
    box.appendChild(element("strong", (data.rehearsal ? "REHEARSAL " : "") + words + ": ",
      "darksite-banner-label"));
    var href = link(incident.shortlink || incident.url || "");
    var title = element(href ? "a" : "span", String(incident.name || ""), "darksite-banner-link");
    if (href) {
      title.href = href;
      title.referrerPolicy = "no-referrer";
    }
    if (incident.summary) title.title = String(incident.summary);
    box.appendChild(title);
    if (incidents.length > 1) {
      box.appendChild(element("span", " (+" + (incidents.length - 1) + " more)",
        "darksite-banner-more"));
    }
    target.replaceChildren(box);
    target.hidden = false;
  }

  function check() {
    fetch(statusUrl.href, { cache: "no-cache", credentials: "omit", mode: "cors",
      referrerPolicy: "no-referrer" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(show, function () { /* unreachable: keep the fallback link */ });
  }

  check();
  if (refresh > 0) setInterval(check, Math.max(refresh, 30) * 1000);
})();
