import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface StorageProps {
  /** Browser origins allowed to PUT to presigned upload URLs. */
  uploadOrigins: string[];
  archiveRetentionDays: number;
  archiveLockMode: 'COMPLIANCE' | 'GOVERNANCE';
}

/**
 * Raw videos are the only objects above this size: thumbnails are at most MEDIA_MAX_UPLOAD_BYTES
 * (15 MiB) per original. S3 lifecycle filters take a prefix, not a pattern such as
 * `episodes/*\/video/`, and a presigned browser upload cannot be made to add a tag, so the
 * transition to infrequent access selects videos by size.
 */
export const RAW_VIDEO_MIN_BYTES = 16 * 1024 * 1024;
const SECURE = { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, enforceSSL: true, encryption: s3.BucketEncryption.S3_MANAGED } as const;

/** The media bucket (thumbnails, frames, raw video), its access-log bucket, and the audit archive. */
export class Storage extends Construct {
  readonly media: s3.Bucket;
  readonly logs: s3.Bucket;
  readonly archive: s3.Bucket;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    // SSE-S3, not KMS: ALB access logs and S3 server access logs can only be delivered to it.
    this.logs = new s3.Bucket(this, 'Logs', {
      ...SECURE,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.media = new s3.Bucket(this, 'Media', {
      ...SECURE,
      // Presigned downloads bypass the services: the access log is their trace.
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'media-access/',
      cors: [{
        allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
        allowedOrigins: props.uploadOrigins,
        allowedHeaders: ['*'],
        exposedHeaders: ['ETag'],
        maxAge: 3000,
      }],
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(2) },
        { id: 'raw-video-to-ia', objectSizeGreaterThan: RAW_VIDEO_MIN_BYTES, transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(30) }] },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.archive = new s3.Bucket(this, 'Archive', {
      ...SECURE,
      versioned: true,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'archive-access/',
      objectLockDefaultRetention: props.archiveLockMode === 'COMPLIANCE'
        ? s3.ObjectLockRetention.compliance(Duration.days(props.archiveRetentionDays))
        : s3.ObjectLockRetention.governance(Duration.days(props.archiveRetentionDays)),
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
