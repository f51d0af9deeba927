import * as z from 'zod';
import type { Topic } from './common.js';
import { TOPICS } from './common.js';

/**
 * The queue order, shared by the server and every client so that all show the same order.
 *
 * Each waiting conversation has a base `level`: 0 is danger now (only danger), then the level an
 * administrator gives its topic (1 = most urgent … MAX_TOPIC_LEVEL). Defaults: minors 1, violence
 * in the couple or family and sexual or sexist violence 2, cyber-harassment and discrimination 3,
 * general and other questions 4. Inside a level, the longest wait comes first.
 *
 * Ageing: every QUEUE_AGING_MS of waiting raises a conversation one level, up to level 1 at most
 * (only danger is level 0), so a general question waiting 30 minutes ranks with the most urgent
 * non-danger ones and is never starved.
 */
export const QUEUE_AGING_MS = 10 * 60_000;
export const MAX_TOPIC_LEVEL = 9;

export type TopicLevels = Record<Topic, number>;

export const DEFAULT_TOPIC_LEVELS: TopicLevels = {
  minors: 1,
  violence: 2,
  cyberharassment: 3,
  discrimination: 3,
  general: 4,
  other: 4,
};

const topicLevel = z.number().int().min(1).max(MAX_TOPIC_LEVEL);
/** `GET` and `PUT /api/topic-priorities`: every topic's level (1 = most urgent). */
export const topicLevelsSchema = z.object(Object.fromEntries(TOPICS.map((t) => [t, topicLevel])) as Record<Topic, typeof topicLevel>);
export const topicPrioritiesSchema = z.object({ levels: topicLevelsSchema });

/** The base level of a conversation (before ageing). */
export function baseLevel(entry: { danger: boolean; topic: Topic }, levels: TopicLevels = DEFAULT_TOPIC_LEVELS): number {
  return entry.danger ? 0 : levels[entry.topic];
}

/** The level after ageing at `nowMs`. */
export function effectiveLevel(entry: { level: number; waitingSince: string }, nowMs: number): number {
  if (entry.level === 0) return 0;
  const waited = Math.max(0, nowMs - Date.parse(entry.waitingSince));
  return Math.max(1, entry.level - Math.floor(waited / QUEUE_AGING_MS));
}

/** Sort comparator: most urgent first, then longest wait, then id (a total order). */
export function compareQueue<E extends { level: number; waitingSince: string; id?: string; conversationId?: string }>(
  nowMs: number,
): (a: E, b: E) => number {
  return (a, b) => {
    const level = effectiveLevel(a, nowMs) - effectiveLevel(b, nowMs);
    if (level !== 0) return level;
    if (a.waitingSince !== b.waitingSince) return a.waitingSince < b.waitingSince ? -1 : 1;
    const ia = a.id ?? a.conversationId ?? '';
    const ib = b.id ?? b.conversationId ?? '';
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
}
