import SQLiteStore

/// Kehu's schema history, oldest first. Shipped migrations are never edited; a change
/// is a new step at the end (STYLE §8.10).
public enum KehuMigrations {
    /// Every migration in order.
    public static let all: [Migration] = [
        Migration(id: 1, name: "settings", sql: """
            -- Named JSON documents for service settings (cadence, SLA, priority weights, ...).
            CREATE TABLE settings (
                key        TEXT PRIMARY KEY NOT NULL,
                value      TEXT NOT NULL CHECK (json_valid(value)),
                version    INTEGER NOT NULL DEFAULT 1,
                updated_at TEXT NOT NULL
            ) STRICT;
            """),
        Migration(id: 2, name: "identity_and_journal", sql: """
            -- Times are integer milliseconds since 1970 (UTC): sortable, exact, cheap.
            CREATE TABLE users (
                id         TEXT PRIMARY KEY NOT NULL,
                name       TEXT NOT NULL,
                email      TEXT NOT NULL UNIQUE,
                role       TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'rep', 'viewer')),
                active     INTEGER NOT NULL CHECK (active IN (0, 1)),
                created_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                version    INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX users_active_admins ON users (role, active);

            CREATE TABLE api_keys (
                id          TEXT PRIMARY KEY NOT NULL,
                user_id     TEXT NOT NULL REFERENCES users (id),
                name        TEXT NOT NULL,
                prefix      TEXT NOT NULL,
                secret_hash BLOB NOT NULL,
                created_at  INTEGER NOT NULL,
                revoked_at  INTEGER
            ) STRICT;
            CREATE INDEX api_keys_prefix ON api_keys (prefix);
            CREATE INDEX api_keys_user ON api_keys (user_id, id);

            -- Who changed what: field names always, values only for non-personal fields.
            CREATE TABLE audit_log (
                seq            INTEGER PRIMARY KEY AUTOINCREMENT,
                occurred_at    INTEGER NOT NULL,
                actor_id       TEXT NOT NULL,
                key_id         TEXT,
                request_id     TEXT NOT NULL,
                entity_type    TEXT NOT NULL,
                entity_id      TEXT NOT NULL,
                action         TEXT NOT NULL,
                changed_fields TEXT NOT NULL CHECK (json_valid(changed_fields)),
                field_values   TEXT NOT NULL CHECK (json_valid(field_values))
            ) STRICT;
            CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, seq);
            CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);

            -- The change feed. One writer commits in seq order, so seq is commit order.
            CREATE TABLE events (
                seq            INTEGER PRIMARY KEY AUTOINCREMENT,
                type           TEXT NOT NULL,
                entity_type    TEXT NOT NULL,
                entity_id      TEXT NOT NULL,
                changed_fields TEXT NOT NULL CHECK (json_valid(changed_fields)),
                occurred_at    INTEGER NOT NULL
            ) STRICT;

            -- First responses to POSTs with an Idempotency-Key, kept 24 hours.
            CREATE TABLE idempotency_keys (
                owner        TEXT NOT NULL,
                key          TEXT NOT NULL,
                request_hash BLOB NOT NULL,
                status       INTEGER NOT NULL,
                headers      TEXT NOT NULL CHECK (json_valid(headers)),
                body         BLOB NOT NULL,
                created_at   INTEGER NOT NULL,
                PRIMARY KEY (owner, key)
            ) STRICT;
            CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);
            """),
        Migration(id: 3, name: "webhooks", sql: """
            CREATE TABLE webhooks (
                id                   TEXT PRIMARY KEY NOT NULL,
                url                  TEXT NOT NULL,
                events               TEXT NOT NULL CHECK (json_valid(events)),
                secret               TEXT NOT NULL,
                active               INTEGER NOT NULL CHECK (active IN (0, 1)),
                consecutive_failures INTEGER NOT NULL DEFAULT 0,
                disabled_reason      TEXT,
                created_at           INTEGER NOT NULL,
                updated_at           INTEGER NOT NULL,
                version              INTEGER NOT NULL
            ) STRICT;

            -- Queued in the transaction of the change; the sender leases due rows.
            CREATE TABLE webhook_deliveries (
                id              INTEGER PRIMARY KEY AUTOINCREMENT,
                webhook_id      TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
                event_seq       INTEGER NOT NULL REFERENCES events (seq),
                status          TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
                attempts        INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER,
                lease_until     INTEGER,
                created_at      INTEGER NOT NULL,
                delivered_at    INTEGER
            ) STRICT;
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
            CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);

            CREATE TABLE webhook_attempts (
                delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
                number      INTEGER NOT NULL,
                at          INTEGER NOT NULL,
                status_code INTEGER,
                error       TEXT,
                duration_ms INTEGER NOT NULL,
                PRIMARY KEY (delivery_id, number)
            ) STRICT;
            """),
        Migration(id: 4, name: "customers", sql: """
            -- seq is the rowid: the search index and side tables join on it cheaply.
            -- Zero, not NULL, marks "never" in sortable time columns so keyset cursors
            -- compare plain integers.
            CREATE TABLE customers (
                seq                 INTEGER PRIMARY KEY,
                id                  TEXT NOT NULL UNIQUE,
                type                TEXT NOT NULL CHECK (type IN ('individual', 'company')),
                name                TEXT NOT NULL,
                gender              TEXT,
                birthday            TEXT,
                phone               TEXT,
                email               TEXT,
                wechat              TEXT,
                address             TEXT,
                region              TEXT,
                occupation          TEXT,
                company             TEXT,
                industry            TEXT,
                company_size        TEXT,
                source              TEXT,
                owner_id            TEXT REFERENCES users (id),
                tags                TEXT NOT NULL CHECK (json_valid(tags)),
                attributes          TEXT NOT NULL CHECK (json_valid(attributes)),
                notes               TEXT,
                tier                TEXT NOT NULL CHECK (tier IN ('vip', 'normal', 'potential')),
                tier_locked         INTEGER NOT NULL CHECK (tier_locked IN (0, 1)),
                stage               TEXT NOT NULL CHECK (stage IN ('potential', 'first_purchase', 'repeat', 'loyal', 'churned')),
                total_spent         INTEGER NOT NULL DEFAULT 0,
                purchase_count      INTEGER NOT NULL DEFAULT 0,
                spent_12m           INTEGER NOT NULL DEFAULT 0,
                last_purchase_at    INTEGER NOT NULL DEFAULT 0,
                last_interaction_at INTEGER NOT NULL DEFAULT 0,
                last_activity_at    INTEGER NOT NULL DEFAULT 0,
                open_feedback       INTEGER NOT NULL DEFAULT 0,
                status              TEXT NOT NULL CHECK (status IN ('active', 'archived', 'merged')),
                merged_into         TEXT,
                created_at          INTEGER NOT NULL,
                updated_at          INTEGER NOT NULL,
                version             INTEGER NOT NULL
            ) STRICT;
            -- One index per sort (status first: lists show one status), and per filter.
            CREATE INDEX customers_created ON customers (status, created_at, seq);
            CREATE INDEX customers_updated ON customers (status, updated_at, seq);
            CREATE INDEX customers_name ON customers (status, name, seq);
            CREATE INDEX customers_spent ON customers (status, total_spent, seq);
            CREATE INDEX customers_last_interaction ON customers (status, last_interaction_at, seq);
            CREATE INDEX customers_tier ON customers (status, tier, created_at, seq);
            CREATE INDEX customers_stage ON customers (status, stage, created_at, seq);
            CREATE INDEX customers_owner ON customers (owner_id, status, created_at, seq);
            CREATE INDEX customers_region ON customers (status, region, created_at, seq);
            CREATE INDEX customers_industry ON customers (status, industry, created_at, seq);
            CREATE INDEX customers_source ON customers (status, source, created_at, seq);
            CREATE INDEX customers_activity ON customers (status, last_activity_at);
            CREATE INDEX customers_phone ON customers (phone) WHERE phone IS NOT NULL;
            CREATE INDEX customers_email ON customers (email) WHERE email IS NOT NULL;
            CREATE INDEX customers_name_company ON customers (name, company) WHERE company IS NOT NULL;
            CREATE INDEX customers_merged_into ON customers (merged_into) WHERE merged_into IS NOT NULL;

            CREATE TABLE customer_tags (
                tag          TEXT NOT NULL,
                customer_seq INTEGER NOT NULL REFERENCES customers (seq) ON DELETE CASCADE,
                PRIMARY KEY (tag, customer_seq)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX customer_tags_customer ON customer_tags (customer_seq);

            CREATE TABLE customer_attributes (
                key          TEXT NOT NULL,
                value        TEXT NOT NULL,
                customer_seq INTEGER NOT NULL REFERENCES customers (seq) ON DELETE CASCADE,
                PRIMARY KEY (key, value, customer_seq)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX customer_attributes_customer ON customer_attributes (customer_seq);

            -- Full-text search: trigrams find any substring of three or more characters
            -- (sqlite.org/fts5.html#the_trigram_tokenizer); rowid = customers.seq.
            CREATE VIRTUAL TABLE customer_search USING fts5 (
                name, company, phone, email, notes, tags, tokenize = 'trigram'
            );
            -- One- and two-character queries (张, 华为) cannot use trigrams: every distinct
            -- lower-cased character and character pair of name, company and tags is kept
            -- here instead.
            CREATE TABLE customer_grams (
                gram         TEXT NOT NULL,
                customer_seq INTEGER NOT NULL REFERENCES customers (seq) ON DELETE CASCADE,
                PRIMARY KEY (gram, customer_seq)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX customer_grams_customer ON customer_grams (customer_seq);

            CREATE TABLE contacts (
                id          TEXT PRIMARY KEY NOT NULL,
                customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                name        TEXT NOT NULL,
                title       TEXT,
                phone       TEXT,
                email       TEXT,
                wechat      TEXT,
                is_primary  INTEGER NOT NULL CHECK (is_primary IN (0, 1)),
                notes       TEXT,
                created_at  INTEGER NOT NULL,
                updated_at  INTEGER NOT NULL,
                version     INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX contacts_customer ON contacts (customer_id, created_at, id);

            CREATE TABLE purchases (
                id           TEXT PRIMARY KEY NOT NULL,
                customer_id  TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                amount       INTEGER NOT NULL CHECK (amount >= 0),
                currency     TEXT NOT NULL,
                cost         INTEGER CHECK (cost >= 0),
                product      TEXT NOT NULL,
                category     TEXT,
                quantity     INTEGER NOT NULL CHECK (quantity >= 1),
                channel      TEXT,
                purchased_at INTEGER NOT NULL,
                created_at   INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX purchases_customer ON purchases (customer_id, purchased_at, id);
            CREATE INDEX purchases_time ON purchases (purchased_at);

            CREATE TABLE interactions (
                id          TEXT PRIMARY KEY NOT NULL,
                customer_id TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                channel     TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'visit', 'wechat', 'sms', 'social', 'meeting', 'other')),
                direction   TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
                summary     TEXT NOT NULL,
                outcome     TEXT,
                occurred_at INTEGER NOT NULL,
                user_id     TEXT REFERENCES users (id),
                created_at  INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX interactions_customer ON interactions (customer_id, occurred_at, id);
            CREATE INDEX interactions_time ON interactions (occurred_at);

            -- A merge keeps the target's row as it was before and the ids it moved, so it
            -- can be undone while neither side has changed (versions match).
            CREATE TABLE merges (
                id                    TEXT PRIMARY KEY NOT NULL,
                target_id             TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                source_id             TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                moves                 TEXT NOT NULL CHECK (json_valid(moves)),
                conflicts             TEXT NOT NULL CHECK (json_valid(conflicts)),
                target_before         TEXT NOT NULL CHECK (json_valid(target_before)),
                target_version_after  INTEGER NOT NULL,
                source_version_after  INTEGER NOT NULL,
                actor_id              TEXT NOT NULL,
                created_at            INTEGER NOT NULL,
                undone_at             INTEGER
            ) STRICT;
            CREATE INDEX merges_target ON merges (target_id);
            CREATE INDEX merges_source ON merges (source_id);
            """),
        Migration(id: 5, name: "customer_region_top", sql: """
            -- Region filters match a path prefix. A range over the whole path loses the date
            -- order, so every match had to be sorted; the top level (province) as its own
            -- column gives an equality that keeps the (created_at, seq) order of the index.
            ALTER TABLE customers ADD COLUMN region_top TEXT;
            UPDATE customers SET region_top = CASE WHEN instr(region, '/') > 0 THEN substr(region, 1, instr(region, '/') - 1) ELSE region END
            WHERE region IS NOT NULL;
            DROP INDEX customers_region;
            CREATE INDEX customers_region_top ON customers (status, region_top, created_at, seq);
            """),
        Migration(id: 6, name: "customer_short_query_index", sql: """
            -- The one- and two-character grams move from one B-tree row each (about 24 a
            -- customer, a third of the cost of writing one) into one full-text row a customer
            -- whose text is the grams separated by spaces; unicode61 keeps a run of CJK
            -- characters as one token, so each gram is one term (sqlite.org/fts5.html#unicode61_tokenizer).
            CREATE VIRTUAL TABLE customer_short USING fts5 (grams, tokenize = 'unicode61 remove_diacritics 0');
            INSERT INTO customer_short (rowid, grams)
            SELECT customer_seq, group_concat(gram, ' ') FROM customer_grams GROUP BY customer_seq;
            DROP TABLE customer_grams;
            """),
        Migration(id: 7, name: "leaner_full_text_tables", sql: """
            -- Both full-text tables without what Kehu never reads, which every customer write
            -- paid for: columnsize=0 drops the per-row token counts (for bm25, unused: ranking
            -- is Kehu's own), and detail=none keeps only which rows hold a gram, not where,
            -- since a one- or two-character query is a single term (sqlite.org/fts5.html#fts5_table_creation_and_initialization).
            -- The trigram table keeps its positions: a longer query is a phrase of trigrams.
            CREATE VIRTUAL TABLE customer_search_lean USING fts5 (
                name, company, phone, email, notes, tags, tokenize = 'trigram', columnsize = 0
            );
            INSERT INTO customer_search_lean (rowid, name, company, phone, email, notes, tags)
            SELECT rowid, name, company, phone, email, notes, tags FROM customer_search;
            DROP TABLE customer_search;
            ALTER TABLE customer_search_lean RENAME TO customer_search;
            CREATE VIRTUAL TABLE customer_short_lean USING fts5 (
                grams, tokenize = 'unicode61 remove_diacritics 0', detail = none, columnsize = 0
            );
            INSERT INTO customer_short_lean (rowid, grams) SELECT rowid, grams FROM customer_short;
            DROP TABLE customer_short;
            ALTER TABLE customer_short_lean RENAME TO customer_short;
            """),
        Migration(id: 8, name: "follow_ups", sql: """
            -- A birthday as a key the agenda can look up by equality: MM-DD, or L-MM-DD for a
            -- lunar (Chinese-calendar) birthday, computed by the application (BirthdayKey).
            ALTER TABLE customers ADD COLUMN birthday_calendar TEXT NOT NULL DEFAULT 'gregorian'
                CHECK (birthday_calendar IN ('gregorian', 'chinese'));
            ALTER TABLE customers ADD COLUMN birthday_key TEXT;
            UPDATE customers SET birthday_key = substr(birthday, 6, 5) WHERE birthday IS NOT NULL AND length(birthday) = 10;
            CREATE INDEX customers_owner_birthday ON customers (owner_id, birthday_key) WHERE status = 'active' AND birthday_key IS NOT NULL;

            CREATE TABLE follow_up_plans (
                id            TEXT PRIMARY KEY NOT NULL,
                customer_id   TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                owner_id      TEXT NOT NULL REFERENCES users (id),
                cadence_days  INTEGER CHECK (cadence_days BETWEEN 1 AND 365),
                goal          TEXT,
                channel       TEXT NOT NULL CHECK (channel IN ('call', 'visit', 'email', 'message', 'care')),
                starts_at     INTEGER NOT NULL,
                status        TEXT NOT NULL CHECK (status IN ('active', 'paused', 'ended')),
                paused_due_at INTEGER,
                ended_at      INTEGER,
                created_at    INTEGER NOT NULL,
                updated_at    INTEGER NOT NULL,
                version       INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX follow_up_plans_customer ON follow_up_plans (customer_id, created_at);
            CREATE INDEX follow_up_plans_owner ON follow_up_plans (owner_id, created_at);
            CREATE INDEX follow_up_plans_created ON follow_up_plans (created_at);

            CREATE TABLE follow_ups (
                seq            INTEGER PRIMARY KEY,
                id             TEXT NOT NULL UNIQUE,
                customer_id    TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                plan_id        TEXT REFERENCES follow_up_plans (id) ON DELETE CASCADE,
                owner_id       TEXT NOT NULL REFERENCES users (id),
                due_at         INTEGER NOT NULL,
                kind           TEXT NOT NULL CHECK (kind IN ('call', 'visit', 'email', 'message', 'care')),
                purpose        TEXT,
                status         TEXT NOT NULL CHECK (status IN ('pending', 'done', 'skipped', 'cancelled')),
                closed_at      INTEGER,
                outcome        TEXT,
                result_summary TEXT,
                result_channel TEXT,
                interaction_id TEXT,
                reason         TEXT,
                reschedules    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reschedules)),
                care_key       TEXT,
                created_at     INTEGER NOT NULL,
                updated_at     INTEGER NOT NULL,
                version        INTEGER NOT NULL,
                CHECK ((status = 'pending') = (closed_at IS NULL))
            ) STRICT;
            -- An active plan has at most one pending task, whatever the code above does;
            -- the writes that close one insert the next in the same transaction.
            CREATE UNIQUE INDEX follow_ups_one_pending_per_plan ON follow_ups (plan_id) WHERE status = 'pending' AND plan_id IS NOT NULL;
            -- A care task is made once per customer and occasion.
            CREATE UNIQUE INDEX follow_ups_care_once ON follow_ups (customer_id, care_key) WHERE care_key IS NOT NULL;
            CREATE INDEX follow_ups_owner_status ON follow_ups (owner_id, status, due_at, seq);
            CREATE INDEX follow_ups_owner_due ON follow_ups (owner_id, due_at, seq);
            CREATE INDEX follow_ups_customer ON follow_ups (customer_id, due_at, seq);
            CREATE INDEX follow_ups_plan ON follow_ups (plan_id, due_at) WHERE plan_id IS NOT NULL;
            CREATE INDEX follow_ups_status_due ON follow_ups (status, due_at, seq);
            CREATE INDEX follow_ups_due ON follow_ups (due_at, seq);
            """),
        // The agenda's lists read only indexes (covering ones): without them each task
        // cost a seek into the follow-ups table and one into the customers table, which
        // was most of the agenda's time. customers_brief also names the customer of any
        // other list of tasks by id.
        Migration(id: 9, name: "agenda_covering_indexes", sql: """
            DROP INDEX follow_ups_owner_status;
            CREATE INDEX follow_ups_owner_status ON follow_ups
                (owner_id, status, due_at, seq, id, plan_id, kind, purpose, closed_at, version, customer_id);
            CREATE INDEX customers_brief ON customers (id, name, tier, phone, owner_id);
            """),
        Migration(id: 10, name: "feedback", sql: """
            -- Feedback and complaints (反馈与投诉). Times are Unix milliseconds. The SLA clock
            -- starts at intake (sla_started_at), and again when an item is reopened.
            CREATE TABLE feedback (
                seq                  INTEGER PRIMARY KEY,
                id                   TEXT NOT NULL UNIQUE,
                customer_id          TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                kind                 TEXT NOT NULL CHECK (kind IN ('complaint', 'suggestion', 'praise', 'inquiry')),
                channel              TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'web_form', 'wechat', 'social_media', 'in_person', 'survey', 'other')),
                subject              TEXT NOT NULL,
                body                 TEXT,
                category             TEXT,
                urgency              TEXT NOT NULL CHECK (urgency IN ('low', 'normal', 'high', 'critical')),
                status               TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'in_progress', 'resolved', 'closed', 'reopened')),
                assignee_id          TEXT REFERENCES users (id),
                sla_started_at       INTEGER NOT NULL,
                response_due_at      INTEGER NOT NULL,
                due_at               INTEGER NOT NULL,
                first_response_at    INTEGER,
                resolved_at          INTEGER,
                closed_at            INTEGER,
                response_breached    INTEGER NOT NULL DEFAULT 0 CHECK (response_breached IN (0, 1)),
                resolution_breached  INTEGER NOT NULL DEFAULT 0 CHECK (resolution_breached IN (0, 1)),
                resolution           TEXT,
                satisfaction         INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
                satisfaction_comment TEXT,
                satisfaction_at      INTEGER,
                reopen_count         INTEGER NOT NULL DEFAULT 0,
                created_by           TEXT,
                created_at           INTEGER NOT NULL,
                updated_at           INTEGER NOT NULL,
                version              INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX feedback_customer ON feedback (customer_id, created_at, seq);
            CREATE INDEX feedback_assignee ON feedback (assignee_id, status, due_at, seq);
            CREATE INDEX feedback_status_due ON feedback (status, due_at, seq);
            CREATE INDEX feedback_open_response_due ON feedback (response_due_at) WHERE status = 'open';
            CREATE INDEX feedback_created ON feedback (created_at, seq);
            -- Every change of an item: intake, status moves, assignments, edits, verdicts.
            CREATE TABLE feedback_events (
                seq         INTEGER PRIMARY KEY,
                feedback_id TEXT NOT NULL REFERENCES feedback (id) ON DELETE CASCADE,
                type        TEXT NOT NULL CHECK (type IN ('created', 'status_changed', 'assigned', 'updated', 'satisfaction_recorded')),
                from_status TEXT,
                to_status   TEXT,
                note        TEXT,
                detail      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
                actor_id    TEXT,
                at          INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX feedback_events_feedback ON feedback_events (feedback_id, seq);
            """),
        Migration(id: 11, name: "surveys", sql: """
            CREATE TABLE surveys (
                seq         INTEGER PRIMARY KEY,
                id          TEXT NOT NULL UNIQUE,
                name        TEXT NOT NULL,
                description TEXT,
                questions   TEXT NOT NULL CHECK (json_valid(questions)),
                active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
                created_by  TEXT,
                created_at  INTEGER NOT NULL,
                updated_at  INTEGER NOT NULL,
                version     INTEGER NOT NULL
            ) STRICT;
            CREATE TABLE survey_responses (
                seq          INTEGER PRIMARY KEY,
                id           TEXT NOT NULL UNIQUE,
                survey_id    TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
                customer_id  TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                feedback_id  TEXT REFERENCES feedback (id) ON DELETE SET NULL,
                answers      TEXT NOT NULL CHECK (json_valid(answers)),
                recorded_by  TEXT,
                responded_at INTEGER NOT NULL,
                created_at   INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX survey_responses_survey ON survey_responses (survey_id, responded_at, seq);
            CREATE INDEX survey_responses_customer ON survey_responses (customer_id, responded_at);
            -- One row per scored answer (likert5, nps), so results are SQL aggregates.
            CREATE TABLE survey_answers (
                response_seq INTEGER NOT NULL REFERENCES survey_responses (seq) ON DELETE CASCADE,
                survey_id    TEXT NOT NULL,
                question_id  TEXT NOT NULL,
                score        INTEGER NOT NULL,
                responded_at INTEGER NOT NULL,
                PRIMARY KEY (response_seq, question_id)
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX survey_answers_question ON survey_answers (survey_id, question_id, responded_at, score);
            """),
        // Service analytics (issue 7). Each satisfaction figure counts events by the time
        // they happened, so each reads its own index on that time holding what it adds up and
        // the customer (for a rep's book): a year reads that year's entries, never a row.
        // The overview and follow-up compliance read wider versions of the purchase and
        // follow-up indexes (same leading columns, so their lists keep them) and never the
        // rows; a book's customer ids come from one index. Measured in docs/benchmarks.md.
        Migration(id: 12, name: "service_analytics_indexes", sql: """
            CREATE INDEX feedback_satisfaction_time ON feedback (satisfaction_at, satisfaction, customer_id) WHERE satisfaction_at IS NOT NULL;
            CREATE INDEX feedback_kind_time ON feedback (kind, created_at, category, customer_id);
            CREATE INDEX feedback_first_response_time ON feedback (first_response_at, response_breached, customer_id) WHERE first_response_at IS NOT NULL;
            CREATE INDEX feedback_resolved_time ON feedback (resolved_at, status, created_at, resolution_breached, customer_id) WHERE resolved_at IS NOT NULL;
            CREATE INDEX feedback_active ON feedback (status, due_at, response_due_at, customer_id)
                WHERE status IN ('open', 'acknowledged', 'in_progress', 'reopened');
            CREATE INDEX survey_answers_time ON survey_answers (responded_at, survey_id, question_id, score);
            CREATE INDEX customers_class ON customers (status, tier, stage, owner_id);
            CREATE INDEX customers_owner_ids ON customers (owner_id, id);
            DROP INDEX purchases_time;
            CREATE INDEX purchases_time ON purchases (purchased_at, currency, amount, customer_id);
            DROP INDEX purchases_customer;
            CREATE INDEX purchases_customer ON purchases (customer_id, purchased_at, id, currency, amount);
            DROP INDEX follow_ups_due;
            CREATE INDEX follow_ups_due ON follow_ups (due_at, seq, owner_id, status, closed_at);
            """),
        Migration(id: 13, name: "customer_analytics", sql: """
            -- Customer-value analytics (issue 7). Per customer, figures that do not change with
            -- the time of asking, kept by every write of purchases or interactions in its
            -- transaction (CustomerActivitySummary): lifetime profit in the base currency
            -- (amount less cost, where the cost is known), the number of purchases and
            -- interactions, and the median gap between them in milliseconds (NULL below two).
            ALTER TABLE customers ADD COLUMN total_profit INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE customers ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE customers ADD COLUMN median_gap_ms INTEGER;
            -- RFM and segments sum a period's purchases per customer from this index alone;
            -- the priority score finds the 90th-percentile profit by walking this one.
            CREATE INDEX purchases_value ON purchases (customer_id, currency, purchased_at, amount);
            CREATE INDEX customers_profit ON customers (status, total_profit);
            UPDATE customers SET total_profit = p.profit FROM (
                SELECT customer_id, sum(amount - cost) AS profit FROM purchases
                WHERE cost IS NOT NULL
                  AND currency = coalesce((SELECT json_extract(value, '$.baseCurrency') FROM settings WHERE key = 'classification'), 'CNY')
                GROUP BY customer_id) AS p
            WHERE p.customer_id = customers.id;
            -- Position 0 of each customer is its first event, whose gap is NULL (NULLs sort
            -- first); the median of its n - 1 gaps sits at positions n / 2 and (n + 1) / 2.
            UPDATE customers SET event_count = e.events, median_gap_ms = e.median FROM (
                WITH events AS (
                    SELECT customer_id, purchased_at AS at FROM purchases
                    UNION ALL SELECT customer_id, occurred_at FROM interactions),
                gaps AS (
                    SELECT customer_id, at - lag(at) OVER (PARTITION BY customer_id ORDER BY at) AS gap,
                           count(*) OVER (PARTITION BY customer_id) AS events
                    FROM events),
                ranked AS (
                    SELECT customer_id, gap, events, row_number() OVER (PARTITION BY customer_id ORDER BY gap) - 1 AS position FROM gaps)
                SELECT customer_id, max(events) AS events,
                       CAST(round(avg(gap) FILTER (WHERE position IN (events / 2, (events + 1) / 2))) AS INTEGER) AS median
                FROM ranked GROUP BY customer_id) AS e
            WHERE e.customer_id = customers.id;
            """),
        Migration(id: 14, name: "deals", sql: """
            -- Deals (销售漏斗). Amounts in minor units with their currency; times in Unix ms.
            -- furthest_rank is the furthest funnel step reached (0 lead, 1 qualified,
            -- 2 proposal, 3 negotiation, 4 won), raised in the write transaction of every
            -- stage change, so "reached a stage" is one comparison for the funnel.
            CREATE TABLE deals (
                seq               INTEGER PRIMARY KEY,
                id                TEXT NOT NULL UNIQUE,
                customer_id       TEXT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
                title             TEXT NOT NULL,
                amount            INTEGER NOT NULL CHECK (amount >= 0),
                currency          TEXT NOT NULL CHECK (length(currency) = 3),
                stage             TEXT NOT NULL CHECK (stage IN ('lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost')),
                furthest_rank     INTEGER NOT NULL CHECK (furthest_rank BETWEEN 0 AND 4),
                stage_entered_at  INTEGER NOT NULL,
                -- The history summed up in the same write: milliseconds in each open stage
                -- over the stints that have ended, and a bit per stage ever entered (lead 1,
                -- qualified 2, proposal 4, negotiation 8, won 16, lost 32).
                lead_ms           INTEGER NOT NULL DEFAULT 0,
                qualified_ms      INTEGER NOT NULL DEFAULT 0,
                proposal_ms       INTEGER NOT NULL DEFAULT 0,
                negotiation_ms    INTEGER NOT NULL DEFAULT 0,
                entered_stages    INTEGER NOT NULL CHECK (entered_stages BETWEEN 1 AND 63),
                owner_id          TEXT REFERENCES users (id),
                expected_close_at INTEGER,
                -- The sort key of expected close, written with it: expected_close_at, or for
                -- deals without one the largest integer, so they sort after every date. (A
                -- generated column would do, but VACUUM INTO from a read-only connection
                -- fails on one in SQLite 3.40: "has 24 columns but 25 values were supplied".)
                close_key         INTEGER NOT NULL CHECK (close_key = coalesce(expected_close_at, 9223372036854775807)),
                lost_reason       TEXT,
                notes             TEXT,
                purchase_id       TEXT REFERENCES purchases (id) ON DELETE SET NULL,
                closed_at         INTEGER,
                created_by        TEXT,
                created_at        INTEGER NOT NULL,
                updated_at        INTEGER NOT NULL,
                version           INTEGER NOT NULL,
                CHECK ((stage = 'lost') = (lost_reason IS NOT NULL)),
                CHECK ((stage IN ('won', 'lost')) = (closed_at IS NOT NULL))
            ) STRICT;
            -- One index per sort, and per filter with the default sort.
            CREATE INDEX deals_created ON deals (created_at, seq);
            -- The funnel reads its cohort (deals created in the period, in a book) from this
            -- index alone.
            CREATE INDEX deals_funnel ON deals (created_at, stage, furthest_rank, entered_stages, stage_entered_at, lead_ms, qualified_ms,
                                                proposal_ms, negotiation_ms, currency, amount, owner_id, customer_id);
            CREATE INDEX deals_stage ON deals (stage, created_at, seq);
            CREATE INDEX deals_owner ON deals (owner_id, created_at, seq);
            CREATE INDEX deals_customer ON deals (customer_id, created_at, seq);
            CREATE INDEX deals_close ON deals (close_key, seq);
            CREATE INDEX deals_amount ON deals (amount, seq);
            CREATE INDEX deals_purchase ON deals (purchase_id) WHERE purchase_id IS NOT NULL;
            -- Every stint of a deal in a stage: entered by a change (from_stage → stage, by
            -- actor_id, with a note), left when the next change comes (left_at; NULL for
            -- the current one), so time in a stage is a sum over rows (kept summed on the deal).
            CREATE TABLE deal_stages (
                seq         INTEGER PRIMARY KEY,
                deal_seq    INTEGER NOT NULL REFERENCES deals (seq) ON DELETE CASCADE,
                from_stage  TEXT CHECK (from_stage IN ('lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost')),
                stage       TEXT NOT NULL CHECK (stage IN ('lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost')),
                note        TEXT,
                lost_reason TEXT,
                actor_id    TEXT,
                entered_at  INTEGER NOT NULL,
                left_at     INTEGER
            ) STRICT;
            CREATE INDEX deal_stages_deal ON deal_stages (deal_seq, seq);
            -- A deal is in one stage at a time.
            CREATE UNIQUE INDEX deal_stages_current ON deal_stages (deal_seq) WHERE left_at IS NULL;
            """),
        Migration(id: 15, name: "rfm_base_purchases", sql: """
            -- RFM without a pass over every purchase (issue 7). Per customer, the count and the
            -- first and last time of its purchases in the base currency, kept with
            -- total_spent (their sum) by CustomerActivitySummary in every write's
            -- transaction. A customer whose purchases all fall inside an RFM period, or all
            -- before it, has its figures in these columns; only those straddling the
            -- period's start (or with purchases after its end) are summed from purchases.
            ALTER TABLE customers ADD COLUMN base_purchase_count INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE customers ADD COLUMN base_first_purchase_at INTEGER;
            ALTER TABLE customers ADD COLUMN base_last_purchase_at INTEGER;
            UPDATE customers SET base_purchase_count = p.purchases, base_first_purchase_at = p.first_at, base_last_purchase_at = p.last_at FROM (
                SELECT customer_id, count(*) AS purchases, min(purchased_at) AS first_at, max(purchased_at) AS last_at FROM purchases
                WHERE currency = coalesce((SELECT json_extract(value, '$.baseCurrency') FROM settings WHERE key = 'classification'), 'CNY')
                GROUP BY customer_id) AS p
            WHERE p.customer_id = customers.id;
            -- The RFM figures of everyone's book (status) or one owner's (status, owner_id)
            -- from this index alone, for buyers only.
            CREATE INDEX customers_rfm ON customers (status, owner_id, base_last_purchase_at, base_first_purchase_at, base_purchase_count, total_spent, id)
                WHERE base_purchase_count > 0;
            """),
        Migration(id: 16, name: "feedback_status_newest", sql: """
            -- A feedback list filtered by status in its default order (newest first) walks
            -- this index and stops at the page; with feedback_status_due it read and sorted
            -- every row in the status, which the soak's growing backlog of open items made
            -- the largest cost of the mix (docs/reliability.md, Soak).
            CREATE INDEX feedback_status_created ON feedback (status, created_at, seq);
            """),
        Migration(id: 17, name: "idempotency_key_customers", sql: """
            -- The customers each stored idempotent answer names, so that erasing a customer
            -- deletes those answers by index: a scan of every body with instr() took 0.5 s
            -- of the writer per million stored answers, and a day of them is kept.
            -- Written with the answer (SQLiteIdempotencyStore, IdempotentCustomerIDs).
            CREATE TABLE idempotency_key_customers (
                customer_id TEXT NOT NULL,
                owner       TEXT NOT NULL,
                key         TEXT NOT NULL,
                PRIMARY KEY (customer_id, owner, key),
                FOREIGN KEY (owner, key) REFERENCES idempotency_keys (owner, key) ON DELETE CASCADE
            ) STRICT, WITHOUT ROWID;
            CREATE INDEX idempotency_key_customers_answer ON idempotency_key_customers (owner, key);
            -- The answers already stored: each "cus_" and the id characters after it (at
            -- most 64), as IdempotentCustomerIDs reads them; ltrim measures the run.
            WITH RECURSIVE found (owner, key, rest, depth) AS (
                SELECT owner, key, CAST(body AS TEXT), 0 FROM idempotency_keys
                UNION ALL
                SELECT owner, key, substr(rest, instr(rest, 'cus_') + 4), depth + 1 FROM found WHERE instr(rest, 'cus_') > 0
            ),
            heads (owner, key, head, tail) AS (
                SELECT owner, key, substr(rest, 1, 64), ltrim(substr(rest, 1, 64), 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-')
                FROM found WHERE depth > 0
            )
            INSERT OR IGNORE INTO idempotency_key_customers (customer_id, owner, key)
            SELECT 'cus_' || substr(head, 1, length(head) - length(tail)), owner, key FROM heads WHERE length(head) > length(tail);
            """),
    ]
}