-- What Prefcenter knows of a contact's member in Mailchimp beyond what it sends: today one
-- state, `awaiting_mailchimp_confirmation`, for a person who re-subscribed here while Mailchimp
-- held them in a compliance state (they unsubscribed through Mailchimp, bounced, or were
-- deleted permanently). Such a member is sent as `pending` and Mailchimp mails its own
-- confirmation; the row goes when Mailchimp reports the member subscribed (a `subscribe`
-- webhook) or when a later send no longer needs it. No personal data: a contact id only.
CREATE TABLE mailchimp_member_states (
  contact_id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  since BIGINT NOT NULL
);
