/**
 * 自助终端 (self-service kiosk) rules: how long an SMS code and a kiosk session live, and the idle
 * timeout that clears the terminal for the next person. Pure; the server and the kiosk pages call these.
 */

/** A kiosk's SMS code is typed at the terminal within a minute or two: 5 minutes, then it is useless. */
export const KIOSK_CODE_TTL_MINUTES = 5;
/** A kiosk session is short: it ends after 3 minutes without a request and at most 10 minutes after identity. */
export const KIOSK_SESSION_IDLE_MINUTES = 3;
export const KIOSK_SESSION_MAX_MINUTES = 10;

/** The terminal's idle timeout (seconds): 60 by default; a deployment or a test may set 10…600 (`?idle=`). */
export const KIOSK_IDLE_DEFAULT_SECONDS = 60;
export const KIOSK_IDLE_MIN_SECONDS = 5;
export const KIOSK_IDLE_MAX_SECONDS = 600;
/** The last seconds of the idle timeout are counted down on the screen. */
export const KIOSK_COUNTDOWN_SECONDS = 10;

/** The idle timeout from a URL or configuration value; anything unusable falls back to the default. */
export function parseIdleSeconds(raw: string | null | undefined): number {
  if (raw === null || raw === undefined || !/^\d{1,4}$/.test(raw.trim())) return KIOSK_IDLE_DEFAULT_SECONDS;
  const n = Number(raw.trim());
  return Math.min(KIOSK_IDLE_MAX_SECONDS, Math.max(KIOSK_IDLE_MIN_SECONDS, n));
}

export interface IdleState {
  /** Whole seconds left before the terminal clears (never negative). */
  remainingSeconds: number;
  /** Show the countdown (the last KIOSK_COUNTDOWN_SECONDS). */
  warn: boolean;
  /** Time is up: clear everything and go home. */
  expired: boolean;
}

/** Where the idle timeout stands `nowMs` after the last touch at `lastActivityMs`. */
export function idleState(idleSeconds: number, lastActivityMs: number, nowMs: number): IdleState {
  const leftMs = Math.max(0, lastActivityMs + idleSeconds * 1000 - nowMs);
  const remainingSeconds = Math.ceil(leftMs / 1000);
  return { remainingSeconds, warn: remainingSeconds <= Math.min(KIOSK_COUNTDOWN_SECONDS, idleSeconds) && leftMs > 0, expired: leftMs === 0 };
}

/** When a kiosk session started at `createdAt` ends at the latest (the absolute limit). */
export function kioskSessionExpiry(createdAt: Date): Date {
  return new Date(createdAt.getTime() + KIOSK_SESSION_MAX_MINUTES * 60_000);
}

/** Whether a kiosk session is still alive: before its absolute expiry and touched within the idle limit. */
export function kioskSessionAlive(s: { expiresAt: Date; lastSeenAt: Date }, now: Date): boolean {
  return now.getTime() < s.expiresAt.getTime() && now.getTime() < s.lastSeenAt.getTime() + KIOSK_SESSION_IDLE_MINUTES * 60_000;
}
