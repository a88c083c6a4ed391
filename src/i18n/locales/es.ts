// Spanish (es): formal address ("usted"). Loaded on demand as its own chunk: imports types only.
// Attribute names, code and URLs stay as they are; brand names are not translated.
import type { LocaleStrings } from '../strings.js';

const plural = new Intl.PluralRules('es');
const again = ' Inténtelo de nuevo.';
const signInAgain = ' Vuelva a iniciar sesión e inténtelo de nuevo.';
const nothingChanged = ' No cambió nada.';
const nothingLinked = ' No se vinculó nada.';

const strings: LocaleStrings = {
  listLabel: 'Cuentas vinculadas',
  loading: 'Cargando cuentas…',
  empty: 'Aún no hay cuentas vinculadas.',
  addAccount: 'Añadir cuenta',
  addConnection: (provider) => `Añadir cuenta de ${provider}`,
  primaryBadge: 'Principal',
  primaryHint: 'Su cuenta de registro no se puede desvincular.',
  unlink: 'Desvincular',
  unlinkLabel: (account) => `Desvincular ${account}`,
  confirmPrompt: (account) => `¿Desvincular ${account}? Ya no podrá iniciar sesión con ella.`,
  confirmUnlink: 'Sí, desvincular',
  cancelUnlink: 'Cancelar',
  unlinking: (account) => `Desvinculando ${account}…`,
  unlinked: (account) => `Se desvinculó ${account}.`,
  linked: 'Cuenta vinculada.',
  linkedAccount: (account) => `Se vinculó ${account}.`,
  linking: 'Vinculando la cuenta…',
  popupWaiting: 'Inicie sesión en la nueva ventana.',
  retryAfter: (seconds) => `Reintente en ${seconds} ${plural.select(seconds) === 'one' ? 'segundo' : 'segundos'}.`,
  loaded: (count) => (plural.select(count) === 'one' ? `${count} cuenta vinculada.` : `${count} cuentas vinculadas.`),
  retry: 'Reintentar',
  dismiss: 'Cerrar',
  errorDetails: 'Detalles',
  allLinked: 'Todos los métodos ya están vinculados.',
  suggestionsTitle: '¿También son suyas?',
  suggestionsHint: 'Estas cuentas usan su correo verificado. Inicie sesión en una para vincularla.',
  linkSuggestion: 'Vincular',
  linkSuggestionLabel: (account) => `Vincular ${account}`,
  hideSuggestion: 'Ocultar',
  hideSuggestionLabel: (account) => `Ocultar ${account}`,
  setupError: 'Lista de cuentas mal configurada.',
  providers: {
    auth0: 'Correo electrónico y contraseña',
    'Username-Password-Authentication': 'Correo electrónico y contraseña',
    sms: 'Teléfono (SMS)',
    email: 'Código por correo electrónico',
  },
  errors: {
    tokenExpired: 'Su sesión caducó.' + signInAgain,
    someIdentitiesInvalid: 'Algunas cuentas no válidas están ocultas.',
    network: 'No se pudo conectar con el servidor. Compruebe su conexión e inténtelo de nuevo.',
    unauthorized: 'Token de acceso rechazado (401).' + signInAgain,
    forbidden: 'Acción no permitida (403).',
    notFound: 'Cuenta no encontrada (404).',
    rateLimited: 'Demasiadas solicitudes (429). Espere un momento.',
    serverError: 'Error del servidor. Inténtelo más tarde.',
    requestFailed: 'La solicitud falló.',
    badResponse: 'Respuesta ilegible del servidor.',
    noIdentities: 'El perfil no tiene lista de identidades.',
    stateMismatch: 'Respuesta de inicio de sesión desconocida o ya usada.' + nothingChanged,
    stateExpired: 'La vinculación superó los 10 minutos.' + nothingChanged + again,
    authorizeFailed: 'No se pudo vincular la cuenta.',
    primaryIdentity: 'La cuenta principal no se puede desvincular.',
    tokenRejected: 'Su sesión caducó o no es válida (401).' + signInAgain,
    unownedResource: 'El token de acceso es de otro usuario (403).',
    alreadyLinked: 'Esa cuenta ya es de otro usuario. Elija otra.',
    sameAccount: 'Esa ya es su cuenta. Elija otra.',
    unverifiedEmail: 'Correo no verificado: no se vinculó. Verifíquelo e inténtelo de nuevo.',
    idTokenInvalid: 'El inicio de sesión no pasó los controles de seguridad.' + nothingLinked,
    exchangeFailed: 'El inicio de sesión falló.' + nothingLinked,
    popupBlocked: 'El navegador bloqueó la ventana. Permita ventanas emergentes.',
    popupClosed: 'Se cerró la ventana.' + nothingLinked,
    popupTimeout: 'La ventana no respondió en 2 minutos.' + nothingLinked,
    cancelled: 'Vinculación cancelada.' + nothingChanged,
    signedOut: 'Tu sesión se cerró. Inicia sesión de nuevo.',
  },
};

export default strings;
