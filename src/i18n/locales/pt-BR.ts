// Brazilian Portuguese (pt-BR), also shown for `pt` and `pt-PT` (there is no European Portuguese
// table): address by "você". Loaded on demand as its own chunk: imports types only.
// Attribute names, code and URLs stay as they are; brand names are not translated.
import type { LocaleStrings } from '../strings.js';

const plural = new Intl.PluralRules('pt-BR');
const again = ' Tente novamente.';
const signInAgain = ' Entre novamente e tente outra vez.';
const nothingChanged = ' Nada foi alterado.';
const nothingLinked = ' Nada foi vinculado.';

const strings: LocaleStrings = {
  listLabel: 'Contas vinculadas',
  loading: 'Carregando contas…',
  empty: 'Nenhuma conta vinculada.',
  addAccount: 'Adicionar conta',
  addConnection: (provider) => `Adicionar conta ${provider}`,
  primaryBadge: 'Principal',
  primaryHint: 'Sua conta de cadastro não pode ser desvinculada.',
  unlink: 'Desvincular',
  unlinkLabel: (account) => `Desvincular ${account}`,
  confirmPrompt: (account) => `Desvincular ${account}? Você não poderá mais entrar com ela.`,
  confirmUnlink: 'Sim, desvincular',
  cancelUnlink: 'Cancelar',
  unlinking: (account) => `Desvinculando ${account}…`,
  unlinked: (account) => `A conta ${account} foi desvinculada.`,
  linked: 'Conta vinculada.',
  linkedAccount: (account) => `A conta ${account} foi vinculada.`,
  linking: 'Vinculando a conta…',
  popupWaiting: 'Conclua o login na nova janela.',
  retryAfter: (seconds) => `Tente novamente em ${seconds} ${plural.select(seconds) === 'one' ? 'segundo' : 'segundos'}.`,
  loaded: (count) => (plural.select(count) === 'one' ? `${count} conta vinculada.` : `${count} contas vinculadas.`),
  retry: 'Tentar novamente',
  dismiss: 'Fechar',
  errorDetails: 'Detalhes',
  allLinked: 'Todos os métodos de login já estão vinculados.',
  suggestionsTitle: 'Também são suas?',
  suggestionsHint: 'Estas contas usam seu e-mail verificado. Entre em uma para vinculá-la.',
  linkSuggestion: 'Vincular',
  linkSuggestionLabel: (account) => `Vincular ${account}`,
  hideSuggestion: 'Ocultar',
  hideSuggestionLabel: (account) => `Ocultar ${account}`,
  setupError: 'Lista de contas mal configurada.',
  providers: {
    auth0: 'E-mail e senha',
    'Username-Password-Authentication': 'E-mail e senha',
    sms: 'Telefone (SMS)',
    email: 'Código por e-mail',
  },
  errors: {
    tokenExpired: 'Seu login expirou.' + signInAgain,
    someIdentitiesInvalid: 'Algumas contas têm dados inválidos e não são exibidas.',
    network: 'Servidor de login inacessível. Verifique sua conexão.' + again,
    unauthorized: 'Token de acesso recusado (401).' + signInAgain,
    forbidden: 'Ação não permitida (403).',
    notFound: 'Conta não encontrada (404).',
    rateLimited: 'Solicitações demais (429). Aguarde um momento.',
    serverError: 'Erro no servidor de login. Tente mais tarde.',
    requestFailed: 'A solicitação falhou.',
    badResponse: 'Resposta ilegível do servidor de login.',
    noIdentities: 'O perfil não tem lista de identidades.',
    stateMismatch: 'Resposta de login desconhecida ou já usada.' + nothingChanged,
    stateExpired: 'A vinculação passou de 10 minutos.' + nothingChanged + again,
    authorizeFailed: 'Não foi possível vincular a conta.',
    primaryIdentity: 'A conta principal não pode ser desvinculada.',
    tokenRejected: 'Seu login expirou ou é inválido (401).' + signInAgain,
    unownedResource: 'O token de acesso é de outro usuário (403).',
    alreadyLinked: 'Essa conta já é de outro usuário. Escolha outra.',
    sameAccount: 'Essa já é sua conta. Escolha outra.',
    unverifiedEmail: 'E-mail não verificado: a conta não foi vinculada. Verifique-o e tente novamente.',
    idTokenInvalid: 'O login não passou nas verificações de segurança.' + nothingLinked,
    exchangeFailed: 'O login falhou.' + nothingLinked,
    popupBlocked: 'O navegador bloqueou a janela de login. Permita pop-ups.',
    popupClosed: 'A janela de login foi fechada.' + nothingLinked,
    popupTimeout: 'A janela de login não respondeu em 2 minutos.' + nothingLinked,
    cancelled: 'Vinculação cancelada.' + nothingChanged,
    signedOut: 'Sua sessão terminou. Entre novamente.',
  },
};

export default strings;
