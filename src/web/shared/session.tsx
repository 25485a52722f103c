import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { get, post, setCsrfToken, ApiError } from './api.js';

export interface SessionUser {
  id: string;
  kind: 'staff' | 'natural_person' | 'legal_person';
  username: string;
  displayName: string;
  phone: string | null;
  idNumber: string | null;
  creditCode: string | null;
}

export interface SessionInfo {
  user: SessionUser;
  roles: { role: string; scopeOrgId: string }[];
  csrfToken: string;
  /** Two-factor (TOTP): staff must enrol before anything else opens (src/server/policies/second-factor.ts). */
  secondFactor?: { enabled: boolean; required: boolean };
}

interface SessionState {
  session: SessionInfo | null;
  loading: boolean;
  login(username: string, password: string, totp?: string): Promise<SessionInfo>;
  /** Re-reads /api/auth/me (after enrolling a second factor). */
  refresh(): Promise<void>;
  logout(): Promise<void>;
  hasRole(role: string): boolean;
}

const Ctx = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    get<SessionInfo>('/api/auth/me')
      .then((s) => {
        setCsrfToken(s.csrfToken);
        setSession(s);
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiError)) console.error(e);
      })
      .finally(() => setLoading(false));
  }, []);

  const login = useCallback(async (username: string, password: string, totp?: string) => {
    const s = await post<SessionInfo>('/api/auth/login', { username, password, ...(totp ? { totp } : {}) });
    setCsrfToken(s.csrfToken);
    setSession(s);
    return s;
  }, []);

  const refresh = useCallback(async () => {
    const s = await get<SessionInfo>('/api/auth/me');
    setCsrfToken(s.csrfToken);
    setSession(s);
  }, []);

  const logout = useCallback(async () => {
    await post('/api/auth/logout').catch(() => undefined);
    setCsrfToken(undefined);
    setSession(null);
  }, []);

  const hasRole = useCallback((role: string) => !!session?.roles.some((r) => r.role === role), [session]);

  return <Ctx.Provider value={{ session, loading, login, refresh, logout, hasRole }}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  const c = useContext(Ctx);
  if (!c) throw new Error('useSession outside SessionProvider');
  return c;
}
