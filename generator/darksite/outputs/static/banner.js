/* darksite banner: shows the active incident from status.json on another site.
 *
 * Snippet (the link is the fallback without JavaScript, or when the status
 * site cannot be reached):
 *   <div data-darksite-banner><a href="https://status.example.com/">Incident updates</a></div>
 *   <script src="https://status.example.com/embed/banner.js" async></script>
 *
 * Options, as attributes of the script tag:
 *   data-status-url  where status.json is (default: ../status.json beside this script)
 *   data-target      CSS selector of the container (default: [data-darksite-banner])
 *   data-label       words before the title (default: "Incident")
 *   data-refresh     seconds between checks, 0 for none (default: 0)
 *
 * The banner follows the host page's language: the nearest lang attribute of
 * the container (else <html lang>) picks the incident's translation from
 * status.json's "translations" (exact tag, then its base language), with its
 * title, link, label and reading direction; otherwise the source text shows.
 *
 * Written by hand, no build step: every text goes in through textContent and
 * every link is checked to be http(s), so status.json can never inject markup.
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
  var colours = { critical: "#b00020", major: "#b45309", minor: "#1d4ed8" };

  function link(value) {
    try {
      var url = new URL(value, statusUrl);
      return /^https?:$/.test(url.protocol) ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function element(tag, text, style) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (style) node.style.cssText = style;
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
    var box = element("div", "", "background:" + (colours[incident.impact] || colours.major) +
      ";color:#fff;padding:.6em 1em;line-height:1.4");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", incident.label || label);
    if (incident.lang) box.lang = incident.lang;
    if (incident.dir) box.dir = incident.dir;
    box.className = "darksite-banner darksite-" + (colours[incident.impact] ? incident.impact : "major");
    box.appendChild(element("strong", (data.rehearsal ? "REHEARSAL " : "") +
      (incident.label || label) + ": "));
    var href = link(incident.shortlink || incident.url || "");
    var title = element(href ? "a" : "span", String(incident.name || ""),
      "color:#fff;text-decoration:underline");
    if (href) title.href = href;
    if (incident.summary) title.title = String(incident.summary);
    box.appendChild(title);
    if (incidents.length > 1) {
      box.appendChild(document.createTextNode(" (+" + (incidents.length - 1) + " more)"));
    }
    target.replaceChildren(box);
    target.hidden = false;
  }

  function check() {
    fetch(statusUrl.href, { cache: "no-cache", credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(show, function () { /* unreachable: keep the fallback link */ });
  }

  check();
  if (refresh > 0) setInterval(check, Math.max(refresh, 30) * 1000);
})();
