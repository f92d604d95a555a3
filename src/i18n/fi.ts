import type { Catalogue } from './catalogue.js'
import { consoleFi } from './console/fi.js'

/** Finnish. */
export const fi: Catalogue = {
  ...consoleFi,
  'app.name': 'Prefcenter',
  'layout.skip': 'Siirry sisältöön',
  'layout.footer': 'Sähköpostiasetuksesi ovat omissa käsissäsi.',
  'layout.language': 'Kieli',
  'layout.manage': 'Hallitse tilauksiasi',

  'error.title': 'Jokin ei ole kunnossa',
  'error.code': 'Virhekoodi',
  'error.home': 'Takaisin etusivulle',
  'error.msg.bad_request': 'Pyyntöä ei voitu ymmärtää.',
  'error.msg.invalid_body': 'Osa lähetetyistä tiedoista puuttuu tai on virheellisiä.',
  'error.msg.invalid_email': 'Anna kelvollinen sähköpostiosoite.',
  'error.msg.unknown_list': 'Yhtä valituista listoista ei ole olemassa.',
  'error.msg.no_lists': 'Valitse vähintään yksi lista.',
  'error.msg.invalid_token':
    'Tämä linkki ei kelpaa. Käytä täsmälleen sähköpostissa saamaasi linkkiä.',
  'error.msg.not_found': 'Sivua ei löytynyt.',
  'error.msg.link_expired': 'Tämä linkki on vanhentunut.',
  'error.msg.gone': 'Tämä linkki ei enää toimi: sen tiedot on poistettu.',
  'error.msg.payload_too_large': 'Lähetetty tieto on liian suuri.',
  'error.msg.unsupported_media_type': 'Tällaista lomakkeen lähetystä ei tueta.',
  'error.msg.confirmation_required': 'Vahvista rastilla, että haluat lopettaa tilisi.',
  'error.msg.internal': 'Jokin meni vikaan meidän päässämme. Yritä myöhemmin uudelleen.',

  'list.newsletter.name': 'Uutiskirje',
  'list.newsletter.description':
    'Tuoteuutisia, tarjouksia ja yrityksen kuulumisia noin kerran kuukaudessa.',
  'list.technical-advisories.name': 'Tekniset tiedotteet',
  'list.technical-advisories.description':
    'Tietoturvailmoitukset ja tekniset tiedotteet käyttämästäsi palvelusta. Tältä listalta poistuminen lopettaa tilisi.',
  'list.call-reports.name': 'Puheluraportit',
  'list.call-reports.description':
    'Yksityiskohtainen raportti sähköpostitse jokaisen puhelun jälkeen.',
  'list.webinars.name': 'Webinaarit',
  'list.webinars.description': 'Kutsut webinaarisarjaamme.',

  'status.subscribed': 'Tilattu',
  'status.pending': 'Odottaa vahvistustasi',
  'status.unsubscribed': 'Peruttu',
  'status.none': 'Ei tilattu',

  'signup.title': 'Tilaa sähköpostimme',
  'signup.intro':
    'Valitse, mitä haluat saada. Lähetämme ensin sähköpostin, jolla vahvistat tilauksen.',
  'signup.email': 'Sähköpostiosoite',
  'signup.name': 'Nimi (vapaaehtoinen)',
  'signup.lists': 'Mitä haluat saada?',
  'signup.noLists': 'Tällä hetkellä ei ole mitään tilattavaa.',
  'signup.submit': 'Tilaa',
  'signup.consentHeading': 'Suostumuksesi',
  'signup.processorHeading': 'Kuka käsittelee tietojasi',
  'signup.manage': 'Oletko jo tilaaja? Pyydä linkki asetustesi muuttamiseen.',

  'pending.title': 'Tarkista sähköpostisi',
  'pending.body':
    'Jos tähän osoitteeseen voi lähettää viestejämme, vahvistuslinkki on matkalla. Mitään ei tapahdu ennen kuin painat viestin painiketta.',
  'pending.expiry': 'Linkki on voimassa {days} päivää.',

  'confirm.title': 'Vahvista tilauksesi',
  'confirm.body': 'Vahvista painikkeella, että haluat saada:',
  'confirm.bodyNone': 'Vahvista tilauksesi painikkeella.',
  'confirm.button': 'Vahvistan tilauksen',
  'confirmed.title': 'Tilaus on vahvistettu',
  'confirmed.body': 'Kiitos. Saat jatkossa:',
  'confirmed.nothing': 'Tällä linkillä ei ole enää mitään vahvistettavaa.',
  'confirmed.preferences': 'Katso tai muuta asetuksiasi',
  'expired.title': 'Tämä linkki on vanhentunut',
  'expired.body':
    'Vahvistuslinkit ovat voimassa rajoitetun ajan. Voimme lähettää uuden linkin samaan osoitteeseen.',
  'expired.button': 'Lähetä minulle uusi linkki',
  'resent.title': 'Tarkista sähköpostisi',
  'resent.body': 'Jos jotain on vielä vahvistamatta, uusi linkki on matkalla samaan osoitteeseen.',
  'gone.title': 'Tämä linkki ei enää toimi',

  'unsubscribe.title': 'Peru tilaus',
  'unsubscribe.one': 'Lopeta listan ”{list}” viestit tähän osoitteeseen.',
  'unsubscribe.all': 'Lopeta kaikki viestimme tähän osoitteeseen.',
  'unsubscribe.keepsAccount':
    'Lista ”{list}” jää päälle, ellei rastita myös alla olevaa ruutua, koska siltä poistuminen lopettaa tilisi.',
  'unsubscribe.button': 'Peru tilaus',
  'unsubscribe.preferences': 'Haluatko mieluummin valita, mitä saat? Avaa asetuksesi.',
  'unsubscribed.title': 'Tilaus on peruttu',
  'unsubscribed.one': 'Et enää saa listan ”{list}” viestejä.',
  'unsubscribed.all': 'Et enää saa viestejämme tähän osoitteeseen.',
  'unsubscribed.kept':
    'Lista ”{list}” on yhä päällä, koska siltä poistuminen lopettaa tilisi. Jos haluat poistua myös siltä, vahvista alla.',

  'cancel.warning':
    'Huomio: listalta ”{list}” poistuminen lopettaa tilisi. Menetät pääsyn palveluun, emmekä enää lähetä sinulle sen tietoturvailmoituksia.',
  'cancel.confirm': 'Kyllä, haluan poistua listalta ”{list}” ja lopettaa tilini',
  'cancel.button': 'Poistu ja lopeta tilini',
  'cancel.requested': 'Olemme välittäneet pyyntösi tilin lopettamisesta.',

  'prefs.title': 'Sähköpostiasetuksesi',
  'prefs.intro':
    'Valitse viestit, jotka haluat saada tähän osoitteeseen, ja tallenna. Muutokset tulevat voimaan heti.',
  'prefs.lists': 'Listasi',
  'prefs.status': 'Tila',
  'prefs.save': 'Tallenna asetukset',
  'prefs.saved': 'Asetuksesi on tallennettu.',
  'prefs.unsubscribeAllHeading': 'Lopeta kaikki viestit',
  'prefs.unsubscribeAllHelp': 'Poistu kaikilta listoilta kerralla.',
  'prefs.unsubscribeAll': 'Peru kaikki tilaukset',
  'prefs.cancelHeading': 'Tiliisi kuuluvat listat',
  'prefs.dataHeading': 'Tietosi',
  'prefs.export': 'Lataa tietoni',
  'prefs.exportHelp': 'Kaikki tästä osoitteesta tallentamamme tiedot yhdessä tiedostossa.',
  'prefs.erase': 'Poista tietoni',
  'prefs.eraseHelp': 'Poista tämä osoite ja kaikki sitä koskevat tiedot meiltä ja Mailchimpista.',
  'prefs.restrict': 'Rajoita käsittelyä',
  'prefs.restrictHelp':
    'Säilytämme tietosi, mutta emme lähetä sinulle listaviestejä ennen kuin poistat rajoituksen.',
  'prefs.unrestrict': 'Poista rajoitus',
  'prefs.restrictedNow': 'Tietojesi käsittelyä on rajoitettu: et saa listaviestejä.',

  'manage.title': 'Muuta asetuksiasi',
  'manage.intro': 'Anna osoitteesi, niin lähetämme sähköpostitse linkin asetussivullesi.',
  'manage.submit': 'Lähetä minulle linkki',
  'manage.sent.title': 'Tarkista sähköpostisi',
  'manage.sent.body': 'Jos osoite on meillä, linkki sen asetuksiin on matkalla.',

  'mail.hello': 'Hei,',
  'mail.helloName': 'Hei {name},',
  'mail.footer': 'Tämän viestin lähetti {app}.',
  'mail.confirm.subject': 'Vahvista tilauksesi',
  'mail.confirm.body': 'Joku, toivottavasti sinä, pyysi näitä viestejä tähän osoitteeseen:',
  'mail.confirm.button': 'Vahvistan tilauksen',
  'mail.confirm.expiry': 'Linkki on voimassa {days} päivää.',
  'mail.confirm.ignore':
    'Jos et pyytänyt tätä, voit jättää viestin huomiotta: mitään ei tapahdu ilman vahvistustasi.',
  'mail.manage.subject': 'Linkki sähköpostiasetuksiisi',
  'mail.manage.body':
    'Tässä on linkki sähköpostiasetuksiisi. Kuka tahansa linkin saanut voi muuttaa niitä, joten älä välitä tätä viestiä eteenpäin.',
  'mail.manage.button': 'Avaa asetukseni',
  'mail.manage.ignore': 'Jos et pyytänyt tätä, voit jättää viestin huomiotta.',
  'mail.unsubscribe': 'Peru kaikki sähköpostit',

  'erase.title': 'Poista tietoni',
  'erase.intro': 'Tämä poistaa osoitteesi, nimesi ja kaikki tilauksesi. Et saa meiltä enää postia.',
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
  'error.msg.link_superseded':
    'Tämä linkki lähetettiin aiempaan osoitteeseesi, eikä se enää toimi. Pyydä alta uusi linkki: se lähetetään nykyiseen osoitteeseesi.',
  'error.msg.link_used':
    'Tätä linkkiä on jo käytetty. Se toimii vain kerran; pyydä uusi asetussivultasi.',
  'error.newLink': 'Lähetä minulle uusi linkki',
  'prefs.privacyByMail':
    'Tietojesi suojaamiseksi lataus ja poisto lähettävät ensin linkin sähköpostiosoitteeseesi. Linkki toimii kerran, tunnin ajan.',
  'privacy.sent.title': 'Tarkista sähköpostisi',
  'privacy.sent.body':
    'Lähetimme linkin osoitteeseen, johon nämä asetukset kuuluvat. Se toimii kerran, tunnin ajan. Jatka avaamalla se.',
  'privacy.export.title': 'Lataa tietoni',
  'privacy.export.intro':
    'Lataat kaikki sinusta säilyttämämme tiedot yhtenä JSON-tiedostona. Linkki toimii vain kerran.',
  'privacy.export.button': 'Lataa tietoni',
  'privacy.cancelsAccount':
    'Olet listalla ”{list}”. Tietojesi poistaminen tai käsittelyn rajoittaminen peruu tilisi: menetät pääsyn palveluun, emmekä enää lähetä sinulle sitä koskevia tietoturvailmoituksia.',
  'mail.privacy.export.subject': 'Linkki tietojesi lataamiseen',
  'mail.privacy.erase.subject': 'Linkki tietojesi poistamiseen',
  'mail.privacy.export.body':
    'Pyysit ladata sinusta säilyttämämme tiedot. Käytä tätä linkkiä tunnin kuluessa; se toimii kerran.',
  'mail.privacy.erase.body':
    'Pyysit poistamaan tietosi. Käytä tätä linkkiä tunnin kuluessa; se toimii kerran. Mitään ei poisteta ennen kuin vahvistat sen avautuvalla sivulla.',
  'mail.privacy.export.button': 'Lataa tietoni',
  'mail.privacy.erase.button': 'Poista tietoni',
  'mail.privacy.ignore':
    'Jos et pyytänyt tätä, voit jättää viestin huomiotta: mitään ei tapahdu ilman linkkiä.',
}
