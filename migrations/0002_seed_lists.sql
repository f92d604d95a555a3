-- The four lists of the seed policies. Names and descriptions here are the English defaults;
-- the pages translate them through the message catalogue by list id.
INSERT INTO lists (id, name, description, legal_basis, public, double_opt_in, cancels_account, synced, archived, position, created_at, updated_at)
VALUES ('newsletter', 'Newsletter', 'Product news, promotions and company updates, about once a month.', 'consent', 1, 1, 0, 1, 0, 1, 1767225600000, 1767225600000);
INSERT INTO lists (id, name, description, legal_basis, public, double_opt_in, cancels_account, synced, archived, position, created_at, updated_at)
VALUES ('technical-advisories', 'Technical advisories', 'Security notices and technical advisories about the service you use. Leaving this list cancels your account.', 'contract', 0, 1, 1, 1, 0, 2, 1767225600000, 1767225600000);
INSERT INTO lists (id, name, description, legal_basis, public, double_opt_in, cancels_account, synced, archived, position, created_at, updated_at)
VALUES ('call-reports', 'Call reports', 'A detail report by email after each call.', 'contract', 0, 1, 0, 1, 0, 3, 1767225600000, 1767225600000);
INSERT INTO lists (id, name, description, legal_basis, public, double_opt_in, cancels_account, synced, archived, position, created_at, updated_at)
VALUES ('webinars', 'Webinars', 'Invitations to our webinar series.', 'consent', 1, 1, 0, 1, 0, 4, 1767225600000, 1767225600000);
