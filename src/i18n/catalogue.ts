import type { en } from './en.js'

export type MessageKey = keyof typeof en

/** A complete translation: the compiler refuses a language that misses a key. */
export type Catalogue = Record<MessageKey, string>
