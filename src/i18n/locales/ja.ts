// Japanese (ja): polite style (です/ます). Loaded on demand as its own chunk: imports types only.
// Attribute names, code and URLs stay as they are; brand names are not translated.
// Japanese has one plural form (Intl.PluralRules('ja') always selects "other"), so a count
// needs no choice of words.
import type { LocaleStrings } from '../strings.js';

const retry = '再試行してください。';
const signInAgain = 'サインインし直してください。';
const nothingChanged = '変更はありません。';
const nothingLinked = '何もリンクしていません。';

const strings: LocaleStrings = {
  listLabel: 'リンク済みのアカウント',
  loading: '読み込み中…',
  empty: 'まだリンクはありません。',
  addAccount: 'アカウントを追加',
  addConnection: (provider) => `${provider} アカウントを追加`,
  primaryBadge: 'メイン',
  primaryHint: 'サインアップに使ったため解除できません。',
  unlink: 'リンク解除',
  unlinkLabel: (account) => `${account} のリンクを解除`,
  confirmPrompt: (account) => `${account} のリンクを解除しますか？以後サインインに使えません。`,
  confirmUnlink: 'はい、解除します',
  cancelUnlink: 'キャンセル',
  unlinking: (account) => `${account} を解除中…`,
  unlinked: (account) => `${account} のリンクを解除しました。`,
  linked: 'リンクしました。',
  linkedAccount: (account) => `${account} をリンクしました。`,
  linking: 'リンク中…',
  popupWaiting: '開いたウィンドウでサインインしてください。',
  retryAfter: (seconds) => `${seconds} 秒後に${retry}`,
  loaded: (count) => `リンク済みのアカウントは ${count} 件です。`,
  retry: '再試行',
  dismiss: '閉じる',
  errorDetails: '詳細',
  allLinked: 'すべてリンク済みです。',
  suggestionsTitle: 'あなたのアカウントですか？',
  suggestionsHint: '確認済みの同じメールアドレスのアカウントです。サインインするとリンクできます。',
  linkSuggestion: 'リンク',
  linkSuggestionLabel: (account) => `${account} をリンク`,
  hideSuggestion: '非表示',
  hideSuggestionLabel: (account) => `${account} を非表示`,
  setupError: '設定エラーです。',
  providers: {
    auth0: 'メールアドレスとパスワード',
    'Username-Password-Authentication': 'メールアドレスとパスワード',
    sms: '電話 (SMS)',
    email: 'メール認証コード',
  },
  errors: {
    tokenExpired: 'サインインの期限が切れました。' + signInAgain,
    someIdentitiesInvalid: '一部のアカウントはデータが不正なため表示できません。',
    network: 'サーバーに接続できません。接続を確認して' + retry,
    unauthorized: 'アクセス トークンが拒否されました (401)。' + signInAgain,
    forbidden: '許可されていません (403)。',
    notFound: 'アカウントが見つかりません (404)。',
    rateLimited: 'リクエストが多すぎます (429)。少しお待ちください。',
    serverError: 'サーバー エラーです。後で' + retry,
    requestFailed: 'リクエストに失敗しました。',
    badResponse: 'サーバーの応答を読み取れません。',
    noIdentities: 'プロフィールに ID リストがありません。',
    stateMismatch: '不明または使用済みのサインイン応答です。' + nothingChanged,
    stateExpired: 'リンクに 10 分以上かかりました。' + nothingChanged + retry,
    authorizeFailed: 'リンクできませんでした。',
    primaryIdentity: 'メイン アカウントは解除できません。',
    tokenRejected: 'サインインが期限切れか無効です (401)。' + signInAgain,
    unownedResource: 'アクセス トークンが別のユーザーのものです (403)。',
    alreadyLinked: '別のユーザーのアカウントです。ほかのアカウントを選んでください。',
    sameAccount: 'すでにあなたのアカウントです。ほかのアカウントを選んでください。',
    unverifiedEmail: 'メール未確認のためリンクしませんでした。確認して' + retry,
    idTokenInvalid: 'セキュリティ チェックに失敗しました。' + nothingLinked,
    exchangeFailed: 'サインインに失敗しました。' + nothingLinked,
    popupBlocked: 'ポップアップがブロックされました。許可してください。',
    popupClosed: 'サインイン ウィンドウが閉じられました。' + nothingLinked,
    popupTimeout: 'サインイン ウィンドウから 2 分以上応答がありません。' + nothingLinked,
    cancelled: 'キャンセルしました。' + nothingChanged,
    signedOut: 'サインアウトしています。再度サインインしてください。',
  },
};

export default strings;
