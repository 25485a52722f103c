import { Button, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Outlet, useNavigate } from 'react-router-dom';
import { idleState, KIOSK_IDLE_DEFAULT_SECONDS, parseIdleSeconds } from '../../core/kiosk/index.js';
import { useI18n } from '../shared/i18n.js';
import { KioskContext, type KioskContextValue } from './kiosk-context.js';

/**
 * 自助终端 mode of the portal (issue 13): full screen, large touch targets, no portal header, and an idle
 * timeout (60 s, or `?idle=` seconds when the terminal is started) counted down on the screen in its last
 * 10 seconds. Time up — or 退出 — ends the kiosk session on the server, clears session and local
 * storage and reloads the kiosk home, so nothing of the last person stays in the page.
 */
export function KioskShell() {
  const { pick, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const [idleSeconds] = useState(() => parseIdleSeconds(new URLSearchParams(window.location.search).get('idle')));
  const [identity, setIdentity] = useState<{ name: string } | null>(null);
  const [countdown, setCountdown] = useState<number | null>(null);
  const lastActivity = useRef(Date.now());
  const clearing = useRef(false);

  const clearAll = useCallback(() => {
    if (clearing.current) return;
    clearing.current = true;
    const home = `/kiosk${idleSeconds !== KIOSK_IDLE_DEFAULT_SECONDS ? `?idle=${idleSeconds}` : ''}`;
    const ended = fetch('/api/kiosk/session/end', { method: 'POST', keepalive: true, credentials: 'same-origin' }).catch(() => undefined);
    const timeout = new Promise((r) => setTimeout(r, 1500));
    void Promise.race([ended, timeout]).finally(() => {
      try {
        sessionStorage.clear();
        localStorage.clear();
      } finally {
        // A reload, not a route change: every piece of React state of the last person goes with the page.
        window.location.replace(home);
      }
    });
  }, [idleSeconds]);

  useEffect(() => {
    const touch = () => {
      lastActivity.current = Date.now();
    };
    const events = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, touch, { passive: true });
    const timer = window.setInterval(() => {
      const s = idleState(idleSeconds, lastActivity.current, Date.now());
      if (s.expired) clearAll();
      setCountdown(s.warn ? s.remainingSeconds : null);
    }, 250);
    return () => {
      window.clearInterval(timer);
      for (const e of events) window.removeEventListener(e, touch);
    };
  }, [idleSeconds, clearAll]);

  const value = useMemo<KioskContextValue>(() => ({ identity, setIdentity, clearAll, idleSeconds }), [identity, clearAll, idleSeconds]);
  const fullScreen = () => void document.documentElement.requestFullscreen?.().catch(() => undefined);

  return (
    <KioskContext.Provider value={value}>
      <div style={{ minHeight: '100vh', background: 'linear-gradient(180deg, #fff5f5 0%, #f5f5f5 240px)', display: 'flex', flexDirection: 'column', userSelect: 'none' }} data-testid="kiosk">
        <header style={{ background: '#c8102e', color: '#fff', padding: '12px 32px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16 }}>
          <Typography.Title level={2} style={{ color: '#fff', margin: 0, cursor: 'pointer' }} onClick={() => navigate('/kiosk')}>
            {pick('政务服务自助终端', 'Self-service kiosk')}
          </Typography.Title>
          <Space size={12}>
            {identity && <span style={{ fontSize: 22 }} data-testid="kiosk-identity">{pick(`您好，${identity.name}`, `Hello, ${identity.name}`)}</span>}
            <Button size="large" style={{ height: 56, fontSize: 20 }} onClick={() => navigate('/kiosk')}>{pick('首页', 'Home')}</Button>
            <Button size="large" style={{ height: 56, fontSize: 20 }} onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}>{lang === 'zh-CN' ? 'English' : '中文'}</Button>
            <Button size="large" style={{ height: 56, fontSize: 20 }} onClick={fullScreen}>{pick('全屏', 'Full screen')}</Button>
            <Button size="large" danger type="primary" style={{ height: 56, fontSize: 20, border: '2px solid #fff' }} onClick={clearAll}>{pick('退出', 'Finish')}</Button>
          </Space>
        </header>
        <main style={{ flex: 1, padding: '24px 32px', maxWidth: 1200, width: '100%', margin: '0 auto' }}>
          <Outlet />
        </main>
        <footer style={{ textAlign: 'center', padding: 12, fontSize: 18, color: '#595959' }}>
          {pick(`无操作 ${idleSeconds} 秒后自动退出并清除本次信息`, `After ${idleSeconds} s without a touch the kiosk ends and clears everything`)}
        </footer>
        {countdown !== null && (
          <div role="alertdialog" aria-label={pick('即将自动退出', 'About to finish')} style={{ position: 'fixed', inset: 0, background: 'rgba(0,0,0,0.55)', display: 'flex', alignItems: 'center', justifyContent: 'center', zIndex: 2000 }}>
            <div style={{ background: '#fff', borderRadius: 16, padding: '40px 64px', textAlign: 'center', maxWidth: 720 }}>
              <div style={{ fontSize: 28 }}>{pick('长时间无操作，即将自动退出并清除信息', 'No touch for a while: the kiosk will finish and clear everything')}</div>
              <div data-testid="idle-countdown" style={{ fontSize: 120, fontWeight: 700, color: '#c8102e', lineHeight: 1.2 }}>{countdown}</div>
              <Button type="primary" size="large" style={{ height: 80, fontSize: 30, minWidth: 320 }}>{pick('继续使用', 'Keep going')}</Button>
            </div>
          </div>
        )}
      </div>
    </KioskContext.Provider>
  );
}
