// The per-user index: a Redis hash `user-sessions:<userId>` whose fields are
// the user's session ids and whose values are their absolute expiries (ms).
// Listing, "log out everywhere" and live role changes find sessions here.

export interface IndexEntry {
  id: string;
  // The session's absolute expiry as written in the index (NaN if unreadable).
  expiresAt: number;
}

// A login writes its index entry one round trip before its session. An entry
// whose session is missing is only dropped once it is older than this, so a
// listing, sync or "log out everywhere" racing with a login never removes the
// entry of a session that is about to exist (it could then not be listed or
// revoked). Longer than any command timeout (at most 60 s).
const INDEX_ENTRY_GRACE_MS = 61_000;

export function toIndexEntries(fields: Record<string, string>): IndexEntry[] {
  return Object.entries(fields).map(([id, expiresAt]) => ({ id, expiresAt: Number(expiresAt) }));
}

// Whether the session of this entry has passed its absolute expiry (no need to read it).
export function hasEnded(entry: IndexEntry, now: number): boolean {
  return entry.expiresAt <= now;
}

// The ids of entries that may belong to a login still writing its session.
// An entry was written at `expiresAt - lifetime`, for one of the absolute
// lifetimes a session can have (with or without "remember me"); it is young
// if that time, for either lifetime, lies within the grace period around now
// (after it: another writer's clock may run ahead). A "remember me" entry
// looks young once more, briefly, as a short one; it is then merely pruned
// one grace period later.
export function entriesInFlight(
  entries: IndexEntry[],
  absoluteTtlSeconds: readonly number[],
  now: number,
): Set<string> {
  const isYoung = (entry: IndexEntry) =>
    absoluteTtlSeconds.some((lifetime) => {
      const writtenAt = entry.expiresAt - lifetime * 1000;
      return writtenAt > now - INDEX_ENTRY_GRACE_MS && writtenAt <= now + INDEX_ENTRY_GRACE_MS;
    });
  return new Set(entries.filter(isYoung).map((entry) => entry.id));
}
