/**
 * The database schema, one migration per version. Applied in order at start-up; `PRAGMA user_version`
 * records how far a file has come. Never edit a migration that has shipped: add the next one.
 */
export const migrations: { version: number; name: string; sql: string }[] = [
	{
		version: 1,
		name: 'posts and their audit log',
		sql: `
			CREATE TABLE posts (
				id TEXT PRIMARY KEY,
				item_kind TEXT NOT NULL CHECK (item_kind IN ('topic', 'fact', 'opportunity', 'page')),
				item_slug TEXT NOT NULL,
				locale TEXT NOT NULL,
				channel TEXT NOT NULL,
				caption TEXT NOT NULL,
				formats TEXT NOT NULL DEFAULT '["square"]',
				alt TEXT NOT NULL DEFAULT '',
				scheduled_utc TEXT NOT NULL,
				zone TEXT NOT NULL,
				state TEXT NOT NULL DEFAULT 'draft'
					CHECK (state IN ('draft', 'approved', 'publishing', 'published', 'failed', 'needs_check', 'cancelled')),
				attempts INTEGER NOT NULL DEFAULT 0,
				next_attempt_utc TEXT,
				lease_owner TEXT,
				lease_until TEXT,
				remote_id TEXT,
				remote_url TEXT,
				last_error TEXT,
				plan_key TEXT UNIQUE,
				created_at TEXT NOT NULL,
				updated_at TEXT NOT NULL
			);
			CREATE INDEX posts_due ON posts (state, scheduled_utc);
			CREATE TABLE audit (
				id INTEGER PRIMARY KEY AUTOINCREMENT,
				post_id TEXT NOT NULL REFERENCES posts (id),
				at TEXT NOT NULL,
				actor TEXT NOT NULL,
				from_state TEXT,
				to_state TEXT NOT NULL,
				reason TEXT NOT NULL
			);
			CREATE INDEX audit_post ON audit (post_id, id);
		`
	},
	{
		version: 2,
		name: 'scheduler job health',
		sql: `
			CREATE TABLE jobs (
				name TEXT PRIMARY KEY,
				last_started TEXT,
				last_finished TEXT,
				last_ok TEXT,
				last_error TEXT,
				last_error_at TEXT,
				last_duration_ms INTEGER,
				runs INTEGER NOT NULL DEFAULT 0
			);
		`
	},
	{
		version: 3,
		name: 'dashboard: users, sessions, sign-in failures, calendar feeds, channel pauses',
		sql: `
			CREATE TABLE users (
				id INTEGER PRIMARY KEY AUTOINCREMENT,
				email TEXT NOT NULL UNIQUE COLLATE NOCASE,
				name TEXT NOT NULL,
				role TEXT NOT NULL CHECK (role IN ('editor', 'approver', 'admin')),
				password_hash TEXT NOT NULL,
				disabled_at TEXT,
				created_at TEXT NOT NULL
			);
			CREATE TABLE sessions (
				token_hash TEXT PRIMARY KEY,
				user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
				created_at TEXT NOT NULL,
				expires_at TEXT NOT NULL
			);
			CREATE INDEX sessions_user ON sessions (user_id);
			CREATE TABLE sign_in_failures (
				key TEXT PRIMARY KEY,
				failures INTEGER NOT NULL,
				last_at TEXT NOT NULL
			);
			CREATE TABLE calendar_feeds (
				token_hash TEXT PRIMARY KEY,
				user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
				created_at TEXT NOT NULL
			);
			CREATE TABLE channel_settings (
				name TEXT PRIMARY KEY,
				paused INTEGER NOT NULL DEFAULT 0,
				updated_by TEXT NOT NULL,
				updated_at TEXT NOT NULL
			);
		`
	},
	{
		version: 4,
		name: 'when the request of a claimed post started',
		// Written, in its own committed step, just before a post's request goes to the network, and cleared
		// when the post is claimed: after a crash, a post without it was never sent. A post publishing when
		// the file is upgraded may have been sent (nothing recorded when), so it is taken as sent.
		sql: `
			ALTER TABLE posts ADD COLUMN request_started_at TEXT;
			UPDATE posts SET request_started_at = updated_at WHERE state = 'publishing';
		`
	},
	{
		version: 5,
		name: 'the card a post will publish',
		// The card's input (the item's view as JSON) and its cache key per format, made with the caption and
		// alt: publishing renders this card, not the content as it is by then. Posts made before have none
		// and are published from the content, as they were.
		sql: `
			ALTER TABLE posts ADD COLUMN card TEXT;
			ALTER TABLE posts ADD COLUMN card_keys TEXT;
		`
	},
	{
		version: 6,
		name: 'review notes on posts',
		// What editors and approvers write about a post; shown with its audit log, never changed or removed.
		sql: `
			CREATE TABLE notes (
				id INTEGER PRIMARY KEY AUTOINCREMENT,
				post_id TEXT NOT NULL REFERENCES posts (id),
				at TEXT NOT NULL,
				actor TEXT NOT NULL,
				body TEXT NOT NULL CHECK (length(trim(body)) BETWEEN 1 AND 2000)
			);
			CREATE INDEX notes_post ON notes (post_id, id);
		`
	},
	{
		version: 7,
		name: "each dashboard user's language",
		// The dashboard speaks English and Russian; each person's choice is kept with their account, so it
		// follows them to every device and session. Everyone starts in English, as before.
		sql: `ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ru'));`
	},
	{
		version: 8,
		name: 'visit counts, and the access logs imported into them',
		// Page views added up per day, page, referring host and post marks (stats/rules.ts): nothing about
		// a reader. An imported log is known by a hash of its first line; `bytes` of it, whose hash is
		// `digest`, have been counted, so importing it again (or once it has grown) counts only what is new.
		sql: `
			CREATE TABLE visits (
				day TEXT NOT NULL,
				path TEXT NOT NULL,
				locale TEXT NOT NULL,
				referrer TEXT NOT NULL,
				utm_source TEXT NOT NULL,
				utm_medium TEXT NOT NULL,
				utm_campaign TEXT NOT NULL,
				utm_content TEXT NOT NULL,
				views INTEGER NOT NULL CHECK (views > 0),
				PRIMARY KEY (day, path, locale, referrer, utm_source, utm_medium, utm_campaign, utm_content)
			) WITHOUT ROWID;
			CREATE INDEX visits_post ON visits (utm_content) WHERE utm_content <> '';
			CREATE TABLE visit_imports (
				first_line TEXT PRIMARY KEY,
				file TEXT NOT NULL,
				bytes INTEGER NOT NULL,
				lines INTEGER NOT NULL,
				digest TEXT NOT NULL,
				imported_at TEXT NOT NULL
			);
		`
	},
	{
		version: 9,
		name: 'the container of a two-step post; why a channel is paused',
		// Instagram and Threads make a media container, then publish it: its id is kept here before the
		// publish request, so an attempt after a crash or a wait resumes with it instead of making another.
		// A channel the scheduler pauses (a token that needs renewing) says why.
		sql: `
			ALTER TABLE posts ADD COLUMN container_id TEXT;
			ALTER TABLE channel_settings ADD COLUMN reason TEXT;
		`
	},
	{
		version: 10,
		name: "engagement read back from the networks",
		// One reading per post and checkpoint (about 1 hour, 1 day, 7 days after it was published): the
		// figures in the catalogue's metric names as JSON, or why the network could not give them. A second
		// reading of the same checkpoint is not kept (the first stands), so reading twice changes nothing.
		sql: `
			CREATE TABLE engagement (
				post_id TEXT NOT NULL REFERENCES posts (id),
				checkpoint TEXT NOT NULL CHECK (checkpoint IN ('1h', '1d', '7d')),
				read_at TEXT NOT NULL,
				metrics TEXT NOT NULL DEFAULT '{}',
				problem TEXT,
				PRIMARY KEY (post_id, checkpoint)
			) WITHOUT ROWID;
		`
	},
	{
		version: 11,
		name: 'carousels: the slides a post publishes as one set, and their item containers',
		// A topic's carousel goes out as one set (a Telegram media group, an Instagram carousel): its slides'
		// cards are kept with the post as its one card is (JSON: [{ card, card_keys }], in order; null for a
		// post of single cards). A two-step network makes one container per slide before the carousel's own
		// (container_id): their ids (JSON, in order) are kept as each is made, so a later attempt reuses them.
		sql: `
			ALTER TABLE posts ADD COLUMN slides TEXT;
			ALTER TABLE posts ADD COLUMN children TEXT;
		`
	}
];
