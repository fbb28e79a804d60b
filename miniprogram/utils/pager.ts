/**
 * Paging for every list page: the list's state lives in page data under one key
 * (`{ items, cursor, loading, error, done, loaded }`), rendered by components/list-state
 * (loading / empty / error with retry / "没有更多了"). `reset` starts over (first load,
 * pull-to-refresh, a tab change); otherwise the next page is appended (reach bottom).
 */
import type { Page } from '../../typings/api';
import { errorText } from '../services/call';

export interface ListData<V> {
  items: V[];
  cursor: string | null;
  loading: boolean;
  error: string;
  done: boolean;
  /** The first page has arrived (so an empty list is really empty). */
  loaded: boolean;
  seq: number;
}

export function emptyList<V>(): ListData<V> {
  return { items: [], cursor: null, loading: false, error: '', done: false, loaded: false, seq: 0 };
}

interface Host {
  data: Record<string, any>;
  setData(d: Record<string, unknown>): void;
}

export async function loadList<T, V>(
  host: Host,
  key: string,
  fetch: (cursor: string | undefined) => Promise<Page<T>>,
  map: (t: T) => V,
  reset: boolean,
): Promise<void> {
  const state = host.data[key] as ListData<V>;
  if (!reset && (state.loading || state.done)) return;
  const seq = state.seq + 1;
  const cursor = reset ? undefined : state.cursor ?? undefined;
  host.setData({
    [key]: reset ? { ...emptyList<V>(), loading: true, seq } : { ...state, loading: true, error: '', seq },
  });
  try {
    const page = await fetch(cursor);
    const now = host.data[key] as ListData<V>;
    if (now.seq !== seq) return; // a newer load replaced this one
    host.setData({
      [key]: {
        items: (reset ? [] : now.items).concat(page.items.map(map)),
        cursor: page.nextCursor,
        loading: false,
        error: '',
        done: !page.nextCursor,
        loaded: true,
        seq,
      },
    });
  } catch (e) {
    const now = host.data[key] as ListData<V>;
    if (now.seq !== seq) return;
    host.setData({ [key]: { ...now, loading: false, error: errorText(e), loaded: now.loaded } });
  }
}
