import type { Locale } from './locale.js'

/** Strings of the privacy pages (erase, restrict, export). Kept apart from the main catalogue. */
const en = {
  'erase.title': 'Erase my data',
  'erase.intro':
    'This deletes your address, your name and every subscription. You will get no more mail from us.',
  'erase.keep':
    'We keep a record that consent was given and withdrawn, without your address, and a one-way code of your address so that nobody can add it again. Only you can sign up again, by confirming a new sign-up.',
  'erase.check': 'I understand: erase my data now',
  'erase.button': 'Erase my data',
  'erase.back': 'Back to my preferences',
  'erase.required': 'Please tick the box to confirm that you want your data erased.',
  'erased.title': 'Your data is erased',
  'erased.body':
    'We have deleted your address and subscriptions. You will receive no more mail from us.',
  'restrict.on.title': 'Processing restricted',
  'restrict.on.body':
    'We keep your data but send you no mail and share it with no one until you lift the restriction.',
  'restrict.off.title': 'Restriction lifted',
  'restrict.off.body': 'Your subscriptions work as before.',
  'restrict.invalid':
    'Choose restricted=1 to restrict processing or restricted=0 to lift the restriction.',
} as const

export type PrivacyMessageKey = keyof typeof en

const catalogues: Record<Locale, Record<PrivacyMessageKey, string>> = {
  en,
  pl: {
    'erase.title': 'Usuń moje dane',
    'erase.intro':
      'Usuniemy Twój adres, imię i wszystkie subskrypcje. Nie dostaniesz od nas więcej wiadomości.',
    'erase.keep':
      'Zachowamy zapis, że zgoda została udzielona i wycofana, bez Twojego adresu, oraz jednokierunkowy kod adresu, aby nikt nie mógł go dodać ponownie. Tylko Ty możesz zapisać się znowu, potwierdzając nowy zapis.',
    'erase.check': 'Rozumiem: usuń teraz moje dane',
    'erase.button': 'Usuń moje dane',
    'erase.back': 'Wróć do moich ustawień',
    'erase.required': 'Zaznacz pole, aby potwierdzić, że chcesz usunąć swoje dane.',
    'erased.title': 'Twoje dane zostały usunięte',
    'erased.body': 'Usunęliśmy Twój adres i subskrypcje. Nie dostaniesz od nas więcej wiadomości.',
    'restrict.on.title': 'Przetwarzanie ograniczone',
    'restrict.on.body':
      'Przechowujemy Twoje dane, ale nie wysyłamy wiadomości i nikomu ich nie udostępniamy, dopóki nie zniesiesz ograniczenia.',
    'restrict.off.title': 'Ograniczenie zniesione',
    'restrict.off.body': 'Twoje subskrypcje działają jak wcześniej.',
    'restrict.invalid':
      'Wybierz restricted=1, aby ograniczyć przetwarzanie, lub restricted=0, aby je znieść.',
  },
  fi: {
    'erase.title': 'Poista tietoni',
    'erase.intro':
      'Tämä poistaa osoitteesi, nimesi ja kaikki tilauksesi. Et saa meiltä enää postia.',
    'erase.keep':
      'Säilytämme merkinnän siitä, että suostumus annettiin ja peruttiin, ilman osoitettasi, sekä osoitteesi yksisuuntaisen tunnisteen, jotta kukaan ei voi lisätä sitä uudelleen. Vain sinä voit liittyä uudelleen vahvistamalla uuden tilauksen.',
    'erase.check': 'Ymmärrän: poista tietoni nyt',
    'erase.button': 'Poista tietoni',
    'erase.back': 'Takaisin asetuksiini',
    'erase.required': 'Vahvista valintaruudulla, että haluat poistaa tietosi.',
    'erased.title': 'Tietosi on poistettu',
    'erased.body': 'Olemme poistaneet osoitteesi ja tilauksesi. Et saa meiltä enää postia.',
    'restrict.on.title': 'Käsittelyä rajoitettu',
    'restrict.on.body':
      'Säilytämme tietosi, mutta emme lähetä sinulle postia emmekä jaa tietojasi, ennen kuin poistat rajoituksen.',
    'restrict.off.title': 'Rajoitus poistettu',
    'restrict.off.body': 'Tilauksesi toimivat kuten ennenkin.',
    'restrict.invalid':
      'Valitse restricted=1 rajoittaaksesi käsittelyä tai restricted=0 poistaaksesi rajoituksen.',
  },
}

/**
 * A privacy page string in `locale`.
 *
 * @example tp('pl', 'erase.title') // 'Usuń moje dane'
 */
export function tp(locale: Locale, key: PrivacyMessageKey): string {
  return catalogues[locale][key] ?? en[key]
}
