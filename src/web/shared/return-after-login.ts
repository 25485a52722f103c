import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { safeNextPath } from './next-path.js';
import { useSession } from './session.js';

/**
 * Login returns to the page that asked for it: pages that need a login send the person to
 * `/login?next=<path>`; when a session starts after that, go to `next` (checked by `safeNextPath`).
 * Lives in the shell, so it works whatever steps the login page takes (password, second factor,
 * registration) and whatever it navigates to by default.
 */
export function useReturnAfterLogin(): void {
  const { session } = useSession();
  const loc = useLocation();
  const navigate = useNavigate();
  const pending = useRef<string | null>(null);
  const hadSession = useRef(session !== null);

  useEffect(() => {
    if (loc.pathname !== '/login') return;
    pending.current = safeNextPath(new URLSearchParams(loc.search).get('next'));
  }, [loc.pathname, loc.search]);

  useEffect(() => {
    const started = session !== null && !hadSession.current;
    hadSession.current = session !== null;
    if (!started || !pending.current) return;
    const next = pending.current;
    pending.current = null;
    // After the login page's own navigation has been applied.
    setTimeout(() => navigate(next, { replace: true }), 0);
  }, [session, navigate]);
}
