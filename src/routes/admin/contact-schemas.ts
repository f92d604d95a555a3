import { z } from '@hono/zod-openapi'

export const EventSchema = z
  .object({
    id: z.string().openapi({ description: 'Sortable by recording time' }),
    contact_id: z.string(),
    email: z.string().nullable().openapi({ description: 'null once the contact is erased' }),
    list: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string().openapi({
      description:
        'pending, subscribed, unsubscribed, or a contact-wide state: erased, restricted, cleaned, pruned...',
    }),
    source: z.string(),
    legal_basis: z.string().nullable(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    consent_text: z.string().nullable(),
    consent_version: z.string().nullable(),
    occurred_at: z.string(),
    recorded_at: z.string(),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('ConsentEvent')

const SubscriptionSchema = z.object({
  list: z.string(),
  status: z.string().openapi({ description: 'pending, subscribed or unsubscribed' }),
  created_at: z.string(),
  updated_at: z.string(),
})

export const ContactSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    status: z.string().openapi({ description: 'active or cleaned' }),
    locale: z.string().nullable(),
    restricted: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
    subscriptions: z.array(SubscriptionSchema),
    events: z.array(EventSchema).openapi({ description: 'Consent history, oldest first' }),
  })
  .openapi('Contact')

const HeadersSchema = z.object({
  'List-Unsubscribe': z.string(),
  'List-Unsubscribe-Post': z.string().optional(),
})

export const LinksSchema = z
  .object({
    preferences_url: z.string(),
    unsubscribe_all_url: z.string(),
    unsubscribe_urls: z.record(z.string(), z.string()),
    headers: z
      .record(z.string(), HeadersSchema)
      .openapi({ description: 'No List-Unsubscribe-Post for lists that cancel the account' }),
    list_unsubscribe: z.string().openapi({
      description: 'List-Unsubscribe value for one mail: the `list` asked for, else every list',
    }),
    list_unsubscribe_post: z.string().nullable().openapi({
      description: 'List-Unsubscribe-Post value, null when that list cancels the account',
    }),
  })
  .openapi('ContactLinks')

export const PersonalDataSchema = z
  .object({
    format: z.literal('prefcenter.personal-data/1'),
    generated_at: z.string(),
    contact: ContactSchema.omit({ subscriptions: true, events: true }),
    subscriptions: z.array(
      SubscriptionSchema.extend({
        list_name: z.string().nullable(),
        legal_basis: z.string().nullable(),
      }),
    ),
    consent_history: z.array(EventSchema),
  })
  .openapi('PersonalData')
