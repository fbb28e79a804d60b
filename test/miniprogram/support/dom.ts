/**
 * A small DOM for miniprogram-simulate under jest's node environment. simulate (j-component +
 * exparser) renders into a DOM; the project has no jsdom installed, and the renderer only needs the
 * node tree, attributes, text and events — so this provides exactly that, nothing visual.
 * What the tests assert is the rendered text of the real @vant/weapp components, read from here.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

type Listener = { fn: (e: any) => void; capture: boolean };

class FakeEvent {
  type: string;
  bubbles: boolean;
  cancelable: boolean;
  target: any = null;
  currentTarget: any = null;
  defaultPrevented = false;
  propagationStopped = false;
  timeStamp = 0;
  constructor(type: string, init: any = {}) {
    this.type = type;
    this.bubbles = !!init.bubbles;
    this.cancelable = !!init.cancelable;
    Object.keys(init).forEach((k) => {
      if (!(k in this)) (this as any)[k] = init[k];
    });
  }
  preventDefault() {
    this.defaultPrevented = true;
  }
  stopPropagation() {
    this.propagationStopped = true;
  }
}
class FakeCustomEvent extends FakeEvent {
  detail: any;
  constructor(type: string, init: any = {}) {
    super(type, init);
    this.detail = init.detail;
  }
}

class FakeNode {
  nodeType = 1;
  parentNode: FakeNode | null = null;
  childNodes: FakeNode[] = [];
  private listeners: Record<string, Listener[]> = {};
  [key: string]: any;

  get firstChild() {
    return this.childNodes[0] ?? null;
  }
  get lastChild() {
    return this.childNodes[this.childNodes.length - 1] ?? null;
  }
  get nextSibling(): FakeNode | null {
    const p = this.parentNode;
    if (!p) return null;
    return p.childNodes[p.childNodes.indexOf(this) + 1] ?? null;
  }
  get previousSibling(): FakeNode | null {
    const p = this.parentNode;
    if (!p) return null;
    return p.childNodes[p.childNodes.indexOf(this) - 1] ?? null;
  }
  get ownerDocument() {
    return fakeDocument;
  }

  private detach(node: FakeNode) {
    if (node.parentNode) node.parentNode.removeChild(node);
  }
  private take(node: FakeNode): FakeNode[] {
    if (node.nodeType === 11) {
      const kids = node.childNodes.slice();
      kids.forEach((k) => node.removeChild(k));
      return kids;
    }
    this.detach(node);
    return [node];
  }
  appendChild(node: FakeNode) {
    for (const n of this.take(node)) {
      n.parentNode = this;
      this.childNodes.push(n);
    }
    return node;
  }
  insertBefore(node: FakeNode, ref: FakeNode | null) {
    if (!ref) return this.appendChild(node);
    const nodes = this.take(node);
    const at = this.childNodes.indexOf(ref);
    if (at < 0) throw new Error('insertBefore: reference is not a child');
    nodes.forEach((n) => (n.parentNode = this));
    this.childNodes.splice(at, 0, ...nodes);
    return node;
  }
  removeChild(node: FakeNode) {
    const at = this.childNodes.indexOf(node);
    if (at < 0) throw new Error('removeChild: not a child');
    this.childNodes.splice(at, 1);
    node.parentNode = null;
    return node;
  }
  replaceChild(node: FakeNode, old: FakeNode) {
    this.insertBefore(node, old);
    return this.removeChild(old);
  }
  contains(node: FakeNode | null): boolean {
    for (let n = node; n; n = n.parentNode) if (n === this) return true;
    return false;
  }
  get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join('');
  }
  set textContent(v: string) {
    this.childNodes.slice().forEach((c) => this.removeChild(c));
    if (v) this.appendChild(fakeDocument.createTextNode(String(v)));
  }

  addEventListener(type: string, fn: (e: any) => void, opt?: boolean | { capture?: boolean }) {
    const capture = typeof opt === 'object' ? !!opt.capture : !!opt;
    (this.listeners[type] ??= []).push({ fn, capture });
  }
  removeEventListener(type: string, fn: (e: any) => void) {
    this.listeners[type] = (this.listeners[type] ?? []).filter((l) => l.fn !== fn);
  }
  dispatchEvent(event: FakeEvent) {
    event.target = this;
    const path: FakeNode[] = [];
    for (let n: FakeNode | null = this; n; n = n.parentNode) path.push(n);
    for (const node of path) {
      event.currentTarget = node;
      for (const l of (node.listeners[event.type] ?? []).slice()) l.fn.call(node, event);
      if (!event.bubbles || event.propagationStopped) break;
    }
    return !event.defaultPrevented;
  }
  getBoundingClientRect() {
    return { left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0, x: 0, y: 0 };
  }
}

class FakeText extends FakeNode {
  override nodeType = 3;
  data: string;
  constructor(text: string) {
    super();
    this.data = text;
  }
  override get textContent() {
    return this.data;
  }
  override set textContent(v: string) {
    this.data = String(v);
  }
  get nodeValue() {
    return this.data;
  }
  set nodeValue(v: string) {
    this.data = String(v);
  }
  cloneNode() {
    return new FakeText(this.data);
  }
}

class FakeElement extends FakeNode {
  tagName: string;
  attributes: Record<string, string> = {};
  style: Record<string, string> & { cssText?: string } = {};
  scrollTop = 0;
  scrollLeft = 0;
  offsetTop = 0;
  offsetLeft = 0;
  dataset: Record<string, string> = {};
  constructor(tag: string) {
    super();
    this.tagName = tag.toUpperCase();
  }
  get id() {
    return this.attributes.id ?? '';
  }
  set id(v: string) {
    this.attributes.id = v;
  }
  get className() {
    return this.attributes.class ?? '';
  }
  set className(v: string) {
    this.attributes.class = v;
  }
  get classList() {
    const el = this;
    const list = () => el.className.split(/\s+/).filter(Boolean);
    return {
      contains: (c: string) => list().includes(c),
      add: (c: string) => !list().includes(c) && (el.className = [...list(), c].join(' ')),
      remove: (c: string) => (el.className = list().filter((x) => x !== c).join(' ')),
    };
  }
  setAttribute(name: string, value: unknown) {
    this.attributes[name] = String(value);
  }
  getAttribute(name: string) {
    return name in this.attributes ? this.attributes[name] : null;
  }
  hasAttribute(name: string) {
    return name in this.attributes;
  }
  removeAttribute(name: string) {
    delete this.attributes[name];
  }
  set innerHTML(v: string) {
    this.textContent = v;
  }
  get innerHTML() {
    return this.childNodes.map((c) => (c instanceof FakeElement ? c.outerHTML : c.textContent)).join('');
  }
  get outerHTML(): string {
    const tag = this.tagName.toLowerCase();
    const attrs = Object.entries(this.attributes)
      .map(([k, v]) => ` ${k}="${v}"`)
      .join('');
    return `<${tag}${attrs}>${this.innerHTML}</${tag}>`;
  }
  cloneNode(deep = false): FakeElement {
    const el = new FakeElement(this.tagName);
    el.attributes = { ...this.attributes };
    if (deep) this.childNodes.forEach((c) => el.appendChild((c as any).cloneNode(true)));
    return el;
  }
  getElementsByTagName(tag: string): any {
    const out: FakeElement[] = [];
    const walk = (n: FakeNode) =>
      n.childNodes.forEach((c) => {
        if (c instanceof FakeElement) {
          if (tag === '*' || c.tagName === tag.toUpperCase()) out.push(c);
          walk(c);
        }
      });
    walk(this);
    return Object.assign(out, { item: (i: number) => out[i] });
  }
  querySelectorAll(selector: string): FakeElement[] {
    // Only `tag#id` (what simulate asks for, for its style tags).
    const [tag, id] = selector.split('#');
    return this.getElementsByTagName(tag || '*').filter((e: FakeElement) => !id || e.id === id);
  }
}

class FakeFragment extends FakeNode {
  override nodeType = 11;
  cloneNode() {
    return new FakeFragment();
  }
}

class FakeDocument extends FakeElement {
  head = new FakeElement('head');
  body = new FakeElement('body');
  documentElement = new FakeElement('html');
  constructor() {
    super('#document');
    this.nodeType = 9;
    this.documentElement.appendChild(this.head);
    this.documentElement.appendChild(this.body);
    this.appendChild(this.documentElement);
  }
  createElement(tag: string) {
    return new FakeElement(tag);
  }
  createTextNode(text: string) {
    return new FakeText(String(text));
  }
  createDocumentFragment() {
    return new FakeFragment();
  }
  importNode(node: any, deep = false) {
    return node.cloneNode(deep);
  }
}

const fakeDocument = new FakeDocument();

/** Installs the DOM globals simulate expects (window, document, Event, ...). Idempotent. */
export function installDom(): void {
  const g = globalThis as any;
  if (g.document === fakeDocument) return;
  g.window = g;
  g.document = fakeDocument;
  g.Node = FakeNode;
  g.Element = FakeElement;
  g.Text = FakeText;
  g.Event = FakeEvent;
  g.CustomEvent = FakeCustomEvent;
  g.TouchEvent = FakeEvent;
  g.getComputedStyle = () => ({});
  g.requestAnimationFrame = (fn: () => void) => setTimeout(fn, 0);
  g.Image = class {};
}

/** The text a person would read in a rendered subtree (whitespace collapsed). */
export function textOf(node: any): string {
  return String(node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
