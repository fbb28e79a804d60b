/**
 * The layout checks of `npm run preview -- --check`, run inside each photographed page (so this
 * function must stand alone: playwright sends its source to the browser). Answers a list of
 * { what, detail } a person can act on:
 * - title: the page has no navigationBarTitleText (nor sets one);
 * - viewport: an element reaches past the 375 px screen (and nothing scrolls or clips it);
 * - card: an element of a card or bar (a box that paints a background, border or shadow) reaches
 *   out of that card;
 * - text: a text wider than its box (cut or spilling; an ellipsis is fine), or a short label broken
 *   across lines ("订/单");
 * - picture: an <image> without a mode stretched out of its shape;
 * - words: undefined, NaN, null, [object Object], a raw openid, an error code or a technical error
 *   in the visible text.
 */
export function checkPage({ title, codes, openids }) {
  const out = [];
  const VW = 375;
  const root = document.querySelector('.wx-page');
  if (!title) out.push({ what: 'title', detail: 'no navigationBarTitleText in the page’s json (nor wx.setNavigationBarTitle)' });
  if (!root) return out;

  const cls = (el) =>
    String(el.getAttribute('class') || '')
      .split(/\s+/)
      .filter(Boolean)
      .map((c) => c.replace(/^[a-z0-9-]+--/, ''))
      .filter((c, i, all) => !/^van-(ellipsis|hairline|clearfix)/.test(c) && all.indexOf(c) === i)
      .slice(0, 2)
      .join('.');
  const textOf = (el) => (el.textContent || '').replace(/\s+/g, ' ').trim();
  const short = (s, n = 24) => (s.length > n ? s.slice(0, n) + '…' : s);
  const describe = (el) => {
    const c = cls(el);
    const t = short(textOf(el));
    return `<${el.tagName.toLowerCase()}${c ? '.' + c : ''}>${t ? ' “' + t + '”' : ''}`;
  };
  const visible = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  const clipsX = (el) => {
    const s = getComputedStyle(el);
    return s.overflowX !== 'visible';
  };
  const clipsY = (el) => getComputedStyle(el).overflowY !== 'visible';
  /** Something between `el` and `stop` clips or scrolls it (so its overflow is intended or hidden). */
  const clippedBetween = (el, stop, axis) => {
    for (let p = el.parentElement; p && p !== stop; p = p.parentElement) if (axis === 'x' ? clipsX(p) : clipsY(p)) return true;
    return false;
  };
  const isBadge = (el) => /van-info|van-badge|van-tag--mark/.test(el.getAttribute('class') || '') || ['absolute', 'fixed'].includes(getComputedStyle(el).position);
  const isCard = (el) => {
    if (el === root || el.tagName === 'MAIN') return false;
    const s = getComputedStyle(el);
    if (s.display === 'inline' || s.display === 'contents') return false;
    const bg = s.backgroundColor !== 'rgba(0, 0, 0, 0)' && s.backgroundColor !== 'transparent';
    const border = ['Top', 'Right', 'Bottom', 'Left'].some((side) => parseFloat(s[`border${side}Width`]) > 0 && s[`border${side}Style`] !== 'none');
    const round = parseFloat(s.borderTopLeftRadius) >= 4;
    const shadow = s.boxShadow !== 'none';
    const r = el.getBoundingClientRect();
    // A button or tag paints a background too, but is what sits in a card, not a card.
    if (r.height < 56 && /button|tag|icon|badge|info|switch|radio|checkbox|stepper|loading/.test(el.getAttribute('class') || el.tagName.toLowerCase())) return false;
    return (bg || border || round || shadow) && r.width > 60 && r.height > 24;
  };
  const els = [...root.querySelectorAll('*')].filter((el) => {
    if (!visible(el)) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0.5 && r.height > 0.5;
  });

  // Past the screen.
  const offscreen = new Set();
  for (const el of els) {
    const r = el.getBoundingClientRect();
    if (r.right <= 0) continue; // parked left of the screen on purpose (a canvas that only draws)
    if ((r.right > VW + 0.5 || r.left < -0.5) && !clippedBetween(el, document.body, 'x') && !isBadge(el)) offscreen.add(el);
  }
  for (const el of offscreen) {
    if (offscreen.has(el.parentElement)) continue; // the outermost one says it
    const r = el.getBoundingClientRect();
    out.push({ what: 'viewport', detail: `${describe(el)} spans x ${Math.round(r.left)}–${Math.round(r.right)} px of a ${VW} px screen` });
  }

  // Out of its card.
  const outOfCard = new Map();
  for (const el of els) {
    if (offscreen.has(el) || isBadge(el)) continue;
    let card = null;
    for (let p = el.parentElement; p && p !== root; p = p.parentElement) {
      if (isCard(p)) {
        card = p;
        break;
      }
    }
    if (!card) continue;
    const r = el.getBoundingClientRect();
    const c = card.getBoundingClientRect();
    const overX = r.right > c.right + 1 || r.left < c.left - 1;
    const overY = r.bottom > c.bottom + 2 || r.top < c.top - 2;
    if ((overX && !clippedBetween(el, card, 'x') && !clipsX(card)) || (overY && !clippedBetween(el, card, 'y') && !clipsY(card))) {
      outOfCard.set(el, { card, r, c, overX });
    }
  }
  for (const [el, { card, r, c, overX }] of outOfCard) {
    if (outOfCard.has(el.parentElement)) continue;
    const how = overX ? `x ${Math.round(r.left)}–${Math.round(r.right)} px, its card x ${Math.round(c.left)}–${Math.round(c.right)}` : `y ${Math.round(r.top)}–${Math.round(r.bottom)} px, its card y ${Math.round(c.top)}–${Math.round(c.bottom)}`;
    out.push({ what: 'card', detail: `${describe(el)} leaves its card ${describe(card).slice(0, 48)}: ${how}` });
  }

  // Text wider than its box, and short labels broken across lines.
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const words = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const s = n.data.replace(/\s+/g, ' ').trim();
    if (!s || !n.parentElement || !visible(n.parentElement)) continue;
    words.push(s);
    if (n.parentElement.closest('.wx-input-value')) continue; // a field scrolls what was typed (a placeholder must fit)
    let box = n.parentElement;
    while (box && getComputedStyle(box).display === 'inline') box = box.parentElement;
    if (!box) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    const rects = [...range.getClientRects()].filter((q) => q.width > 0.5);
    if (!rects.length) continue;
    const b = box.getBoundingClientRect();
    const bs = getComputedStyle(box);
    const inner = { left: b.left + parseFloat(bs.borderLeftWidth), right: b.right - parseFloat(bs.borderRightWidth) };
    const left = Math.min(...rects.map((q) => q.left));
    const right = Math.max(...rects.map((q) => q.right));
    const ellipsis = bs.textOverflow === 'ellipsis' || getComputedStyle(n.parentElement).textOverflow === 'ellipsis' || /-webkit-box/.test(bs.display);
    if ((right > inner.right + 1 || left < inner.left - 1) && !ellipsis) {
      out.push({ what: 'text', detail: `“${short(s)}” is ${Math.round(right - left)} px wide in a ${Math.round(inner.right - inner.left)} px box ${describe(box).slice(0, 40)}` });
    }
    const lines = new Set(rects.map((q) => Math.round(q.top / 3)));
    if (s.length <= 8 && lines.size > 1) out.push({ what: 'text', detail: `the label “${s}” breaks across ${lines.size} lines in ${describe(box).slice(0, 40)}` });
  }

  // Pictures squeezed out of shape: an <image> without a mode (scaleToFill) in a box of another shape.
  for (const img of root.querySelectorAll('wx-image > img.wx-image-img')) {
    const host = img.parentElement;
    const mode = host.getAttribute('wx-mode') || 'scaleToFill';
    if (mode !== 'scaleToFill' || !img.naturalWidth || !visible(host)) continue;
    const r = host.getBoundingClientRect();
    if (r.width < 8 || r.height < 8) continue;
    const natural = img.naturalWidth / img.naturalHeight;
    const shown = r.width / r.height;
    if (Math.abs(shown / natural - 1) > 0.05) {
      out.push({ what: 'picture', detail: `${img.naturalWidth}×${img.naturalHeight} picture stretched into ${Math.round(r.width)}×${Math.round(r.height)} px ${describe(host.parentElement || host).slice(0, 40)} (give it a mode, or draw it in that shape)` });
    }
  }

  // Words a person should never read.
  const text = words.join(' \u2003 ');
  const bad = [
    [/\bundefined\b/, 'undefined'],
    [/\bNaN\b/, 'NaN'],
    [/\bnull\b/, 'null'],
    [/\[object Object\]/, '[object Object]'],
    [/request:fail|callFunction:fail|errMsg|errCode|https?:\/\/(127\.0\.0\.1|localhost)|\bat [\w.]+ \(|Error:/, 'a technical error'],
    [new RegExp(`\\b(${[...openids, 'o[A-Za-z0-9_-]{27}'].map((o) => o.replace(/[-]/g, '\\-')).join('|')})\\b`), 'a raw openid'],
    [new RegExp(`\\b(${codes.join('|')}|[A-Z][A-Z0-9]*_[A-Z0-9_]+)\\b`), 'an error code'],
  ];
  for (const [re, name] of bad) {
    const m = re.exec(text);
    if (m) {
      const at = Math.max(0, m.index - 12);
      out.push({ what: 'words', detail: `${name} in the visible text: “…${text.slice(at, m.index + m[0].length + 12).replace(/\u2003/g, '')}…”` });
    }
  }
  return out;
}
