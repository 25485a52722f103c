import { Button } from 'antd';
import { groupForDisplay, PAD_LETTERS, padAcceptsX, pressPadKey, type PadKey, type PadSpec } from '../../core/kiosk/index.js';
import { useI18n } from '../shared/i18n.js';

/**
 * The kiosk's on-screen number pad (自助终端: no keyboard, large keys). Shows the value large above the
 * keys; X is offered only where an ID number's check character may go. A credit code's pad adds the
 * 21 letters of GB 32100 as a second block of keys.
 */
export function NumberPad({ label, value, onChange, spec, placeholder }: { label: string; value: string; onChange: (v: string) => void; spec: PadSpec; placeholder?: string }) {
  const { pick } = useI18n();
  const press = (k: PadKey) => onChange(pressPadKey(value, k, spec));
  const key = (k: PadKey, text: string, opts: { disabled?: boolean; danger?: boolean; aria?: string } = {}) => (
    <Button key={k} aria-label={opts.aria ?? text} disabled={opts.disabled} danger={opts.danger} onClick={() => press(k)} style={{ height: 84, fontSize: 34, fontWeight: 600 }}>
      {text}
    </Button>
  );
  return (
    <div role="group" aria-label={label} style={{ maxWidth: spec.letters ? 1000 : 600, margin: '0 auto' }}>
      <div
        data-testid="pad-value"
        aria-live="polite"
        style={{ fontSize: 36, letterSpacing: 1, whiteSpace: 'nowrap', minHeight: 72, border: '2px solid #c8102e', borderRadius: 8, padding: '8px 16px', marginBottom: 16, background: '#fff', fontFamily: 'monospace', textAlign: 'center' }}
      >
        {value ? groupForDisplay(value, spec) : <span style={{ color: '#999', fontSize: 24, fontFamily: 'inherit' }}>{placeholder ?? label}</span>}
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 12 }}>
        {(['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const).map((d) => key(d, d))}
        {spec.allowX ? key('X', 'X', { disabled: !padAcceptsX(value, spec) }) : key('clear', pick('清空', 'Clear'), { danger: true })}
        {key('0', '0')}
        {key('back', '⌫', { aria: pick('退格', 'Backspace') })}
      </div>
      {spec.letters && (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 8, marginTop: 12 }}>
          {PAD_LETTERS.map((l) => (
            <Button key={l} aria-label={l} onClick={() => press(l)} style={{ height: 68, fontSize: 28, fontWeight: 600 }}>{l}</Button>
          ))}
        </div>
      )}
      {spec.allowX && (
        <Button block danger onClick={() => press('clear')} style={{ height: 64, fontSize: 24, marginTop: 12 }}>
          {pick('清空', 'Clear')}
        </Button>
      )}
    </div>
  );
}
