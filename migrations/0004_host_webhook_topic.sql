-- "events" meant both the consent ledger and the signed webhooks to the host application; the
-- outbox topic of the latter is now named after what it is.
UPDATE outbox SET topic = 'host-webhook' WHERE topic = 'events';
