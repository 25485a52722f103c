import { createContext, useContext } from 'react';

/** What the kiosk shell shares with its pages: who is identified (masked name) and how to end it all. */
export interface KioskContextValue {
  identity: { name: string } | null;
  setIdentity(v: { name: string } | null): void;
  /** Ends the kiosk session and clears everything (state, storage), back to the kiosk home. */
  clearAll(): void;
  idleSeconds: number;
}

export const KioskContext = createContext<KioskContextValue | undefined>(undefined);

export function useKiosk(): KioskContextValue {
  const k = useContext(KioskContext);
  if (!k) throw new Error('useKiosk outside KioskShell');
  return k;
}
