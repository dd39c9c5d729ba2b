/* inspector: what the elder-friendly (适老化) checks measure in the rendered page.
 * Run as execute_script(source, command, config); returns plain JSON-able data.
 *   "fingerprint": class/id tokens of the page skeleton outside the main text (template dedupe)
 *   "measure":     viewport, lang, title, entrances, toolbar scripts, floating windows, text sizes
 *   "recheck":     where the floating windows found by "measure" are now (do they move?)
 * It only reads the page; nothing is changed or clicked. */
return (function (command, cfg) {
  "use strict";
  var doc = document, win = window;
  var SKIP = {SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, TEMPLATE: 1, HEAD: 1, TITLE: 1, svg: 1, SVG: 1};
  var CHROME_TAGS = {HEADER: 1, NAV: 1, FOOTER: 1, ASIDE: 1};
  var CHROME_WORDS = /(?:^|[\s_-])(?:head|header|top|topbar|nav|navbar|menu|foot|footer|bottom|copyright|breadcrumb|crumb|position|location|dqwz|sidebar|side|aside)(?:$|[\s_\d-])/i;
  var CLOSE_TEXT = /^(?:[×xX✕✖╳]|关\s*闭|关闭广告|\[关闭\]|close)$/i;
  var CLOSE_ATTR = /close|guanbi|关闭|shut/i;

  function cls(el) { return (el.getAttribute && el.getAttribute("class")) || ""; }
  function esc(s) { return (win.CSS && CSS.escape) ? CSS.escape(s) : String(s).replace(/[^\w-]/g, "\\$&"); }
  function selectorOf(el) {
    var parts = [];
    while (el && el.nodeType === 1 && el !== doc.documentElement) {
      if (el.id && doc.querySelectorAll("#" + esc(el.id)).length === 1) { parts.unshift("#" + esc(el.id)); break; }
      var part = el.tagName.toLowerCase(), parent = el.parentElement;
      var names = cls(el).trim().split(/\s+/).filter(Boolean).slice(0, 2);
      if (names.length) part += "." + names.map(esc).join(".");
      if (parent) {
        var same = Array.prototype.filter.call(parent.children, function (c) { return c.tagName === el.tagName; });
        if (same.length > 1) part += ":nth-of-type(" + (same.indexOf(el) + 1) + ")";
      }
      parts.unshift(part);
      if (parts.length >= 6) break;
      el = parent;
    }
    return parts.join(" > ");
  }
  function openTag(el) {
    var html = el.outerHTML || "", inner = el.innerHTML || "", close = "</" + el.tagName.toLowerCase() + ">";
    if (html.slice(-close.length).toLowerCase() === close) html = html.slice(0, -close.length);
    var head = inner && html.slice(-inner.length) === inner ? html.slice(0, html.length - inner.length) : html;
    return head.length > 300 ? head.slice(0, 300) + "…" : head;
  }
  function shown(el) {
    for (var n = el; n && n.nodeType === 1; n = n.parentElement) {
      var s = win.getComputedStyle(n);
      if (s.display === "none" || s.visibility === "hidden" || parseFloat(s.opacity) < 0.05) return false;
    }
    var r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }
  function chromeLike(el) {
    for (var n = el; n && n !== doc.body && n.nodeType === 1; n = n.parentElement) {
      if (CHROME_TAGS[n.tagName] || CHROME_WORDS.test(n.id || "") || CHROME_WORDS.test(cls(n))) return true;
      var role = n.getAttribute("role");
      if (role === "navigation" || role === "banner" || role === "contentinfo") return true;
    }
    return false;
  }
  function blockOf(el) {
    for (var n = el; n && n !== doc.body; n = n.parentElement) {
      var d = win.getComputedStyle(n).display;
      if (d !== "inline" && d !== "contents" && d.indexOf("inline") !== 0) return n;
    }
    return doc.body;
  }
  function textNodes() {
    var out = [], walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT, null), node;
    while ((node = walker.nextNode()) && out.length < 20000) {
      var text = node.nodeValue.replace(/\s+/g, "");
      var el = node.parentElement;
      if (text.length < 2 || !el || SKIP[el.tagName] || el.closest("script,style,noscript,template,svg")) continue;
      out.push({el: el, len: text.length, text: text});
    }
    return out;
  }
  // The element holding most of the page's running text, outside header, nav and footer.
  function mainContainer(nodes) {
    var score = new Map(), best = null, bestScore = 0;
    nodes.forEach(function (t) {
      var block = blockOf(t.el), box = block.parentElement || block;
      if (chromeLike(box)) return;
      score.set(box, (score.get(box) || 0) + t.len);
    });
    score.forEach(function (value, el) { if (value > bestScore) { best = el; bestScore = value; } });
    return best;
  }

  function fingerprint() {
    var main = mainContainer(textNodes()), tokens = {};
    var all = doc.body ? doc.body.getElementsByTagName("*") : [];
    for (var i = 0; i < all.length && i < 5000; i++) {
      var el = all[i];
      if (SKIP[el.tagName] || (main && main !== el && main.contains(el))) continue;
      var names = cls(el).trim().split(/\s+/).filter(Boolean).sort();
      if (!names.length && !el.id) continue;
      tokens[el.tagName.toLowerCase() + (el.id ? "#" + el.id.replace(/\d+/g, "0") : "") +
             (names.length ? "." + names.join(".") : "")] = 1;
    }
    return Object.keys(tokens).sort();
  }

  function entrances() {
    var words = new RegExp(cfg.entrance_pattern), found = [];
    var all = doc.body ? doc.body.getElementsByTagName("*") : [];
    for (var i = 0; i < all.length && found.length < 20; i++) {
      var el = all[i];
      if (SKIP[el.tagName]) continue;
      var own = "";
      for (var c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 3) own += c.nodeValue;
      own = own.replace(/\s+/g, "");
      var attrs = [el.getAttribute("title"), el.getAttribute("aria-label"), el.getAttribute("alt"),
                   el.getAttribute("value")].filter(Boolean).join(" ");
      var hit = (own.length <= 20 && words.test(own)) ? own : (words.test(attrs) ? attrs : "");
      if (!hit) continue;
      found.push({text: hit.slice(0, 40), tag: el.tagName.toLowerCase(), selector: selectorOf(el),
                  visible: shown(el), html: openTag(el)});
    }
    return found;
  }
  function toolbarScripts() {
    var pattern = new RegExp(cfg.toolbar_pattern, "i"), found = [];
    Array.prototype.forEach.call(doc.scripts, function (s) {
      var src = s.getAttribute("src") || "";
      if (src && pattern.test(src)) found.push(src.slice(0, 300));
    });
    return found;
  }

  function rectOf(el) {
    var r = el.getBoundingClientRect();
    return {left: Math.round(r.left), top: Math.round(r.top), width: Math.round(r.width), height: Math.round(r.height)};
  }
  function closeControl(box) {
    var nodes = box.querySelectorAll("*");
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      var text = n.childElementCount === 0 ? (n.textContent || "").trim() : "";
      var attrs = [n.id, cls(n), n.getAttribute("title"), n.getAttribute("aria-label"), n.getAttribute("alt"),
                   n.getAttribute("onclick")].filter(Boolean).join(" ");
      if ((CLOSE_TEXT.test(text) || CLOSE_ATTR.test(attrs)) && shown(n)) return selectorOf(n);
    }
    return null;
  }
  // What lies under the floating element at a few points: page content it hides from the reader.
  function covered(el, r) {
    var xs = [r.left + r.width / 2, r.left + 8, r.right - 8], ys = [r.top + r.height / 2, r.top + 8, r.bottom - 8];
    for (var i = 0; i < xs.length; i++) {
      for (var j = 0; j < ys.length; j++) {
        var x = xs[i], y = ys[j];
        if (x < 0 || y < 0 || x >= win.innerWidth || y >= win.innerHeight) continue;
        var stack = doc.elementsFromPoint(x, y);
        for (var k = 0; k < stack.length; k++) {
          var under = stack[k];
          if (under === el || el.contains(under) || under.contains(el)) continue;
          if (/^(IMG|A|INPUT|VIDEO|IFRAME|CANVAS|BUTTON|SELECT|TEXTAREA)$/.test(under.tagName) ||
              (under.textContent || "").replace(/\s+/g, "").length > 0) {
            return selectorOf(under);
          }
        }
      }
    }
    return null;
  }
  function floating() {
    var vw = win.innerWidth, vh = win.innerHeight, found = [], boxes = [];
    var all = doc.body ? doc.body.getElementsByTagName("*") : [];
    for (var i = 0; i < all.length && i < 20000; i++) {
      var el = all[i];
      if (SKIP[el.tagName] || boxes.some(function (b) { return b.contains(el); })) continue;
      var s = win.getComputedStyle(el);
      var zIndex = parseInt(s.zIndex, 10) || 0;
      var topLevel = !el.offsetParent || el.offsetParent === doc.body || el.offsetParent === doc.documentElement;
      if (!(s.position === "fixed" || (s.position === "absolute" && zIndex >= 10 && topLevel))) continue;
      if (!shown(el)) continue;
      var r = el.getBoundingClientRect();
      var w = Math.min(r.right, vw) - Math.max(r.left, 0), h = Math.min(r.bottom, vh) - Math.max(r.top, 0);
      if (w < cfg.popup_min_side || h < cfg.popup_min_side || w * h < cfg.popup_min_area) continue;
      // A fixed header or footer bar across the page is layout, not a window over the content.
      if (r.width >= 0.9 * vw && r.height <= 0.2 * vh && (r.top <= 1 || r.bottom >= vh - 1)) continue;
      boxes.push(el);
      found.push({selector: selectorOf(el), html: openTag(el), position: s.position, z_index: zIndex,
                  rect: rectOf(el), viewport: {width: vw, height: vh},
                  share: Math.round(1000 * w * h / (vw * vh)) / 1000,
                  close: closeControl(el), covers: covered(el, r),
                  text: (el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 60)});
    }
    win.__inspectorFloating = boxes;
    return found;
  }
  function recheck() {
    return (win.__inspectorFloating || []).map(function (el) { return el.isConnected ? rectOf(el) : null; });
  }

  function textSizes() {
    var nodes = textNodes(), main = mainContainer(nodes), sizes = {}, smallBlocks = new Map();
    var mainChars = 0, smallChars = 0, smallest = null;
    nodes.forEach(function (t) {
      if (!main || !main.contains(t.el) || !shown(t.el)) return;
      var size = Math.round(parseFloat(win.getComputedStyle(t.el).fontSize) * 10) / 10;
      mainChars += t.len;
      sizes[size] = (sizes[size] || 0) + t.len;
      if (size < cfg.min_font_px) {
        smallChars += t.len;
        smallest = smallest === null ? size : Math.min(smallest, size);
        var block = blockOf(t.el), entry = smallBlocks.get(block) || {chars: 0, size: size, text: ""};
        entry.chars += t.len;
        entry.size = Math.min(entry.size, size);
        if (entry.text.length < 60) entry.text += t.text;
        smallBlocks.set(block, entry);
      }
    });
    var examples = [];
    smallBlocks.forEach(function (e, block) {
      examples.push({selector: selectorOf(block), font_size: e.size, chars: e.chars, text: e.text.slice(0, 60)});
    });
    examples.sort(function (a, b) { return b.chars - a.chars; });
    return {main: main ? selectorOf(main) : null, main_chars: mainChars, small_chars: smallChars,
            smallest: smallest, sizes: sizes, examples: examples.slice(0, 5)};
  }

  function measure() {
    var viewport = doc.querySelector('meta[name="viewport" i]');
    return {
      url: String(win.location.href), title: doc.title || "",
      lang: doc.documentElement.getAttribute("lang") || "",
      viewport: viewport ? (viewport.getAttribute("content") || "") : null,
      window: {width: win.innerWidth, height: win.innerHeight},
      entrances: entrances(), toolbar_scripts: toolbarScripts(),
      floating: floating(), text: textSizes()
    };
  }

  if (!doc.body) return command === "fingerprint" ? [] : null;
  if (command === "fingerprint") return fingerprint();
  if (command === "measure") return measure();
  if (command === "recheck") return recheck();
  return null;
})(arguments[0], arguments[1] || {});
