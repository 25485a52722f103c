import { AwsClient } from 'aws4fetch';
import { keyring as processKeyring } from '../crypto/data-key.js';
import { Keyring } from '../crypto/keyring.js';
import { sha256Hex, type FileStorage } from './storage.js';

export interface S3Options {
  /** e.g. http://127.0.0.1:9000 (MinIO); requests are path-style: <endpoint>/<bucket>/<key>. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Key prefix inside the bucket, e.g. `tongban/`. */
  prefix: string;
}

const FILE_ID = /^[0-9a-f]{64}$/;

/**
 * Files in an S3-compatible object store (MinIO, Ceph RGW, 阿里云 OSS / 腾讯云 COS in S3 mode), sealed
 * exactly as on disk (SM4 + HMAC-SM3, ADR 0011) so the store's operator never sees plaintext. Signed
 * with AWS Signature V4 (aws4fetch). With this store a PostgreSQL backup plus the bucket is complete.
 */
export class S3Storage implements FileStorage {
  private readonly client: AwsClient;

  constructor(
    private readonly opts: S3Options,
    private readonly keyring: () => Keyring = processKeyring,
  ) {
    this.client = new AwsClient({ accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey, service: 's3', region: opts.region, retries: 2 });
  }

  describe(): string {
    return `s3:${this.opts.endpoint}/${this.opts.bucket}/${this.opts.prefix}`;
  }

  private keyOf(id: string): string {
    if (!FILE_ID.test(id)) throw new Error('bad file id');
    return `${this.opts.prefix}files/${id.slice(0, 2)}/${id.slice(2, 4)}/${id}`;
  }

  private url(key: string, query = ''): string {
    return `${this.opts.endpoint.replace(/\/$/, '')}/${this.opts.bucket}/${key.split('/').map(encodeURIComponent).join('/')}${query}`;
  }

  private async send(method: string, key: string, body?: Buffer): Promise<Response> {
    // The payload's SHA-256 is signed too (aws4fetch would send UNSIGNED-PAYLOAD for bytes): the store checks it.
    const init: RequestInit = body
      ? { method, body: new Uint8Array(body), headers: { 'content-type': 'application/octet-stream', 'x-amz-content-sha256': sha256Hex(body) } }
      : { method };
    return this.client.fetch(this.url(key), init);
  }

  async put(bytes: Buffer): Promise<string> {
    const id = sha256Hex(bytes);
    const head = await this.send('HEAD', this.keyOf(id));
    if (head.ok) return id;
    await this.putRaw(id, this.keyring().sealBytes(bytes, id));
    return id;
  }

  async get(id: string): Promise<Buffer | undefined> {
    const stored = await this.getRaw(id);
    if (!stored) return undefined;
    const plain = Keyring.kidOfBytes(stored) ? this.keyring().openBytes(stored, id) : stored;
    if (sha256Hex(plain) !== id) throw new Error(`stored file ${id} does not match its id`);
    return plain;
  }

  async getRaw(id: string): Promise<Buffer | undefined> {
    const res = await this.send('GET', this.keyOf(id));
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`object store GET ${id}: ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  async putRaw(id: string, sealed: Buffer): Promise<void> {
    const res = await this.send('PUT', this.keyOf(id), sealed);
    if (!res.ok) throw new Error(`object store PUT ${id}: ${res.status} ${await res.text()}`);
  }

  /** Every stored file id (ListObjectsV2, page by page). */
  async *ids(): AsyncGenerator<string> {
    let token: string | undefined;
    for (;;) {
      const q = `?list-type=2&prefix=${encodeURIComponent(`${this.opts.prefix}files/`)}${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}`;
      const res = await this.client.fetch(`${this.opts.endpoint.replace(/\/$/, '')}/${this.opts.bucket}${q}`);
      if (!res.ok) throw new Error(`object store list: ${res.status}`);
      const xml = await res.text();
      for (const m of xml.matchAll(/<Key>([^<]+)<\/Key>/g)) {
        const id = (m[1] ?? '').split('/').pop() ?? '';
        if (FILE_ID.test(id)) yield id;
      }
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? /<NextContinuationToken>([^<]+)<\/NextContinuationToken>/.exec(xml)?.[1] : undefined;
      if (!token) return;
    }
  }

  /** As DiskStorage.resealAll: every object not sealed under the current key is sealed again. */
  async resealAll(opts: { force?: boolean } = {}): Promise<number> {
    const ring = this.keyring();
    const marker = `${this.opts.prefix}files/.sealed-under`;
    if (!opts.force) {
      const res = await this.send('GET', marker);
      if (res.ok && (await res.text()).trim() === ring.currentKid) return 0;
    }
    let changed = 0;
    for await (const id of this.ids()) {
      const stored = await this.getRaw(id);
      if (!stored || Keyring.kidOfBytes(stored) === ring.currentKid) continue;
      const plain = await this.get(id);
      if (!plain) continue;
      await this.putRaw(id, ring.sealBytes(plain, id));
      changed++;
    }
    const done = await this.send('PUT', marker, Buffer.from(`${ring.currentKid}\n`));
    if (!done.ok) throw new Error(`object store PUT marker: ${done.status}`);
    return changed;
  }
}
