import type { Locale } from '../../i18n/locale.js'

/**
 * The version of the consent wording below (2026-12-07.1: the renewal wording, and the
 * processors sentence no longer says the name goes to Mailchimp, which it never did;
 * 2026-12-07.2: undo has its own wording, which names no ticked boxes: it has none). Bump it whenever any language's wording changes:
 * the ledger stores the text and this version with every consent, so an old consent can always
 * be shown exactly as it was given.
 */
export const CONSENT_VERSION = '2026-12-07.2'

export interface ConsentWording {
  version: string
  /** What the person agrees to, shown next to the sign-up button and stored in the ledger. */
  text: string
  /**
   * What the person agrees to when joining again from the preferences page (its save), shown
   * there and stored in the ledger for those changes.
   */
  renewal: string
  /** What the person agrees to with undo on the unsubscribed page: the lists just left. */
  undo: string
  /** Who processes the data, shown on the form (part of being informed before consenting). */
  processors: string
}

const wording: Record<Locale, Omit<ConsentWording, 'version'>> = {
  en: {
    text:
      'By signing up I agree to receive the emails I ticked above at this address. I can leave any list at any time ' +
      'with the link in every email or on my preferences page.',
    renewal:
      'By saving, or subscribing again, I agree to receive the emails of the lists I ticked at this address. I can ' +
      'leave any list at any time with the link in every email or on my preferences page.',
    undo:
      'By joining again, I agree to receive the emails of the lists I just left at this address. I can leave any ' +
      'list at any time with the link in every email or on my preferences page.',
    processors:
      'We store your address, your name if you give it, your choices and a record of this consent. We use Mailchimp ' +
      '(Intuit Inc., USA) to send our emails: your address, language and choices are passed to Mailchimp for that purpose.',
  },
  pl: {
    text:
      'Zapisując się, zgadzam się na otrzymywanie zaznaczonych powyżej wiadomości na ten adres. W każdej chwili mogę ' +
      'wypisać się z dowolnej listy za pomocą linku w każdej wiadomości lub na stronie moich ustawień.',
    renewal:
      'Zapisując zmiany lub zapisując się ponownie, zgadzam się na otrzymywanie wiadomości z zaznaczonych list na ten ' +
      'adres. W każdej chwili mogę wypisać się z dowolnej listy za pomocą linku w każdej wiadomości lub na stronie moich ustawień.',
    undo:
      'Zapisując się ponownie, zgadzam się na otrzymywanie na ten adres wiadomości z list, z których właśnie się ' +
      'wypisałem(-am). W każdej chwili mogę wypisać się z dowolnej listy za pomocą linku w każdej wiadomości lub na ' +
      'stronie moich ustawień.',
    processors:
      'Przechowujemy Twój adres, imię i nazwisko (jeśli je podasz), Twoje wybory oraz zapis tej zgody. Do wysyłki ' +
      'wiadomości używamy Mailchimp (Intuit Inc., USA): w tym celu przekazujemy do Mailchimp Twój adres, język oraz wybory.',
  },
  fi: {
    text:
      'Tilaamalla hyväksyn, että saan yllä valitsemani viestit tähän osoitteeseen. Voin poistua miltä tahansa listalta ' +
      'milloin tahansa jokaisen viestin linkillä tai asetussivullani.',
    renewal:
      'Tallentamalla tai tilaamalla uudelleen hyväksyn, että saan valitsemieni listojen viestit tähän osoitteeseen. ' +
      'Voin poistua miltä tahansa listalta milloin tahansa jokaisen viestin linkillä tai asetussivullani.',
    undo:
      'Liittymällä uudelleen hyväksyn, että saan juuri jättämieni listojen viestit tähän osoitteeseen. Voin ' +
      'poistua miltä tahansa listalta milloin tahansa jokaisen viestin linkillä tai asetussivullani.',
    processors:
      'Tallennamme osoitteesi, nimesi jos annat sen, valintasi ja tiedon tästä suostumuksesta. Lähetämme viestimme ' +
      'Mailchimpin (Intuit Inc., USA) kautta: osoitteesi, kielesi ja valintasi välitetään Mailchimpille tätä varten.',
  },
}

/**
 * The consent wording shown in `locale`, with its version: the one place it is written.
 *
 * @example const { text, version } = consentWording('fi')
 */
export function consentWording(locale: Locale): ConsentWording {
  return { version: CONSENT_VERSION, ...wording[locale] }
}
