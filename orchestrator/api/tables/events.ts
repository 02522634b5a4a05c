// Event rows (upstream printEvent) for both core/v1 and events.k8s.io/v1 shapes.
import type { KubeObject } from '../types.js';
import { EVENT, META_NAME } from './descriptions.js';
import { parseTime, since } from './duration.js';
import { int } from './format.js';
import { col, type Printer } from './types.js';

/** The fields printEvent reads, in the internal (core) naming. */
interface CoreEventView {
  name: string;
  involvedObject: { kind?: string; name?: string; fieldPath?: string };
  type: string;
  reason: string;
  message: string;
  source: { component?: string; host?: string };
  reportingController: string;
  reportingInstance: string;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  count: number;
  series?: { count?: number; lastObservedTime?: string };
}

/** Maps either wire shape onto the internal field names (as upstream's conversion does). */
export function coreEventView(ev: KubeObject): CoreEventView {
  const isNew = typeof ev.apiVersion === 'string' && ev.apiVersion.startsWith('events.k8s.io/');
  if (isNew) {
    return {
      name: ev.metadata.name ?? '',
      involvedObject: ev.regarding ?? {},
      type: ev.type ?? '',
      reason: ev.reason ?? '',
      message: ev.note ?? '',
      source: ev.deprecatedSource ?? {},
      reportingController: ev.reportingController ?? '',
      reportingInstance: ev.reportingInstance ?? '',
      firstTimestamp: ev.deprecatedFirstTimestamp,
      lastTimestamp: ev.deprecatedLastTimestamp,
      eventTime: ev.eventTime,
      count: int(ev.deprecatedCount),
      series: ev.series ?? undefined,
    };
  }
  return {
    name: ev.metadata.name ?? '',
    involvedObject: ev.involvedObject ?? {},
    type: ev.type ?? '',
    reason: ev.reason ?? '',
    message: ev.message ?? '',
    source: ev.source ?? {},
    reportingController: ev.reportingComponent ?? '',
    reportingInstance: ev.reportingInstance ?? '',
    firstTimestamp: ev.firstTimestamp,
    lastTimestamp: ev.lastTimestamp,
    eventTime: ev.eventTime,
    count: int(ev.count),
    series: ev.series ?? undefined,
  };
}

/** formatEventSource: component (or reportingController) then ", host" (or reportingInstance) when set. */
function eventSource(e: CoreEventView): string {
  const component = e.source.component || e.reportingController;
  const instance = e.source.host || e.reportingInstance;
  return instance ? `${component}, ${instance}` : component;
}

export const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'string', EVENT.lastTimestamp),
    col('Type', 'string', EVENT.type),
    col('Reason', 'string', EVENT.reason),
    col('Object', 'string', EVENT.involvedObject),
    col('Subobject', 'string', EVENT.fieldPath, 1),
    col('Source', 'string', EVENT.source, 1),
    col('Message', 'string', EVENT.message),
    col('First Seen', 'string', EVENT.firstTimestamp, 1),
    col('Count', 'string', EVENT.count, 1),
    col('Name', 'string', META_NAME, 1, 'name'),
  ],
  row(obj, now) {
    const e = coreEventView(obj);
    const firstSeen =
      parseTime(e.firstTimestamp) === undefined ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    let lastSeen = parseTime(e.lastTimestamp) === undefined ? firstSeen : since(e.lastTimestamp, now);
    let count = e.count;
    if (e.series) {
      lastSeen = since(e.series.lastObservedTime, now);
      count = int(e.series.count);
    } else if (count === 0) {
      // Singleton events don't set a count in the new API.
      count = 1;
    }
    const kind = (e.involvedObject.kind ?? '').toLowerCase();
    const target = e.involvedObject.name ? `${kind}/${e.involvedObject.name}` : kind;
    return {
      cells: [
        lastSeen,
        e.type,
        e.reason,
        target,
        e.involvedObject.fieldPath ?? '',
        eventSource(e),
        e.message.trim(),
        firstSeen,
        count,
        e.name,
      ],
    };
  },
};
