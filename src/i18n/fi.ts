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
  'page.failed': 'Virhe: {title}',
  'error.home': 'Takaisin etusivulle',
  'error.msg.bad_request': 'Pyyntöä ei voitu ymmärtää.',
  'error.msg.invalid_body': 'Osa lähetetyistä tiedoista puuttuu tai on virheellisiä.',
  'error.msg.invalid_email': 'Anna kelvollinen sähköpostiosoite.',
  'error.msg.unknown_list': 'Yhtä valituista listoista ei ole olemassa.',
  'error.msg.list_not_open':
    'Yksi valituista listoista kuuluu asiakastiliin: siihen ei voi liittyä täällä.',
  'error.msg.no_lists': 'Valitse vähintään yksi lista.',
  'error.msg.invalid_token':
    'Tämä linkki ei kelpaa. Käytä täsmälleen sähköpostissa saamaasi linkkiä.',
  'error.msg.not_found': 'Sivua ei löytynyt.',
  'error.msg.link_expired': 'Tämä linkki on vanhentunut.',
  'error.msg.gone': 'Tämä linkki ei enää toimi: sen tiedot on poistettu.',
  'error.msg.payload_too_large': 'Lähetetty tieto on liian suuri.',
  'error.msg.unsupported_media_type': 'Tällaista lomakkeen lähetystä ei tueta.',
  'error.msg.method_not_allowed': 'Tämä osoite ei ota vastaan tällaista pyyntöä.',
  'error.msg.invalid_query': 'Osa osoitteesta puuttuu tai on virheellinen.',
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
  'pending.expiry': 'Linkki on voimassa {duration}.',

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
  'unsubscribe.all': 'Poistu kaikilta listoilta tällä osoitteella.',
  'unsubscribe.keepsAccount':
    'Lista ”{list}” jää päälle, ellei rastita myös alla olevaa ruutua, koska siltä poistuminen lopettaa tilisi.',
  'unsubscribe.button': 'Peru tilaus',
  'unsubscribe.preferences': 'Haluatko mieluummin valita, mitä saat? Avaa asetuksesi.',
  'unsubscribed.title': 'Tilaus on peruttu',
  'unsubscribed.one': 'Et enää saa listan ”{list}” viestejä.',
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
  'prefs.pauseHeading': 'Pidä tauko',
  'prefs.pauseHelp':
    'Keskeytä lista sen sijaan, että poistuisit siltä: et saa siltä viestejä hetkeen, ja sitten ne alkavat taas itsestään.',
  'prefs.pause1': 'Keskeytä 1 kuukaudeksi',
  'prefs.pause3': 'Keskeytä 3 kuukaudeksi',
  'prefs.pausedUntil': 'Keskeytetty {date} asti',
  'prefs.resume': 'Jatka nyt',
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
  'prefs.awaitingMailchimp':
    'Mailchimp, joka lähettää viestimme, pyytää sinua sähköpostitse vahvistamaan tilauksesi, koska se oli aiemmin lopettanut viestien lähettämisen tähän osoitteeseen. Napsauta viestissä olevaa linkkiä; siihen asti et saa listojen viestejä.',

  'manage.title': 'Muuta asetuksiasi',
  'manage.intro': 'Anna osoitteesi, niin lähetämme sähköpostitse linkin asetussivullesi.',
  'manage.submit': 'Lähetä minulle linkki',
  'manage.sent.title': 'Tarkista sähköpostisi',
  'manage.sent.body': 'Jos osoite on meillä, linkki sen asetuksiin on matkalla.',
  'mail.notArrived':
    'Eikö mitään tullut? Katso roskapostikansiosi. Lähetämme samaan osoitteeseen enintään {count} tällaista viestiä päivässä, joten useiden pyyntöjen jälkeen seuraava voi tulla vasta huomenna.',

  'mail.hello': 'Hei,',
  'mail.helloName': 'Hei {name},',
  'mail.footer': 'Tämän viestin lähetti {app}.',
  'mail.confirm.subject': 'Vahvista tilauksesi',
  'mail.confirm.body': 'Joku, toivottavasti sinä, pyysi näitä viestejä tähän osoitteeseen:',
  'mail.confirm.button': 'Vahvistan tilauksen',
  'mail.confirm.expiry': 'Linkki on voimassa {duration}.',
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
  'error.title.not_found': 'Sivua ei löytynyt',
  'error.title.method_not_allowed': 'Ei käytettävissä näin',
  'error.title.invalid_token': 'Tämä linkki ei toimi',
  'error.title.invalid_body': 'Tietoja puuttuu',
  'error.title.bad_request': 'Pyyntöä ei voitu lukea',
  'error.title.rate_limited': 'Liian monta pyyntöä',
  'error.title.internal': 'Jotain meni vikaan meidän päässämme',
  'error.msg.rate_limited': 'Liian monta pyyntöä. Odota hetki ja yritä uudelleen.',
  'field.name.invalid': 'Anna enintään 200 merkin nimi ilman erikoismerkkejä.',
  'form.problems': 'Korjaa seuraavat kohdat:',
  'duration.day.one': '{n} päivän',
  'duration.day.few': '{n} päivää',
  'duration.day.many': '{n} päivää',
  'duration.day.other': '{n} päivää',
  'duration.hour.one': '{n} tunnin',
  'duration.hour.few': '{n} tuntia',
  'duration.hour.many': '{n} tuntia',
  'duration.hour.other': '{n} tuntia',
  'duration.minute.one': '{n} minuutin',
  'duration.minute.few': '{n} minuuttia',
  'duration.minute.many': '{n} minuuttia',
  'duration.minute.other': '{n} minuuttia',
  'duration.second.one': '{n} sekunnin',
  'duration.second.few': '{n} sekuntia',
  'duration.second.many': '{n} sekuntia',
  'duration.second.other': '{n} sekuntia',
  'confirm.alreadyTitle': 'Jo vahvistettu',
  'confirm.already': 'Olet jo tilannut:',
  'unsubscribe.left': 'Poistuit listalta ”{list}” {date}.',
  'unsubscribe.notOn': 'Tämä osoite ei ole listalla ”{list}”.',
  'unsubscribed.stopped': 'Nämä viestit on lopetettu:',
  'unsubscribed.continues':
    'Nämä jatkuvat, koska ne kuuluvat tiliisi ja niistä luopuminen päättää tilin:',
  'unsubscribed.nothing': 'Tämä osoite ei ole millään listallamme.',
  'prefs.for': 'Osoitteen {email} asetukset',
  'prefs.changes.joined': 'Liityit: {lists}',
  'prefs.changes.left': 'Poistuit: {lists}',
  'prefs.changes.none': 'Mikään ei muuttunut: asetuksesi olivat jo tällaiset.',
  'prefs.changes.paused':
    'Tauotettu: {list}, {date} asti. Tilauksesi pysyy voimassa; siihen asti emme lähetä mitään.',
  'prefs.changes.resumed': 'Jatkuu: {list}. Sen viestit tulevat taas.',
  'prefs.leftOn':
    'Poistuit listalta ”{list}” {date}. Se kuuluu tiliin, joten siihen ei voi liittyä uudelleen täällä.',
  'prefs.notOpen': '”{list}” kuuluu tiliisi: siihen ei voi liittyä täällä.',
  'prefs.profileHeading': 'Yhteystietosi',
  'prefs.email': 'Sähköpostiosoite',
  'prefs.name': 'Nimi',
  'prefs.saveName': 'Tallenna nimi',
  'prefs.nameSaved': 'Nimesi on tallennettu.',
  'mail.fallback': 'Jos painike ei toimi, kopioi tämä osoite selaimeesi:',
  'mail.footerOrganization': 'Tämän viestin lähetti {organization}.',
  'reason.legend': 'Kertoisitko, miksi lähdit? (vapaaehtoinen)',
  'reason.too_many': 'Liikaa viestejä',
  'reason.not_relevant': 'Sisältö ei koske minua',
  'reason.never_signed_up': 'En ole koskaan tilannut näitä',
  'reason.other': 'Muu syy',
  'reason.text': 'Haluatko kertoa jotain muuta? (vapaaehtoinen)',
  'reason.submit': 'Lähetä vastaus',
  'reason.thanks.title': 'Kiitos',
  'reason.thanks.body':
    'Vastauksesi auttaa meitä lähettämään parempia viestejä. Tilauksesi oli jo peruttu.',
  'reason.closed': 'Tällä linkillä ei ole nyt mitään, mille antaa syytä.',
  'undo.heading': 'Muutitko mielesi?',
  'undo.help': '30 minuutin ajan poistumisesta voit liittyä takaisin yhdellä napsautuksella.',
  'reason.already': 'Vastauksesi on jo tallessa. Kiitos.',
  'reason.required': 'Valitse vastaus tai kirjoita oma.',
  'undo.button': 'Peru ja liity takaisin',
  'undo.done.title': 'Tervetuloa takaisin',
  'undo.done.body': 'Saat taas:',
  'undo.expired': 'Tätä ei voi enää perua täällä. Avaa asetuksesi liittyäksesi uudelleen.',
  'prefs.newEmail': 'Uusi sähköpostiosoite',
  'prefs.changeEmail': 'Vaihda osoitteeni',
  'prefs.changeEmailHelp':
    'Lähetämme ensin nykyiseen osoitteeseesi linkin muutoksen hyväksymiseksi ja sitten uuteen osoitteeseen linkin sen vahvistamiseksi. Mikään ei muutu ennen kuin molemmat on tehty, ja vanhaan osoitteeseen lähtee ilmoitus.',
  'address.asked.title': 'Tarkista postilaatikkosi',
  'address.asked.body':
    'Tietojesi suojaamiseksi muutos on ensin hyväksyttävä nykyisestä osoitteestasi: sinne on matkalla linkki. Sen jälkeen uuteen osoitteeseen lähtee linkki muutoksen vahvistamiseksi.',
  'address.approve.title': 'Hyväksy osoitteenvaihto',
  'address.approve.body':
    'Viestimme menisivät tästä lähtien osoitteeseen {email} tämän osoitteen sijaan. Jos pyysit tätä, paina painiketta: lähetämme sitten uuteen osoitteeseen vahvistuslinkin.',
  'address.approve.button': 'Hyväksy muutos',
  'address.approve.used':
    'Tämä muutos on jo hyväksytty: vahvistuslinkki lähti uuteen osoitteeseen.',
  'mail.addressApprove.subject': 'Hyväksy sähköpostiosoitteesi vaihto',
  'mail.addressApprove.body':
    'Joku, jolla on linkki sähköpostiasetuksiisi, pyysi viestiemme lähettämistä tästä lähtien osoitteeseen {email} tämän osoitteen sijaan.',
  'mail.addressApprove.button': 'Hyväksy muutos',
  'mail.addressApprove.ignore':
    'Jos et pyytänyt tätä, jätä viesti huomiotta: osoitteesi pysyy ennallaan. Viestiemme linkit toimivat puolestasi, joten älä välitä niitä eteenpäin.',
  'address.sent.title': 'Tarkista uusi postilaatikko',
  'address.sent.body':
    'Jos uusi osoite voi vastaanottaa viestejämme, vahvistuslinkki on matkalla siihen. Osoitteesi vaihtuu vasta, kun painat viestin painiketta.',
  'address.confirm.title': 'Vahvista uusi osoitteesi',
  'address.confirm.body':
    'Paina painiketta, niin viestimme tulevat tästä lähtien tähän osoitteeseen.',
  'address.confirm.button': 'Käytä tätä osoitetta',
  'address.done.title': 'Osoitteesi on vaihdettu',
  'address.done.body':
    'Viestimme menevät nyt osoitteeseen {email}. Vanhempien viestien linkit eivät enää toimi.',
  'address.done.preferences': 'Avaa asetuksesi',
  'address.used': 'Tämä osoitteenvaihto on jo tehty.',
  'address.taken':
    'Tällä osoitteella on jo oma tilauksensa, joten sitä ei voi siirtää tänne. Mitään ei muutettu.',
  'mail.address.subject': 'Vahvista uusi sähköpostiosoitteesi',
  'mail.address.body':
    'Joku, toivottavasti sinä, pyysi saamaan viestimme tästä lähtien tähän osoitteeseen vanhan sijaan.',
  'mail.address.button': 'Vahvista uusi osoite',
  'mail.address.ignore':
    'Jos et pyytänyt tätä, voit jättää viestin huomiotta: mikään ei muutu ilman vahvistustasi.',
  'mail.addressChanged.subject': 'Sähköpostiosoitteesi on vaihdettu',
  'mail.addressChanged.body':
    'Sähköpostiasetustesi osoite vaihdettiin osoitteeseen {email}. Viestimme menevät nyt sinne, eivät tähän osoitteeseen.',
  'mail.addressChanged.notYou': 'Jos et tehnyt tätä, vastaa tähän viestiin.',
  'mail.addressChanged.notYouContact': 'Jos et tehnyt tätä, ota heti yhteyttä: {organization}.',
  'mail.addressChanged.sender': 'tämän viestin lähettäjä',
  'error.msg.link_superseded':
    'Tämä linkki lähetettiin aiempaan osoitteeseesi, eikä se enää toimi. Pyydä alta uusi linkki: se lähetetään nykyiseen osoitteeseesi.',
  'error.msg.link_used':
    'Tätä linkkiä on jo käytetty. Se toimii vain kerran; pyydä alta uusi linkki.',
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
  'error.title.link_superseded': 'Tämä linkki on vanhentunut',
  'error.title.link_used': 'Tämä linkki on jo käytetty',
}
