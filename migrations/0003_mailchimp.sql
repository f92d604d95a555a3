-- Mailchimp webhook receipts: one row per distinct payload applied, so that a replay is
-- recognised and answered without touching anything. The id is an HMAC-SHA256 of the raw body
-- (never the address in clear). Pruned after 30 days.
CREATE TABLE mailchimp_webhook_receipts (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  fired_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL
);

CREATE INDEX mailchimp_webhook_receipts_received ON mailchimp_webhook_receipts (received_at);
