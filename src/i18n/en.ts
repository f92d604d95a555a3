/** English, the reference catalogue: every key exists here, the other languages follow it. */
import { consoleEn } from './console/en.js'

export const en = {
  ...consoleEn,
  'app.name': 'Prefcenter',
  'layout.skip': 'Skip to content',
  'layout.footer': 'Your email preferences, in your hands.',
  'layout.language': 'Language',
  'layout.manage': 'Manage your subscriptions',

  'error.title': 'Something is not right',
  'page.failed': 'Error: {title}',
  'error.home': 'Back to the start page',
  'error.msg.bad_request': 'The request could not be understood.',
  'error.msg.invalid_body': 'Some of the information sent is missing or not valid.',
  'error.msg.invalid_email': 'Please enter a valid email address.',
  'error.msg.unknown_list': 'One of the chosen lists does not exist.',
  'error.msg.list_not_open':
    'One of the chosen lists comes with an account: it cannot be joined here.',
  'error.msg.no_lists': 'Please choose at least one list.',
  'error.msg.invalid_token': 'This link is not valid. Please use the exact link from your email.',
  'error.msg.not_found': 'We could not find this page.',
  'error.msg.link_expired': 'This link has expired.',
  'error.msg.gone': 'This link no longer works: the data it pointed to has been erased.',
  'error.msg.payload_too_large': 'What you sent is too large.',
  'error.msg.unsupported_media_type': 'This kind of form submission is not supported.',
  'error.msg.method_not_allowed': 'This address does not take that kind of request.',
  'error.msg.invalid_query': 'Part of the address is missing or not valid.',
  'error.msg.confirmation_required':
    'Please tick the box to confirm that you want to cancel your account.',
  'error.msg.internal': 'Something went wrong on our side. Please try again later.',

  'list.newsletter.name': 'Newsletter',
  'list.newsletter.description':
    'Product news, promotions and company updates, about once a month.',
  'list.technical-advisories.name': 'Technical advisories',
  'list.technical-advisories.description':
    'Security notices and technical advisories about the service you use. Leaving this list cancels your account.',
  'list.call-reports.name': 'Call reports',
  'list.call-reports.description': 'A detail report by email after each call.',
  'list.webinars.name': 'Webinars',
  'list.webinars.description': 'Invitations to our webinar series.',

  'status.subscribed': 'Subscribed',
  'status.pending': 'Waiting for your confirmation',
  'status.unsubscribed': 'Unsubscribed',
  'status.none': 'Not subscribed',

  'signup.title': 'Sign up for our emails',
  'signup.intro':
    'Choose what you would like to receive. We will send you an email to confirm first.',
  'signup.email': 'Email address',
  'signup.name': 'Name (optional)',
  'signup.lists': 'What would you like to receive?',
  'signup.noLists': 'There is nothing to sign up for at the moment.',
  'signup.submit': 'Sign up',
  'signup.consentHeading': 'Your consent',
  'signup.processorHeading': 'Who processes your data',
  'signup.manage': 'Already signed up? Get a link to change your preferences.',

  'pending.title': 'Check your inbox',
  'pending.body':
    'If this address can receive our emails, a message with a confirmation link is on its way. Nothing starts until you press the button in it.',
  'pending.expiry': 'The link works for {duration}.',

  'confirm.title': 'Confirm your subscription',
  'confirm.body': 'Press the button to confirm that you want to receive:',
  'confirm.bodyNone': 'Press the button to confirm your subscription.',
  'confirm.button': 'Confirm my subscription',
  'confirmed.title': 'You are subscribed',
  'confirmed.body': 'Thank you. You will receive:',
  'confirmed.nothing': 'There is nothing left to confirm with this link.',
  'confirmed.preferences': 'See or change your preferences',
  'expired.title': 'This link has expired',
  'expired.body':
    'Confirmation links work for a limited time. We can send a fresh link to the same address.',
  'expired.button': 'Send me a new link',
  'resent.title': 'Check your inbox',
  'resent.body':
    'If there is still something to confirm, a new link is on its way to the same address.',
  'gone.title': 'This link no longer works',

  'unsubscribe.title': 'Unsubscribe',
  'unsubscribe.one': 'Stop receiving “{list}” at this address.',
  'unsubscribe.all': 'Leave every list at this address.',
  'unsubscribe.keepsAccount':
    '“{list}” stays on unless you also tick the box below, because leaving it cancels your account.',
  'unsubscribe.button': 'Unsubscribe',
  'unsubscribe.preferences': 'Prefer to choose which emails you get? Open your preferences.',
  'unsubscribed.title': 'You are unsubscribed',
  'unsubscribed.one': 'You will no longer receive “{list}”.',
  'unsubscribed.kept':
    '“{list}” is still on, because leaving it cancels your account. To leave it too, confirm below.',

  'cancel.warning':
    'Warning: leaving “{list}” cancels your account. You will lose access to the service and we will no longer send you security notices about it.',
  'cancel.confirm': 'Yes, I want to leave “{list}” and cancel my account',
  'cancel.button': 'Leave and cancel my account',
  'cancel.requested': 'We have passed on your request to cancel your account.',

  'prefs.title': 'Your email preferences',
  'prefs.intro':
    'Tick the emails you want to receive at this address and save. Changes apply at once.',
  'prefs.lists': 'Your lists',
  'prefs.status': 'Status',
  'prefs.save': 'Save my preferences',
  'prefs.saved': 'Your preferences are saved.',
  'prefs.unsubscribeAllHeading': 'Stop all emails',
  'prefs.unsubscribeAllHelp': 'Leave every list at once.',
  'prefs.pauseHeading': 'Take a break',
  'prefs.pauseHelp':
    'Pause a list instead of leaving it: no emails from it for a while, then they start again by themselves.',
  'prefs.pause1': 'Pause for 1 month',
  'prefs.pause3': 'Pause for 3 months',
  'prefs.pausedUntil': 'Paused until {date}',
  'prefs.resume': 'Resume now',
  'prefs.unsubscribeAll': 'Unsubscribe from all',
  'prefs.cancelHeading': 'Lists that belong to your account',
  'prefs.dataHeading': 'Your data',
  'prefs.export': 'Download my data',
  'prefs.exportHelp': 'Everything we keep about this address, in one file.',
  'prefs.erase': 'Erase my data',
  'prefs.eraseHelp': 'Delete this address and everything about it, here and at Mailchimp.',
  'prefs.restrict': 'Restrict processing',
  'prefs.restrictHelp':
    'We keep your data but stop using it to send you list emails until you lift the restriction.',
  'prefs.unrestrict': 'Lift the restriction',
  'prefs.restrictedNow': 'Processing of your data is restricted: you receive no list emails.',
  'prefs.awaitingMailchimp':
    'Mailchimp, which sends our emails, will email you to confirm your subscription, because it had stopped sending to this address before. Please click the link in that email; until then you receive no list emails.',

  'manage.title': 'Change your preferences',
  'manage.intro': 'Enter your address and we will email you a link to your preferences page.',
  'manage.submit': 'Email me a link',
  'manage.sent.title': 'Check your inbox',
  'manage.sent.body': 'If we have this address, a link to its preferences page is on its way.',
  'mail.notArrived':
    'Nothing arrived? Look in your spam folder. We send at most {count} such emails to one address a day, so after several requests the next one can only come tomorrow.',

  'mail.hello': 'Hello,',
  'mail.helloName': 'Hello {name},',
  'mail.footer': 'This message was sent by {app}.',
  'mail.confirm.subject': 'Please confirm your subscription',
  'mail.confirm.body': 'Someone, hopefully you, asked to receive these emails at this address:',
  'mail.confirm.button': 'Confirm my subscription',
  'mail.confirm.expiry': 'The link works for {duration}.',
  'mail.confirm.ignore':
    'If you did not ask for this, ignore this message: nothing happens without your confirmation.',
  'mail.manage.subject': 'Your link to your email preferences',
  'mail.manage.body':
    'Here is the link to your email preferences. Anyone with it can change them, so please do not forward this message.',
  'mail.manage.button': 'Open my preferences',
  'mail.manage.ignore': 'If you did not ask for this, you can ignore this message.',
  'mail.unsubscribe': 'Unsubscribe from all emails',

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
  'error.title.not_found': 'Page not found',
  'error.title.method_not_allowed': 'Not available this way',
  'error.title.invalid_token': 'This link does not work',
  'error.title.invalid_body': 'Some information is missing',
  'error.title.bad_request': 'We could not read that',
  'error.title.rate_limited': 'Too many requests',
  'error.title.internal': 'Something went wrong on our side',
  'error.msg.rate_limited': 'Too many requests. Please wait a while and try again.',
  'field.name.invalid':
    'Please enter a name of at most 200 characters, without special characters.',
  'form.problems': 'Please correct the following:',
  'duration.day.one': '{n} day',
  'duration.day.few': '{n} days',
  'duration.day.many': '{n} days',
  'duration.day.other': '{n} days',
  'duration.hour.one': '{n} hour',
  'duration.hour.few': '{n} hours',
  'duration.hour.many': '{n} hours',
  'duration.hour.other': '{n} hours',
  'duration.minute.one': '{n} minute',
  'duration.minute.few': '{n} minutes',
  'duration.minute.many': '{n} minutes',
  'duration.minute.other': '{n} minutes',
  'duration.second.one': '{n} second',
  'duration.second.few': '{n} seconds',
  'duration.second.many': '{n} seconds',
  'duration.second.other': '{n} seconds',
  'confirm.alreadyTitle': 'Already confirmed',
  'confirm.already': 'You are already subscribed to:',
  'unsubscribe.left': 'You left “{list}” on {date}.',
  'unsubscribe.notOn': 'This address is not on “{list}”.',
  'unsubscribed.stopped': 'These emails have stopped:',
  'unsubscribed.continues':
    'These continue, because they belong to your account and leaving them cancels it:',
  'unsubscribed.nothing': 'You are not on any of our lists at this address.',
  'prefs.for': 'Preferences for {email}',
  'prefs.changes.joined': 'Joined: {lists}',
  'prefs.changes.left': 'Left: {lists}',
  'prefs.changes.none': 'Nothing changed: your preferences were already like this.',
  'prefs.changes.paused':
    'Paused: {list}, until {date}. You stay subscribed; nothing is sent until then.',
  'prefs.changes.resumed': 'Resumed: {list}. Its emails come again.',
  'prefs.leftOn':
    'You left “{list}” on {date}. It comes with an account, so it cannot be joined again here.',
  'prefs.notOpen': '“{list}” comes with your account: it cannot be joined here.',
  'prefs.profileHeading': 'Your details',
  'prefs.email': 'Email address',
  'prefs.name': 'Name',
  'prefs.saveName': 'Save my name',
  'prefs.nameSaved': 'Your name is saved.',
  'mail.fallback': 'If the button does not work, copy this address into your browser:',
  'mail.footerOrganization': 'This message was sent by {organization}.',
  'reason.legend': 'Would you tell us why you left? (optional)',
  'reason.too_many': 'Too many emails',
  'reason.not_relevant': 'The content is not relevant to me',
  'reason.never_signed_up': 'I never signed up',
  'reason.other': 'Another reason',
  'reason.text': 'Anything else you want to tell us? (optional)',
  'reason.submit': 'Send my answer',
  'reason.thanks.title': 'Thank you',
  'reason.thanks.body':
    'Your answer helps us send better emails. Your unsubscribe was already done.',
  'reason.closed': 'There is nothing to give a reason for with this link right now.',
  'undo.heading': 'Changed your mind?',
  'undo.help': 'For 30 minutes after leaving, you can join again with one click.',
  'reason.already': 'We already have your answer. Thank you.',
  'reason.required': 'Please choose an answer or write one.',
  'undo.button': 'Undo and join again',
  'undo.done.title': 'Welcome back',
  'undo.done.body': 'You will receive again:',
  'undo.expired': 'This can no longer be undone here. Open your preferences to join again.',
  'prefs.newEmail': 'New email address',
  'prefs.changeEmail': 'Change my address',
  'prefs.changeEmailHelp':
    'We first email your current address, to approve the change, then the new address, to confirm it. Nothing changes until both are done, and the old address is told.',
  'address.asked.title': 'Check your inbox',
  'address.asked.body':
    'To protect your data, the change must first be approved from your current address: a link is on its way to it. Then a link goes to the new address to confirm it.',
  'address.approve.title': 'Approve the address change',
  'address.approve.body':
    'Our emails would go to {email} from now on, instead of this address. If you asked for this, press the button: we then send a link to the new address to confirm it.',
  'address.approve.button': 'Approve the change',
  'address.approve.used':
    'This change is approved already: the confirmation link went to the new address.',
  'mail.addressApprove.subject': 'Approve a change of your email address',
  'mail.addressApprove.body':
    'Someone with the link to your email preferences asked for our emails to go to {email} from now on, instead of this address.',
  'mail.addressApprove.button': 'Approve the change',
  'mail.addressApprove.ignore':
    'If you did not ask for this, ignore this message: your address stays as it is. The links in our emails act for you, so please do not forward them.',
  'address.sent.title': 'Check the new inbox',
  'address.sent.body':
    'If the new address can receive our emails, a confirmation link is on its way to it. Your address changes only when you press the button in that email.',
  'address.confirm.title': 'Confirm your new address',
  'address.confirm.body': 'Press the button to receive our emails at this address from now on.',
  'address.confirm.button': 'Use this address',
  'address.done.title': 'Your address is changed',
  'address.done.body': 'Our emails now go to {email}. Links in older emails no longer work.',
  'address.done.preferences': 'Open your preferences',
  'address.used': 'This address change is already done.',
  'address.taken':
    'This address already has its own subscription, so it cannot be moved here. Nothing was changed.',
  'mail.address.subject': 'Confirm your new email address',
  'mail.address.body':
    'Someone, hopefully you, asked to receive our emails at this address from now on, instead of the old one.',
  'mail.address.button': 'Confirm the new address',
  'mail.address.ignore':
    'If you did not ask for this, ignore this message: nothing changes without your confirmation.',
  'mail.addressChanged.subject': 'Your email address was changed',
  'mail.addressChanged.body':
    'The address for your email preferences was changed to {email}. Our emails now go there, not to this address.',
  'mail.addressChanged.notYou': 'If you did not do this, please reply to this message.',
  'mail.addressChanged.notYouContact': 'If you did not do this, contact {organization} at once.',
  'mail.addressChanged.sender': 'the sender of this message',
  'error.msg.link_superseded':
    'This link was sent to an earlier address of yours and no longer works. Ask for a new link below: it goes to your current address.',
  'error.msg.link_used':
    'This link has already been used. It works only once; ask for a new link below.',
  'error.newLink': 'Email me a new link',
  'prefs.privacyByMail':
    'To protect your data, download and erase first send a link to your email address. That link works once, for one hour.',
  'privacy.sent.title': 'Check your inbox',
  'privacy.sent.body':
    'We have sent a link to the address these preferences belong to. It works once, for one hour. Open it to continue.',
  'privacy.export.title': 'Download my data',
  'privacy.export.intro':
    'This downloads everything we keep about you as one JSON file. The link works only once.',
  'privacy.export.button': 'Download my data',
  'privacy.cancelsAccount':
    'You are on “{list}”. Erasing or restricting your data cancels your account: you will lose access to the service and we will no longer send you security notices about it.',
  'mail.privacy.export.subject': 'Your link to download your data',
  'mail.privacy.erase.subject': 'Your link to erase your data',
  'mail.privacy.export.body':
    'You asked to download the data we keep about you. Use this link within one hour; it works once.',
  'mail.privacy.erase.body':
    'You asked to erase your data. Use this link within one hour; it works once. Nothing is erased until you confirm on the page it opens.',
  'mail.privacy.export.button': 'Download my data',
  'mail.privacy.erase.button': 'Erase my data',
  'mail.privacy.ignore':
    'If you did not ask for this, ignore this message: nothing happens without the link.',
  'error.title.link_superseded': 'This link is out of date',
  'error.title.link_used': 'This link was already used',
} as const
