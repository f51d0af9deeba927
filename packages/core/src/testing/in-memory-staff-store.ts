import { copy } from './in-memory-conversation-store.js';
import type { StaffMember, StaffSession } from '../staff/staff.js';
import type { StaffSessionStore, StaffStore } from '../staff/staff-store.js';

/** In-memory twin of the staff store. */
export class InMemoryStaffStore implements StaffStore {
  private readonly members = new Map<string, StaffMember>();
  async count(): Promise<number> {
    return this.members.size;
  }
  async create(member: StaffMember): Promise<boolean> {
    if ([...this.members.values()].some((m) => m.username === member.username)) return false;
    this.members.set(member.id, copy(member));
    return true;
  }
  async createFirst(member: StaffMember): Promise<boolean> {
    return this.members.size === 0 && this.create(member);
  }
  async findById(id: string): Promise<StaffMember | undefined> {
    const m = this.members.get(id);
    return m && copy(m);
  }
  async findByUsername(username: string): Promise<StaffMember | undefined> {
    const m = [...this.members.values()].find((x) => x.username === username);
    return m && copy(m);
  }
  async update(id: string, patch: Parameters<StaffStore['update']>[1]): Promise<StaffMember | undefined> {
    const m = this.members.get(id);
    if (!m) return undefined;
    Object.assign(m, copy(patch));
    return copy(m);
  }
  async list(): Promise<StaffMember[]> {
    // Code-unit order, as SQL's binary collation sorts (localeCompare would put '_' before '-').
    return [...this.members.values()].map((m) => copy(m)).sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  }
}

/** In-memory twin of the staff session store. */
export class InMemoryStaffSessionStore implements StaffSessionStore {
  private readonly sessions = new Map<string, StaffSession>();
  async create(session: StaffSession): Promise<void> {
    this.sessions.set(session.id, copy(session));
  }
  async findByTokenHash(tokenHash: string): Promise<StaffSession | undefined> {
    const s = [...this.sessions.values()].find((x) => x.tokenHash === tokenHash);
    return s && copy(s);
  }
  async delete(id: string): Promise<void> {
    this.sessions.delete(id);
  }
  async update(id: string, patch: Partial<Pick<StaffSession, 'stage' | 'lastSeenAt' | 'stepUpAt' | 'pending'>>): Promise<void> {
    const s = this.sessions.get(id);
    if (s) Object.assign(s, copy(patch));
  }
  async listForStaff(staffId: string): Promise<StaffSession[]> {
    return [...this.sessions.values()].filter((s) => s.staffId === staffId).map((s) => copy(s));
  }
  async deleteAllForStaff(staffId: string): Promise<string[]> {
    const ids = [...this.sessions.values()].filter((s) => s.staffId === staffId).map((s) => s.id);
    for (const id of ids) this.sessions.delete(id);
    return ids;
  }
}
