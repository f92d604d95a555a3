-- A person may pause a list for a while instead of leaving it (issue 13, "Pause"): the list
-- stays subscribed, Mailchimp holds its interest off, and the hourly job clears this once it
-- has passed. NULL: not paused.
ALTER TABLE subscriptions ADD COLUMN paused_until BIGINT;

CREATE INDEX subscriptions_paused_until ON subscriptions (paused_until);
