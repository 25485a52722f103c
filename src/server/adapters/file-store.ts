import path from 'node:path';
import type { Config } from '../config.js';
import { DiskStorage, type FileStorage } from './storage.js';
import { S3Storage } from './object-storage.js';
import type { Resealable } from '../crypto/reseal.js';

/** The configured file store: DATA_DIR/files on disk (default), or an S3-compatible bucket (FILE_STORE=s3). */
export function fileStoreFor(config: Pick<Config, 'dataDir' | 'fileStore'>): FileStorage & Resealable {
  if (config.fileStore.kind === 's3') return new S3Storage(config.fileStore);
  return new DiskStorage(path.join(config.dataDir, 'files'));
}
