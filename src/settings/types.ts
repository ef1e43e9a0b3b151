/**
 * Shapes of the REST API in docs/rest-api.md: what the page reads from and
 * sends to /s3-media-sync/v1/settings, /test, /sync and /attachments.
 */

export type ObjectAcl = 'public-read' | 'private' | 'bucket-default';

/** The writable fields except the secret, which is never read back. */
export interface StoredFields {
	access_key_id: string;
	bucket: string;
	region: string;
	object_acl: ObjectAcl;
	key_prefix: string;
	endpoint: string;
	use_path_style: boolean;
	delivery_url: string;
	serve_from_s3: boolean;
	sign_urls: boolean;
	presign_expiry: number;
	remove_local_copies: boolean;
	cache_control: string;
}

/** GET /settings, and the answer to POST /settings. */
export interface Settings extends StoredFields {
	has_secret_access_key: boolean;
	secret_unreadable: boolean;
	/** Fields set by S3_MEDIA_SYNC_<FIELD> constants in wp-config.php. */
	locked: SettingsField[];
	configured: boolean;
	/** Advice about a valid saved value, such as a bucket name with dots. */
	warnings?: FieldErrors;
	/** Why a field's constant was ignored (its default is used instead). */
	constant_errors?: FieldErrors;
}

/** Every field the user can set, the write-only secret included. */
export type SettingsField = keyof StoredFields | 'secret_access_key';

/**
 * POST /settings: any subset; an empty or absent secret keeps the stored
 * one, and `remove_secret_access_key: true` removes it.
 */
export type SettingsUpdate = Partial< StoredFields > & {
	secret_access_key?: string;
	remove_secret_access_key?: true;
};

/** One message per field, as in a 400 answer's `data.params`. */
export type FieldErrors = Partial< Record< SettingsField, string > >;

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface TestCheck {
	id: string;
	/** Empty or null for checks that are not a permission (credentials, public_url). */
	permission?: string | null;
	status: CheckStatus;
	code?: string | null;
	message: string;
	hints?: string[];
	duration_ms?: number;
}

/** POST /test and GET /test. */
export interface TestResult {
	ok: boolean;
	category: string;
	title: string;
	message: string;
	tested_at: string;
	checks: TestCheck[];
	/** Where the key the test signed with came from (docs/credentials.md). */
	credentials?: {
		source: 'wp-config' | 'environment' | 'settings';
		access_key_id: string;
		temporary: boolean;
	} | null;
	region_detected?: string | null;
	leftover_key?: string | null;
	policy?: Record< string, unknown > | null;
	requests?: number;
	duration_ms?: number;
}

/** One attachment the bulk copy could not put in S3, in GET /sync. */
export interface SyncFailure {
	id: number;
	/** Relative to the uploads folder: "2026/11/a.jpg". */
	file: string;
	code: string;
	message: string;
}

/** GET /sync: where the library stands. `failures` holds at most 100. */
export interface SyncStatus {
	total: number;
	synced: number;
	/** Not yet in S3: never tried, or waiting for a retry. */
	pending: number;
	failed: number;
	failures: SyncFailure[];
	/** The bulk-copy job every administrator's session sees. */
	job: SyncJob;
}

export type SyncJobState = 'idle' | 'running' | 'paused' | 'done';

/** The bulk copy the server runs (GET /sync's `job`, and POST /sync/job…'s answers). */
export interface SyncJob {
	state: SyncJobState;
	workers: number;
	/** When it was started (Unix seconds; 0 before the first). */
	started: number;
	/** Attachments the run had left when the job was started. */
	total: number;
	/** Attachments the run has not tried yet. */
	remaining: number;
	/** Why the server paused it (the plugin could not copy), or null. */
	error: { code: string; message: string } | null;
}

/** POST /attachments/{id}/retry: the attachment's state afterwards. */
export interface AttachmentSyncState {
	status: string;
	keys?: string[];
	/** The last error: a message, or { code, message }; null when none. */
	error?: string | { code?: string; message?: string } | null;
}

/** A deletion S3 has refused again and again, in GET /attention. */
export interface DeletionFailure {
	bucket: string;
	key: string;
	attempts: number;
	/** When the retry job tries it next (ISO 8601, UTC). */
	next_attempt: string;
	error: string;
}

/** GET /attention: what keeps failing and needs the admin. */
export interface Attention {
	/** Uploads that failed, or keep failing. */
	uploads: number;
	/** Deletions S3 keeps refusing. */
	deletions: number;
	/** At most 100 of those deletions. */
	deletion_failures: DeletionFailure[];
}

/** One thing POST /audit found wrong. */
export interface AuditProblem {
	kind:
		'missing' | 'changed' | 'unverified' | 'unlisted' | 'lost' | 'orphaned';
	/** The attachment, or 0 for an orphaned object. */
	id: number;
	/** `bucket/key`, or the file for a lost one. */
	what: string;
}

/** POST /audit: the records compared with the bucket. */
export interface AuditResult {
	attachments: number;
	checked: number;
	identical: number;
	unverified: number;
	missing: number;
	changed: number;
	lost: number;
	orphaned: number;
	unlisted: number;
	/** False when the request's time ran out first (WP-CLI `verify` checks any size). */
	complete: boolean;
	/** At most 100. */
	problems: AuditProblem[];
}
