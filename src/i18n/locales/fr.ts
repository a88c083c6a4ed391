// French (fr): formal address ("vous"). Loaded on demand as its own chunk: imports types only.
// Attribute names, code and URLs stay as they are; brand names are not translated. French
// punctuation: a narrow no-break space (U+202F) before ? ! ; and a no-break space (U+00A0)
// before : and inside « », so a line never breaks there.
import type { LocaleStrings } from '../strings.js';

const plural = new Intl.PluralRules('fr');
const again = ' Réessayez.';
const signInAgain = ' Reconnectez-vous, puis réessayez.';
const nothingChanged = ' Rien n’a changé.';
const nothingLinked = ' Rien n’a été associé.';

const strings: LocaleStrings = {
  listLabel: 'Comptes associés',
  loading: 'Chargement des comptes…',
  empty: 'Aucun compte associé.',
  addAccount: 'Ajouter un compte',
  addConnection: (provider) => `Ajouter un compte ${provider}`,
  primaryBadge: 'Principal',
  primaryHint: 'Votre compte d’inscription ne peut pas être dissocié.',
  unlink: 'Dissocier',
  unlinkLabel: (account) => `Dissocier ${account}`,
  confirmPrompt: (account) => `Dissocier ${account} ? Vous ne pourrez plus vous connecter avec ce compte.`,
  confirmUnlink: 'Oui, dissocier',
  cancelUnlink: 'Annuler',
  unlinking: (account) => `Dissociation de ${account}…`,
  unlinked: (account) => `${account} a été dissocié.`,
  linked: 'Compte associé.',
  linkedAccount: (account) => `${account} est associé.`,
  linking: 'Association du compte…',
  popupWaiting: 'Connectez-vous dans la nouvelle fenêtre.',
  retryAfter: (seconds) => `Réessayez dans ${seconds} ${plural.select(seconds) === 'one' ? 'seconde' : 'secondes'}.`,
  loaded: (count) => (plural.select(count) === 'one' ? `${count} compte associé.` : `${count} comptes associés.`),
  retry: 'Réessayer',
  dismiss: 'Fermer',
  errorDetails: 'Détails',
  allLinked: 'Toutes les méthodes sont déjà associées.',
  suggestionsTitle: 'À vous aussi ?',
  suggestionsHint: 'Ces comptes ont votre adresse e-mail vérifiée. Connectez-vous à l’un d’eux pour l’associer.',
  linkSuggestion: 'Associer',
  linkSuggestionLabel: (account) => `Associer ${account}`,
  hideSuggestion: 'Masquer',
  hideSuggestionLabel: (account) => `Masquer ${account}`,
  setupError: 'Liste des comptes mal configurée.',
  providers: {
    auth0: 'E-mail et mot de passe',
    'Username-Password-Authentication': 'E-mail et mot de passe',
    sms: 'Téléphone (SMS)',
    email: 'Code par e-mail',
  },
  errors: {
    tokenExpired: 'Connexion expirée.' + signInAgain,
    someIdentitiesInvalid: 'Certains comptes sont invalides et masqués.',
    network: 'Serveur de connexion injoignable. Vérifiez votre réseau, puis réessayez.',
    unauthorized: 'Jeton d’accès refusé (401).' + signInAgain,
    forbidden: 'Action non autorisée (403).',
    notFound: 'Compte introuvable (404).',
    rateLimited: 'Trop de requêtes (429). Patientez un instant.',
    serverError: 'Erreur du serveur de connexion. Réessayez plus tard.',
    requestFailed: 'La requête a échoué.',
    badResponse: 'Réponse illisible du serveur de connexion.',
    noIdentities: 'Profil sans liste d’identités.',
    stateMismatch: 'Réponse de connexion inconnue ou déjà utilisée.' + nothingChanged,
    stateExpired: 'L’association a dépassé 10 minutes.' + nothingChanged + again,
    authorizeFailed: 'Échec de l’association.',
    primaryIdentity: 'Le compte principal ne peut pas être dissocié.',
    tokenRejected: 'Connexion expirée ou invalide (401).' + signInAgain,
    unownedResource: 'Le jeton d’accès appartient à un autre utilisateur (403).',
    alreadyLinked: 'Ce compte appartient déjà à un autre utilisateur. Choisissez-en un autre.',
    sameAccount: 'C’est déjà votre compte. Choisissez-en un autre.',
    unverifiedEmail: 'E-mail non vérifié : compte non associé. Vérifiez-le, puis réessayez.',
    idTokenInvalid: 'Échec des contrôles de sécurité.' + nothingLinked,
    exchangeFailed: 'La connexion a échoué.' + nothingLinked,
    popupBlocked: 'Fenêtre de connexion bloquée. Autorisez les pop-up.',
    popupClosed: 'Fenêtre de connexion fermée.' + nothingLinked,
    popupTimeout: 'Fenêtre de connexion sans réponse depuis 2 minutes.' + nothingLinked,
    cancelled: 'Association annulée.' + nothingChanged,
    signedOut: 'Vous êtes déconnecté. Reconnectez-vous.',
  },
};

export default strings;
