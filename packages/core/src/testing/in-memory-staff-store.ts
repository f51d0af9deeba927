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
  async list(): Promise<StaffMember[]> {
    // Code-unit order, as SQL's binary collation sorts (localeCompare would put '_' before '-').
    return [...this.members.values()].map((m) => copy(m)).sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  }
}

/** In-memory twin of the staff session store. */
export class InMemoryStaffSessionStore implements StaffSessionStore {
  private readonly sessions = new Map<string, StaffSession>();
  async create(session: StaffSession): Promise<void> {
    this.sessions.set(session.id, { ...session });
  }
  async findByTokenHash(tokenHash: string): Promise<StaffSession | undefined> {
    const s = [...this.sessions.values()].find((x) => x.tokenHash === tokenHash);
    return s && { ...s };
  }
  async delete(id: string): Promise<void> {
    this.sessions.delete(id);
  }
}
