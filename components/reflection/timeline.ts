/**
 * The deal's timeline on the reflection page, and the links into it: every hard-data figure
 * opens the part of the timeline it was counted from (`#timeline-email`, `#tp-<key>`).
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { dealFigures } from '../../lib/deal-figures';
import type { Channel, Direction, Touchpoint } from '../../lib/model';

/** What the timeline shows: everything, one channel, one direction, or the replies. */
export type TimelineFilter = 'all' | Channel | Direction | 'replies' | 'late';

export const TIMELINE_FILTERS: readonly TimelineFilter[] = [
  'all',
  'email',
  'call',
  'meeting',
  'note',
  'inbound',
  'outbound',
  'internal',
  'replies',
  'late',
];

export function isTimelineFilter(s: string): s is TimelineFilter {
  return (TIMELINE_FILTERS as readonly string[]).includes(s);
}

/** Anchor of a filtered timeline: `#timeline-email`; `#timeline` shows everything. */
export function timelineAnchor(filter: TimelineFilter): string {
  return filter === 'all' ? 'timeline' : `timeline-${filter}`;
}

/** Anchor of one touchpoint on the timeline; keys hold `:` and other characters ids avoid. */
export function touchpointAnchor(key: string): string {
  return `tp-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

type Figures = ReturnType<typeof dealFigures>;

export function createTimeline(touchpoints: ReadonlySignal<Touchpoint[]>, figures: ReadonlySignal<Figures | undefined>) {
  /** Keys of replies, and of replies that were late. */
  const replyKeys = computed(() => {
    const replies = new Map<string, { late: boolean; workingMs: number }>();
    for (const a of figures.value?.response.analyses.values() ?? []) {
      for (const r of a.responses) replies.set(r.reply.key, { late: r.late, workingMs: r.workingMs });
    }
    return replies;
  });
  const worstReplyKey = computed(() => {
    let worst: { key: string; ms: number } | undefined;
    for (const [key, r] of replyKeys.value) if (!worst || r.workingMs > worst.ms) worst = { key, ms: r.workingMs };
    return worst?.key;
  });
  const filter = signal<TimelineFilter>('all');
  const open = signal(false);
  const items = computed(() => {
    const f = filter.value;
    const replies = replyKeys.value;
    return [...touchpoints.value]
      .filter((t) => {
        if (f === 'all') return true;
        if (f === 'replies') return replies.has(t.key);
        if (f === 'late') return replies.get(t.key)?.late === true;
        return t.channel === f || t.direction === f;
      })
      .sort((a, b) => b.at - a.at || (a.key < b.key ? -1 : 1));
  });
  return {
    replyKeys,
    worstReplyKey,
    timeline: items,
    timelineFilter: filter as ReadonlySignal<TimelineFilter>,
    timelineOpen: open as ReadonlySignal<boolean>,
    setTimelineOpen: (value: boolean) => void (open.value = value),
    showTimeline(f: TimelineFilter): void {
      batch(() => {
        filter.value = f;
        open.value = true;
      });
    },
  };
}
