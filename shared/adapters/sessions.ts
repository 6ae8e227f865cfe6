/**
 * Revoked sessions: signing out writes the session's id (the SHA-256 of its token, never the token) with the
 * token's own expiry as the item's TTL, so the list holds only tokens that would otherwise still be valid.
 * Every authenticated request reads it (one consistent GetItem).
 */
import { getItem, put } from './repository.ts';

const key = (sessionId: string) => ({ PK: `REVOKED#${sessionId}`, SK: 'REVOKED' });

export async function revokeSession(sessionId: string, expiresAtSeconds: number): Promise<void> {
  await put({ ...key(sessionId), type: 'revokedSession', expiresAt: Math.ceil(expiresAtSeconds) });
}

export async function isSessionRevoked(sessionId: string): Promise<boolean> {
  return (await getItem(key(sessionId))) !== undefined;
}
