/**
 * SMS and e-mail go through adapters; the default is a development sink that records messages in
 * memory (and logs them), so nothing leaves the machine. A deployment plugs in its SMS gateway.
 */
export interface OutgoingMessage {
  channel: 'sms' | 'email';
  to: string;
  subject?: string;
  body: string;
}

export interface MessageSender {
  send(msg: OutgoingMessage): Promise<void>;
}

export class DevSinkSender implements MessageSender {
  readonly sent: OutgoingMessage[] = [];
  constructor(private readonly log?: (line: string) => void) {}
  async send(msg: OutgoingMessage): Promise<void> {
    this.sent.push(msg);
    if (this.sent.length > 1000) this.sent.shift();
    this.log?.(`[dev-sink ${msg.channel}] to=${msg.to.replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2')} ${msg.subject ?? ''} ${msg.body.slice(0, 80)}`);
  }
}
