import { DEFAULT_TOPIC_LEVELS, type TopicLevels } from '@brigade/protocol';
import { describe, expect, it } from 'vitest';
import { takeConversation, takeNextConversation } from '../conversations/take-conversation.js';
import { buildWorld, type World } from '../testing/builders.js';
import { readTopicPriorities, replaceTopicPriorities, TopicPriorities, type TopicPriorityDeps, type TopicPriorityStore } from './topic-priorities.js';

const MINUTE = 60_000;
const AT = '2026-01-01T00:00:00.000Z';

/** Keeps every save, as the database would keep the last one. */
class FakeTopicPriorityStore implements TopicPriorityStore {
  readonly saves: { levels: TopicLevels; at: string }[] = [];
  constructor(private initial: TopicLevels | null = null) {}
  async load(): Promise<TopicLevels | null> {
    const last = this.saves.at(-1);
    return last ? { ...last.levels } : this.initial;
  }
  async save(levels: TopicLevels, at: string): Promise<void> {
    this.saves.push({ levels: { ...levels }, at });
  }
}

function priorityDeps(w: World, store = new FakeTopicPriorityStore()): TopicPriorityDeps & { priorityStore: FakeTopicPriorityStore } {
  return { priorities: w.priorities, priorityStore: store, conversations: w.conversations, events: w.events, audit: w.audit, clock: w.clock };
}

/** General questions first, minors last: the defaults turned upside down. */
const GENERAL_FIRST: TopicLevels = { ...DEFAULT_TOPIC_LEVELS, general: 1, minors: 5 };

describe('TopicPriorities', () => {
  it('starts from the defaults when nothing was ever saved', async () => {
    const priorities = await TopicPriorities.load(new FakeTopicPriorityStore(null));
    expect(priorities.levels).toEqual(DEFAULT_TOPIC_LEVELS);
  });

  it('starts from the saved levels when there are some', async () => {
    const priorities = await TopicPriorities.load(new FakeTopicPriorityStore(GENERAL_FIRST));
    expect(priorities.levels).toEqual(GENERAL_FIRST);
  });

  it('a conversation in danger is level 0 whatever its topic; otherwise its topic level', () => {
    const priorities = new TopicPriorities(GENERAL_FIRST);
    expect(priorities.levelOf({ danger: true, topic: 'minors' })).toBe(0);
    expect(priorities.levelOf({ danger: false, topic: 'minors' })).toBe(5);
    expect(priorities.levelOf({ danger: false, topic: 'general' })).toBe(1);
  });
});

describe('readTopicPriorities', () => {
  it('every staff member reads the levels in force', async () => {
    const w = buildWorld();
    const deps = priorityDeps(w);
    const root = await w.addStaff('root', ['admin']);
    const anna = await w.addStaff('anna', ['operator']);
    const sam = await w.addStaff('sam', ['supervisor']);

    for (const actor of [root.actor, anna.actor, sam.actor]) expect(readTopicPriorities(deps, actor)).toEqual(DEFAULT_TOPIC_LEVELS);
    await replaceTopicPriorities(deps, root.actor, GENERAL_FIRST);
    expect(readTopicPriorities(deps, anna.actor)).toEqual(GENERAL_FIRST);
  });

  it('citizens get auth/forbidden', async () => {
    const w = buildWorld();
    const citizen = await w.startAsCitizen();

    expect(() => readTopicPriorities(priorityDeps(w), citizen.actor)).toThrow(expect.objectContaining({ code: 'auth/forbidden' }));
  });
});

describe('replaceTopicPriorities', () => {
  it('an administrator replaces the levels: saved with the time, in force at once, returned', async () => {
    const w = buildWorld();
    const deps = priorityDeps(w);
    const root = await w.addStaff('root', ['admin']);

    const levels = await replaceTopicPriorities(deps, root.actor, GENERAL_FIRST);

    expect(levels).toEqual(GENERAL_FIRST);
    expect(deps.priorityStore.saves).toEqual([{ levels: GENERAL_FIRST, at: AT }]);
    expect(w.priorities.levels).toEqual(GENERAL_FIRST);
    expect((await TopicPriorities.load(deps.priorityStore)).levels).toEqual(GENERAL_FIRST);
  });

  it('is audited as settings.topic_priorities_changed with the topics that changed', async () => {
    const w = buildWorld();
    const deps = priorityDeps(w);
    const root = await w.addStaff('root', ['admin']);

    await replaceTopicPriorities(deps, root.actor, GENERAL_FIRST);

    expect(w.audit.entries).toHaveLength(1);
    expect(w.audit.entries[0]).toMatchObject({
      action: 'settings.topic_priorities_changed',
      actorId: root.member.id,
      detail: { changed: 'minors=5,general=1' },
    });
  });

  it('saving the levels unchanged is still audited, as changing nothing', async () => {
    const w = buildWorld();
    const deps = priorityDeps(w);
    const root = await w.addStaff('root', ['admin']);

    await replaceTopicPriorities(deps, root.actor, { ...DEFAULT_TOPIC_LEVELS });

    expect(w.audit.entries.map((e) => [e.action, e.detail])).toEqual([['settings.topic_priorities_changed', { changed: 'none' }]]);
  });

  it('anyone but an administrator gets auth/forbidden: nothing saved, levels unchanged, nothing announced', async () => {
    const w = buildWorld();
    const deps = priorityDeps(w);
    const sam = await w.addStaff('sam', ['supervisor', 'operator']);
    const citizen = await w.startAsCitizen();
    w.events.published.splice(0);

    await expect(replaceTopicPriorities(deps, sam.actor, GENERAL_FIRST)).rejects.toMatchObject({ code: 'auth/forbidden' });
    await expect(replaceTopicPriorities(deps, citizen.actor, GENERAL_FIRST)).rejects.toMatchObject({ code: 'auth/forbidden' });

    expect(deps.priorityStore.saves).toEqual([]);
    expect(w.priorities.levels).toEqual(DEFAULT_TOPIC_LEVELS);
    expect(w.events.published).toEqual([]);
    expect(w.audit.entries).toEqual([]);
  });

  it('re-announces every waiting conversation as queue.upsert, and only those', async () => {
    const w = buildWorld();
    const deps = priorityDeps(w);
    const root = await w.addStaff('root', ['admin']);
    const anna = await w.addStaff('anna', ['operator']);
    const first = await w.startAsCitizen({ topic: 'general' });
    const second = await w.startAsCitizen({ topic: 'violence' });
    const held = await w.startAsCitizen({ topic: 'general' });
    await takeConversation(w.deps, anna.actor, { conversationId: held.conversationId });
    w.events.published.splice(0);

    await replaceTopicPriorities(deps, root.actor, GENERAL_FIRST);

    expect(w.events.published.map((e) => e.type)).toEqual(['queue.upsert', 'queue.upsert']);
    const announced = w.events.ofType('queue.upsert').map((e) => e.conversation);
    expect(announced.map((c) => c.id).sort()).toEqual([first.conversationId, second.conversationId].sort());
    expect(announced).toEqual(expect.arrayContaining([await w.conversations.get(first.conversationId), await w.conversations.get(second.conversationId)]));
  });

  it('changes the order take_next follows', async () => {
    const w = buildWorld();
    const deps = priorityDeps(w);
    const root = await w.addStaff('root', ['admin']);
    const anna = await w.addStaff('anna', ['operator'], { topics: ['general', 'minors'] });
    const bruno = await w.addStaff('bruno', ['operator'], { topics: ['general', 'minors'] });
    const minorsA = await w.startAsCitizen({ topic: 'minors' });
    const minorsB = await w.startAsCitizen({ topic: 'minors' });
    w.clock.advance(MINUTE);
    const general = await w.startAsCitizen({ topic: 'general' });

    // Defaults: minors (1) before general (4), the older first.
    expect((await takeNextConversation(w.deps, anna.actor)).id).toBe(minorsA.conversationId);

    await replaceTopicPriorities(deps, root.actor, GENERAL_FIRST);

    // Now general (1) comes before minors (5), although it has waited less.
    expect((await takeNextConversation(w.deps, bruno.actor)).id).toBe(general.conversationId);
    expect((await w.conversations.get(minorsB.conversationId))?.status).toBe('waiting');
  });
});
