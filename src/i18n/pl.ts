import type { Catalogue } from './catalogue.js'
import { consolePl } from './console/pl.js'

/** Polish. */
export const pl: Catalogue = {
  ...consolePl,
  'app.name': 'Prefcenter',
  'layout.skip': 'Przejdź do treści',
  'layout.footer': 'Twoje ustawienia wiadomości e-mail w Twoich rękach.',
  'layout.language': 'Język',
  'layout.manage': 'Zarządzaj subskrypcjami',

  'error.title': 'Coś jest nie tak',
  'page.failed': 'Błąd: {title}',
  'error.home': 'Wróć na stronę główną',
  'error.msg.bad_request': 'Nie udało się zrozumieć żądania.',
  'error.msg.invalid_body': 'Brakuje części danych albo są one nieprawidłowe.',
  'error.msg.invalid_email': 'Podaj prawidłowy adres e-mail.',
  'error.msg.unknown_list': 'Jedna z wybranych list nie istnieje.',
  'error.msg.list_not_open':
    'Jedna z wybranych list jest związana z kontem klienta: nie można się na nią zapisać tutaj.',
  'error.msg.no_lists': 'Wybierz co najmniej jedną listę.',
  'error.msg.invalid_token':
    'Ten link jest nieprawidłowy. Użyj dokładnie tego linku, który otrzymałeś(-aś) e-mailem.',
  'error.msg.not_found': 'Nie znaleźliśmy tej strony.',
  'error.msg.link_expired': 'Ten link wygasł.',
  'error.msg.gone': 'Ten link już nie działa: dane, do których prowadził, zostały usunięte.',
  'error.msg.payload_too_large': 'Przesłane dane są zbyt duże.',
  'error.msg.unsupported_media_type': 'Ten sposób wysłania formularza nie jest obsługiwany.',
  'error.msg.method_not_allowed': 'Ten adres nie przyjmuje takiego żądania.',
  'error.msg.invalid_query': 'Części adresu brakuje albo jest ona nieprawidłowa.',
  'error.msg.confirmation_required': 'Zaznacz pole, aby potwierdzić, że chcesz zamknąć konto.',
  'error.msg.internal': 'Coś poszło nie tak po naszej stronie. Spróbuj ponownie później.',

  'list.newsletter.name': 'Newsletter',
  'list.newsletter.description':
    'Nowości o produktach, promocje i wiadomości z firmy, mniej więcej raz w miesiącu.',
  'list.technical-advisories.name': 'Komunikaty techniczne',
  'list.technical-advisories.description':
    'Powiadomienia o bezpieczeństwie i komunikaty techniczne dotyczące usługi, z której korzystasz. Wypisanie się z tej listy zamyka Twoje konto.',
  'list.call-reports.name': 'Raporty z rozmów',
  'list.call-reports.description': 'Szczegółowy raport e-mailem po każdej rozmowie.',
  'list.webinars.name': 'Webinary',
  'list.webinars.description': 'Zaproszenia na nasze webinary.',

  'status.subscribed': 'Subskrybujesz',
  'status.pending': 'Czeka na Twoje potwierdzenie',
  'status.unsubscribed': 'Wypisano',
  'status.none': 'Nie subskrybujesz',

  'signup.title': 'Zapisz się na nasze wiadomości',
  'signup.intro':
    'Wybierz, co chcesz otrzymywać. Najpierw wyślemy Ci e-mail z prośbą o potwierdzenie.',
  'signup.email': 'Adres e-mail',
  'signup.name': 'Imię i nazwisko (opcjonalnie)',
  'signup.lists': 'Co chcesz otrzymywać?',
  'signup.noLists': 'Obecnie nie ma list, na które można się zapisać.',
  'signup.submit': 'Zapisz się',
  'signup.consentHeading': 'Twoja zgoda',
  'signup.processorHeading': 'Kto przetwarza Twoje dane',
  'signup.manage': 'Masz już subskrypcję? Poproś o link do zmiany ustawień.',

  'pending.title': 'Sprawdź skrzynkę odbiorczą',
  'pending.body':
    'Jeśli ten adres może otrzymywać nasze wiadomości, wysłaliśmy na niego link potwierdzający. Nic się nie zacznie, dopóki nie klikniesz przycisku w tej wiadomości.',
  'pending.expiry': 'Link jest ważny przez {duration}.',

  'confirm.title': 'Potwierdź subskrypcję',
  'confirm.body': 'Kliknij przycisk, aby potwierdzić, że chcesz otrzymywać:',
  'confirm.bodyNone': 'Kliknij przycisk, aby potwierdzić subskrypcję.',
  'confirm.button': 'Potwierdzam subskrypcję',
  'confirmed.title': 'Subskrypcja potwierdzona',
  'confirmed.body': 'Dziękujemy. Będziesz otrzymywać:',
  'confirmed.nothing': 'Za pomocą tego linku nie ma już nic do potwierdzenia.',
  'confirmed.preferences': 'Zobacz lub zmień swoje ustawienia',
  'expired.title': 'Ten link wygasł',
  'expired.body':
    'Linki potwierdzające są ważne przez ograniczony czas. Możemy wysłać nowy link na ten sam adres.',
  'expired.button': 'Wyślij mi nowy link',
  'resent.title': 'Sprawdź skrzynkę odbiorczą',
  'resent.body':
    'Jeśli jest jeszcze coś do potwierdzenia, nowy link jest już w drodze na ten sam adres.',
  'gone.title': 'Ten link już nie działa',

  'unsubscribe.title': 'Wypisz się',
  'unsubscribe.one': 'Przestań otrzymywać „{list}” na ten adres.',
  'unsubscribe.all': 'Zrezygnuj ze wszystkich list pod tym adresem.',
  'unsubscribe.keepsAccount':
    'Lista „{list}” pozostanie włączona, chyba że zaznaczysz też pole poniżej, ponieważ wypisanie się z niej zamyka konto.',
  'unsubscribe.button': 'Wypisz mnie',
  'unsubscribe.preferences': 'Wolisz wybrać, co otrzymujesz? Otwórz swoje ustawienia.',
  'unsubscribed.title': 'Wypisano Cię',
  'unsubscribed.one': 'Nie będziesz już otrzymywać „{list}”.',
  'unsubscribed.kept':
    'Lista „{list}” pozostaje włączona, ponieważ wypisanie się z niej zamyka konto. Aby się z niej wypisać, potwierdź poniżej.',

  'cancel.warning':
    'Uwaga: wypisanie się z listy „{list}” zamyka Twoje konto. Stracisz dostęp do usługi i nie będziemy już wysyłać Ci powiadomień o jej bezpieczeństwie.',
  'cancel.confirm': 'Tak, chcę wypisać się z listy „{list}” i zamknąć konto',
  'cancel.button': 'Wypisz mnie i zamknij konto',
  'cancel.requested': 'Przekazaliśmy Twoją prośbę o zamknięcie konta.',

  'prefs.title': 'Twoje ustawienia wiadomości',
  'prefs.intro':
    'Zaznacz wiadomości, które chcesz otrzymywać na ten adres, i zapisz. Zmiany obowiązują od razu.',
  'prefs.lists': 'Twoje listy',
  'prefs.status': 'Stan',
  'prefs.save': 'Zapisz ustawienia',
  'prefs.saved': 'Twoje ustawienia zostały zapisane.',
  'prefs.unsubscribeAllHeading': 'Zatrzymaj wszystkie wiadomości',
  'prefs.unsubscribeAllHelp': 'Wypisz się ze wszystkich list naraz.',
  'prefs.pauseHeading': 'Zrób sobie przerwę',
  'prefs.pauseHelp':
    'Wstrzymaj listę zamiast z niej rezygnować: przez jakiś czas nie dostaniesz z niej wiadomości, potem wysyłka wznowi się sama.',
  'prefs.pause1': 'Wstrzymaj na 1 miesiąc',
  'prefs.pause3': 'Wstrzymaj na 3 miesiące',
  'prefs.pausedUntil': 'Wstrzymana do {date}',
  'prefs.resume': 'Wznów teraz',
  'prefs.unsubscribeAll': 'Wypisz mnie ze wszystkiego',
  'prefs.cancelHeading': 'Listy związane z Twoim kontem',
  'prefs.dataHeading': 'Twoje dane',
  'prefs.export': 'Pobierz moje dane',
  'prefs.exportHelp': 'Wszystko, co przechowujemy o tym adresie, w jednym pliku.',
  'prefs.erase': 'Usuń moje dane',
  'prefs.eraseHelp': 'Usuń ten adres i wszystkie dane o nim, u nas i w Mailchimp.',
  'prefs.restrict': 'Ogranicz przetwarzanie',
  'prefs.restrictHelp':
    'Zachowamy Twoje dane, ale nie będziemy wysyłać Ci wiadomości z list, dopóki nie zniesiesz ograniczenia.',
  'prefs.unrestrict': 'Znieś ograniczenie',
  'prefs.restrictedNow':
    'Przetwarzanie Twoich danych jest ograniczone: nie otrzymujesz wiadomości z list.',
  'prefs.awaitingMailchimp':
    'Mailchimp, który wysyła nasze wiadomości, poprosi Cię e-mailem o potwierdzenie subskrypcji, ponieważ wcześniej przestał wysyłać na ten adres. Kliknij link w tej wiadomości; do tego czasu nie otrzymasz wiadomości z list.',

  'manage.title': 'Zmień swoje ustawienia',
  'manage.intro': 'Podaj swój adres, a wyślemy Ci e-mailem link do strony z ustawieniami.',
  'manage.submit': 'Wyślij mi link',
  'manage.sent.title': 'Sprawdź skrzynkę odbiorczą',
  'manage.sent.body': 'Jeśli mamy ten adres, link do jego ustawień jest już w drodze.',
  'mail.notArrived':
    'Nic nie dotarło? Zajrzyj do folderu spam. Na jeden adres wysyłamy najwyżej {count} takie wiadomości dziennie, więc po kilku prośbach następna może przyjść dopiero jutro.',

  'mail.hello': 'Dzień dobry,',
  'mail.helloName': 'Dzień dobry, {name},',
  'mail.footer': 'Tę wiadomość wysłał {app}.',
  'mail.confirm.subject': 'Potwierdź subskrypcję',
  'mail.confirm.body':
    'Ktoś, miejmy nadzieję, że Ty, poprosił o wysyłanie tych wiadomości na ten adres:',
  'mail.confirm.button': 'Potwierdzam subskrypcję',
  'mail.confirm.expiry': 'Link jest ważny przez {duration}.',
  'mail.confirm.ignore':
    'Jeśli to nie Ty, zignoruj tę wiadomość: bez Twojego potwierdzenia nic się nie wydarzy.',
  'mail.manage.subject': 'Link do Twoich ustawień wiadomości',
  'mail.manage.body':
    'Oto link do Twoich ustawień wiadomości. Każdy, kto go ma, może je zmienić, więc nie przekazuj tej wiadomości dalej.',
  'mail.manage.button': 'Otwórz moje ustawienia',
  'mail.manage.ignore': 'Jeśli to nie Ty prosiłeś(-aś) o ten link, możesz zignorować tę wiadomość.',
  'mail.unsubscribe': 'Wypisz się ze wszystkich wiadomości',

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
  'error.title.not_found': 'Nie znaleziono strony',
  'error.title.method_not_allowed': 'Niedostępne w ten sposób',
  'error.title.invalid_token': 'Ten link nie działa',
  'error.title.invalid_body': 'Brakuje części danych',
  'error.title.bad_request': 'Nie udało się tego odczytać',
  'error.title.rate_limited': 'Zbyt wiele żądań',
  'error.title.internal': 'Coś poszło nie tak po naszej stronie',
  'error.msg.rate_limited': 'Zbyt wiele żądań. Odczekaj chwilę i spróbuj ponownie.',
  'field.name.invalid': 'Podaj imię i nazwisko o długości do 200 znaków, bez znaków specjalnych.',
  'form.problems': 'Popraw następujące pola:',
  'duration.day.one': '{n} dzień',
  'duration.day.few': '{n} dni',
  'duration.day.many': '{n} dni',
  'duration.day.other': '{n} dnia',
  'duration.hour.one': '{n} godzinę',
  'duration.hour.few': '{n} godziny',
  'duration.hour.many': '{n} godzin',
  'duration.hour.other': '{n} godziny',
  'duration.minute.one': '{n} minutę',
  'duration.minute.few': '{n} minuty',
  'duration.minute.many': '{n} minut',
  'duration.minute.other': '{n} minuty',
  'duration.second.one': '{n} sekundę',
  'duration.second.few': '{n} sekundy',
  'duration.second.many': '{n} sekund',
  'duration.second.other': '{n} sekundy',
  'confirm.alreadyTitle': 'Już potwierdzone',
  'confirm.already': 'Ten adres jest już zapisany na:',
  'unsubscribe.left': 'Rezygnacja z „{list}” nastąpiła {date}.',
  'unsubscribe.notOn': 'Ten adres nie jest zapisany na „{list}”.',
  'unsubscribed.stopped': 'Wysyłka tych wiadomości została zatrzymana:',
  'unsubscribed.continues':
    'Te wiadomości nadal będą wysyłane, bo należą do Twojego konta, a rezygnacja z nich oznacza jego zamknięcie:',
  'unsubscribed.nothing': 'Ten adres nie jest zapisany na żadną z naszych list.',
  'prefs.for': 'Ustawienia dla {email}',
  'prefs.changes.joined': 'Dołączono: {lists}',
  'prefs.changes.left': 'Opuszczono: {lists}',
  'prefs.changes.none': 'Nic się nie zmieniło: ustawienia już tak wyglądały.',
  'prefs.changes.paused':
    'Wstrzymano: {list}, do {date}. Subskrypcja pozostaje; do tego dnia nic nie wyślemy.',
  'prefs.changes.resumed': 'Wznowiono: {list}. Jego wiadomości znów będą przychodzić.',
  'prefs.leftOn':
    'Rezygnacja z „{list}” nastąpiła {date}. Ta lista jest związana z kontem, więc nie można do niej wrócić tutaj.',
  'prefs.notOpen': '„{list}” jest związana z Twoim kontem: nie można się na nią zapisać tutaj.',
  'prefs.profileHeading': 'Dane kontaktowe',
  'prefs.email': 'Adres e-mail',
  'prefs.name': 'Imię i nazwisko',
  'prefs.saveName': 'Zapisz imię i nazwisko',
  'prefs.nameSaved': 'Imię i nazwisko zostało zapisane.',
  'mail.fallback': 'Jeśli przycisk nie działa, skopiuj ten adres do przeglądarki:',
  'mail.footerOrganization': 'Nadawca tej wiadomości: {organization}.',
  'reason.legend': 'Czy powiesz nam, dlaczego rezygnujesz? (opcjonalnie)',
  'reason.too_many': 'Za dużo wiadomości',
  'reason.not_relevant': 'Treści mnie nie dotyczą',
  'reason.never_signed_up': 'Nigdy się nie zapisywałem(-am)',
  'reason.other': 'Inny powód',
  'reason.text': 'Chcesz nam powiedzieć coś jeszcze? (opcjonalnie)',
  'reason.submit': 'Wyślij odpowiedź',
  'reason.thanks.title': 'Dziękujemy',
  'reason.thanks.body':
    'Twoja odpowiedź pomoże nam wysyłać lepsze wiadomości. Rezygnacja została już zapisana.',
  'reason.closed': 'Z tym linkiem nie ma teraz czego uzasadniać.',
  'undo.heading': 'Zmiana zdania?',
  'undo.help': 'Przez 30 minut od wypisania możesz wrócić jednym kliknięciem.',
  'reason.already': 'Mamy już Twoją odpowiedź. Dziękujemy.',
  'reason.required': 'Wybierz odpowiedź albo napisz własną.',
  'undo.button': 'Cofnij i zapisz ponownie',
  'undo.done.title': 'Witamy z powrotem',
  'undo.done.body': 'Znów będziesz otrzymywać:',
  'undo.expired': 'Tego nie można już cofnąć tutaj. Otwórz ustawienia, aby zapisać się ponownie.',
  'prefs.newEmail': 'Nowy adres e-mail',
  'prefs.changeEmail': 'Zmień mój adres',
  'prefs.changeEmailHelp':
    'Najpierw wyślemy na Twój obecny adres link do zatwierdzenia zmiany, a potem na nowy adres link do jej potwierdzenia. Nic się nie zmieni, dopóki oba kroki nie zostaną wykonane, a stary adres otrzyma powiadomienie.',
  'address.asked.title': 'Sprawdź swoją skrzynkę',
  'address.asked.body':
    'Dla ochrony Twoich danych zmianę trzeba najpierw zatwierdzić z obecnego adresu: wysłaliśmy na niego link. Potem na nowy adres trafi link potwierdzający zmianę.',
  'address.approve.title': 'Zatwierdź zmianę adresu',
  'address.approve.body':
    'Od teraz nasze wiadomości trafiałyby na {email} zamiast na ten adres. Jeśli to Twoja prośba, naciśnij przycisk: wyślemy wtedy na nowy adres link potwierdzający.',
  'address.approve.button': 'Zatwierdź zmianę',
  'address.approve.used':
    'Ta zmiana jest już zatwierdzona: link potwierdzający trafił na nowy adres.',
  'mail.addressApprove.subject': 'Zatwierdź zmianę adresu e-mail',
  'mail.addressApprove.body':
    'Ktoś, kto ma link do Twoich ustawień e-mail, poprosił, aby nasze wiadomości trafiały od teraz na {email} zamiast na ten adres.',
  'mail.addressApprove.button': 'Zatwierdź zmianę',
  'mail.addressApprove.ignore':
    'Jeśli to nie Ty, zignoruj tę wiadomość: Twój adres pozostanie bez zmian. Linki w naszych wiadomościach działają w Twoim imieniu, więc nie przekazuj ich dalej.',
  'address.sent.title': 'Sprawdź nową skrzynkę',
  'address.sent.body':
    'Jeśli nowy adres może otrzymywać nasze wiadomości, wysłaliśmy na niego link potwierdzający. Adres zmieni się dopiero po naciśnięciu przycisku w tej wiadomości.',
  'address.confirm.title': 'Potwierdź nowy adres',
  'address.confirm.body':
    'Naciśnij przycisk, aby od teraz otrzymywać nasze wiadomości na ten adres.',
  'address.confirm.button': 'Używaj tego adresu',
  'address.done.title': 'Adres został zmieniony',
  'address.done.body':
    'Nasze wiadomości trafiają teraz na {email}. Linki ze starszych wiadomości przestały działać.',
  'address.done.preferences': 'Otwórz swoje ustawienia',
  'address.used': 'Ta zmiana adresu została już wykonana.',
  'address.taken':
    'Ten adres ma już własną subskrypcję, więc nie można go tu przenieść. Nic nie zostało zmienione.',
  'mail.address.subject': 'Potwierdź nowy adres e-mail',
  'mail.address.body':
    'Ktoś, miejmy nadzieję, że Ty, poprosił o otrzymywanie naszych wiadomości od teraz na ten adres zamiast na poprzedni.',
  'mail.address.button': 'Potwierdź nowy adres',
  'mail.address.ignore':
    'Jeśli to nie Ty, zignoruj tę wiadomość: bez Twojego potwierdzenia nic się nie zmieni.',
  'mail.addressChanged.subject': 'Twój adres e-mail został zmieniony',
  'mail.addressChanged.body':
    'Adres Twoich ustawień wiadomości został zmieniony na {email}. Nasze wiadomości trafiają teraz tam, a nie na ten adres.',
  'mail.addressChanged.notYou': 'Jeśli to nie Ty, odpowiedz na tę wiadomość.',
  'mail.addressChanged.notYouContact': 'Jeśli to nie Ty, od razu skontaktuj się z: {organization}.',
  'mail.addressChanged.sender': 'nadawca tej wiadomości',
  'error.msg.link_superseded':
    'Ten link został wysłany na Twój poprzedni adres i już nie działa. Poproś poniżej o nowy link: trafi na Twój obecny adres.',
  'error.msg.link_used': 'Ten link został już użyty. Działa tylko raz; poproś poniżej o nowy link.',
  'error.newLink': 'Wyślij mi nowy link',
  'prefs.privacyByMail':
    'Dla ochrony Twoich danych pobranie i usunięcie danych najpierw wysyła link na Twój adres e-mail. Ten link działa raz, przez godzinę.',
  'privacy.sent.title': 'Sprawdź skrzynkę',
  'privacy.sent.body':
    'Wysłaliśmy link na adres, do którego należą te ustawienia. Działa raz, przez godzinę. Otwórz go, aby kontynuować.',
  'privacy.export.title': 'Pobierz moje dane',
  'privacy.export.intro':
    'Pobierzesz wszystko, co o Tobie przechowujemy, w jednym pliku JSON. Link działa tylko raz.',
  'privacy.export.button': 'Pobierz moje dane',
  'privacy.cancelsAccount':
    'Jesteś na liście „{list}”. Usunięcie lub ograniczenie przetwarzania Twoich danych anuluje Twoje konto: stracisz dostęp do usługi i nie będziemy już wysyłać Ci powiadomień o bezpieczeństwie.',
  'mail.privacy.export.subject': 'Twój link do pobrania danych',
  'mail.privacy.erase.subject': 'Twój link do usunięcia danych',
  'mail.privacy.export.body':
    'Poprosiłeś o pobranie danych, które o Tobie przechowujemy. Użyj tego linku w ciągu godziny; działa raz.',
  'mail.privacy.erase.body':
    'Poprosiłeś o usunięcie swoich danych. Użyj tego linku w ciągu godziny; działa raz. Nic nie zostanie usunięte, dopóki nie potwierdzisz na stronie, którą otworzy.',
  'mail.privacy.export.button': 'Pobierz moje dane',
  'mail.privacy.erase.button': 'Usuń moje dane',
  'mail.privacy.ignore': 'Jeśli to nie Ty, zignoruj tę wiadomość: bez linku nic się nie stanie.',
  'error.title.link_superseded': 'Ten link jest nieaktualny',
  'error.title.link_used': 'Ten link został już użyty',
}
