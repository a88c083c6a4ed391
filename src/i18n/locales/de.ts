// German (de): formal address ("Sie"). Loaded on demand as its own chunk: imports types only.
// Attribute names, code and URLs stay as they are; brand names are not translated.
import type { LocaleStrings } from '../strings.js';

const plural = new Intl.PluralRules('de');
const again = ' Bitte erneut versuchen.';
const signInAgain = ' Bitte neu anmelden und erneut versuchen.';
const nothingChanged = ' Nichts wurde geändert.';
const nothingLinked = ' Nichts wurde verknüpft.';

const strings: LocaleStrings = {
  listLabel: 'Verknüpfte Konten',
  loading: 'Konten werden geladen…',
  empty: 'Noch keine Konten verknüpft.',
  addAccount: 'Konto hinzufügen',
  addConnection: (provider) => `${provider}-Konto hinzufügen`,
  primaryBadge: 'Hauptkonto',
  primaryHint: 'Ihr Registrierungskonto kann nicht getrennt werden.',
  unlink: 'Trennen',
  unlinkLabel: (account) => `${account} trennen`,
  confirmPrompt: (account) => `${account} trennen? Sie können sich dann nicht mehr damit anmelden.`,
  confirmUnlink: 'Ja, trennen',
  cancelUnlink: 'Abbrechen',
  unlinking: (account) => `${account} wird getrennt…`,
  unlinked: (account) => `${account} wurde getrennt.`,
  linked: 'Konto verknüpft.',
  linkedAccount: (account) => `${account} ist verknüpft.`,
  linking: 'Konto wird verknüpft…',
  popupWaiting: 'Bitte im neuen Fenster anmelden.',
  retryAfter: (seconds) => `In ${seconds} ${plural.select(seconds) === 'one' ? 'Sekunde' : 'Sekunden'} erneut versuchen.`,
  loaded: (count) => (plural.select(count) === 'one' ? `${count} verknüpftes Konto.` : `${count} verknüpfte Konten.`),
  retry: 'Erneut versuchen',
  dismiss: 'Schließen',
  errorDetails: 'Details',
  allLinked: 'Alle Anmeldemethoden sind verknüpft.',
  suggestionsTitle: 'Auch Ihre?',
  suggestionsHint: 'Diese Konten haben Ihre bestätigte E-Mail-Adresse. Zum Verknüpfen melden Sie sich damit an.',
  linkSuggestion: 'Verknüpfen',
  linkSuggestionLabel: (account) => `${account} verknüpfen`,
  hideSuggestion: 'Ausblenden',
  hideSuggestionLabel: (account) => `${account} ausblenden`,
  setupError: 'Kontenliste falsch eingerichtet.',
  providers: {
    auth0: 'E-Mail und Passwort',
    'Username-Password-Authentication': 'E-Mail und Passwort',
    sms: 'Telefon (SMS)',
    email: 'E-Mail-Code',
  },
  errors: {
    tokenExpired: 'Anmeldung abgelaufen.' + signInAgain,
    someIdentitiesInvalid: 'Einige Konten sind fehlerhaft und ausgeblendet.',
    network: 'Anmeldeserver nicht erreichbar. Bitte Verbindung prüfen.',
    unauthorized: 'Access Token abgelehnt (401).' + signInAgain,
    forbidden: 'Nicht erlaubt (403).',
    notFound: 'Konto nicht gefunden (404).',
    rateLimited: 'Zu viele Anfragen (429). Bitte kurz warten.',
    serverError: 'Fehler beim Anmeldeserver. Bitte später erneut versuchen.',
    requestFailed: 'Anfrage fehlgeschlagen.',
    badResponse: 'Unlesbare Antwort vom Anmeldeserver.',
    noIdentities: 'Profil ohne Identitätenliste.',
    stateMismatch: 'Unbekannte oder schon benutzte Anmeldeantwort.' + nothingChanged,
    stateExpired: 'Verknüpfen dauerte über 10 Minuten.' + nothingChanged + again,
    authorizeFailed: 'Verknüpfen fehlgeschlagen.',
    primaryIdentity: 'Das Hauptkonto kann nicht getrennt werden.',
    tokenRejected: 'Anmeldung abgelaufen oder ungültig (401).' + signInAgain,
    unownedResource: 'Access Token eines anderen Benutzers (403).',
    alreadyLinked: 'Konto gehört schon einem anderen Benutzer. Bitte ein anderes wählen.',
    sameAccount: 'Das ist schon Ihr Konto. Bitte ein anderes wählen.',
    unverifiedEmail: 'E-Mail-Adresse unbestätigt.' + nothingLinked + ' Bitte bestätigen und erneut versuchen.',
    idTokenInvalid: 'Sicherheitsprüfung der Anmeldung fehlgeschlagen.' + nothingLinked,
    exchangeFailed: 'Anmeldung fehlgeschlagen.' + nothingLinked,
    popupBlocked: 'Anmeldefenster blockiert. Bitte Pop-ups erlauben.',
    popupClosed: 'Anmeldefenster geschlossen.' + nothingLinked,
    popupTimeout: 'Anmeldefenster 2 Minuten ohne Antwort.' + nothingLinked,
    cancelled: 'Verknüpfen abgebrochen.' + nothingChanged,
    signedOut: 'Sie sind abgemeldet. Melden Sie sich erneut an.',
  },
};

export default strings;
