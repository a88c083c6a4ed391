// Hebrew (he): written right to left; a page in Hebrew sets dir="rtl" as well as lang="he", and the
// element mirrors with it. Addresses the reader in the plural ("נסו שוב"), the gender-neutral
// register of Hebrew interfaces; "unlink" is ניתוק. Loaded on demand as its own chunk: imports types
// only. Attribute names, code and URLs stay as they are; brand names are not translated.
// Counts: Intl.PluralRules('he') has one (1), two (2) and other; only one takes words of its own
// ("חשבון מקושר אחד"), two reads as naturally with its numeral as other ("2 שניות").
import type { LocaleStrings } from '../strings.js';

const plural = new Intl.PluralRules('he');
const again = ' נסו שוב.';
const signInAgain = ' היכנסו מחדש ונסו שוב.';
const nothingChanged = ' שום דבר לא השתנה.';
const nothingLinked = ' שום דבר לא קושר.';

const strings: LocaleStrings = {
  listLabel: 'חשבונות מקושרים',
  loading: 'טוענים חשבונות…',
  empty: 'עדיין אין חשבונות מקושרים.',
  addAccount: 'הוספת חשבון',
  addConnection: (provider) => `הוספת חשבון ${provider}`,
  primaryBadge: 'ראשי',
  primaryHint: 'נרשמתם עם החשבון הזה, ולכן אי אפשר לנתק אותו.',
  unlink: 'ניתוק',
  unlinkLabel: (account) => `ניתוק ${account}`,
  confirmPrompt: (account) => `לנתק את ${account}? לא תוכלו עוד להיכנס באמצעותו.`,
  confirmUnlink: 'כן, לנתק',
  cancelUnlink: 'ביטול',
  unlinking: (account) => `מנתקים את ${account}…`,
  unlinked: (account) => `${account} נותק.`,
  linked: 'החשבון קושר.',
  linkedAccount: (account) => `${account} מקושר עכשיו.`,
  linking: 'מקשרים את החשבון…',
  popupWaiting: 'השלימו את הכניסה בחלון שנפתח.',
  retryAfter: (seconds) => `נסו שוב בעוד ${plural.select(seconds) === 'one' ? 'שנייה אחת' : `${seconds} שניות`}.`,
  loaded: (count) => (plural.select(count) === 'one' ? 'חשבון מקושר אחד.' : `${count} חשבונות מקושרים.`),
  retry: 'לנסות שוב',
  dismiss: 'סגירה',
  errorDetails: 'פרטים טכניים',
  allLinked: 'כל שיטות הכניסה כבר מקושרות.',
  suggestionsTitle: 'גם שלכם?',
  suggestionsHint: 'החשבונות האלה משתמשים בכתובת האימייל המאומתת שלכם. כדי לקשר אחד מהם, היכנסו אליו.',
  linkSuggestion: 'קישור',
  linkSuggestionLabel: (account) => `קישור ${account}`,
  hideSuggestion: 'הסתרה',
  hideSuggestionLabel: (account) => `הסתרת ${account}`,
  setupError: 'רשימת החשבונות לא הוגדרה נכון.',
  providers: {
    auth0: 'אימייל וסיסמה',
    'Username-Password-Authentication': 'אימייל וסיסמה',
    sms: 'טלפון (SMS)',
    email: 'קוד באימייל',
  },
  errors: {
    tokenExpired: 'תוקף הכניסה פג.' + signInAgain,
    someIdentitiesInvalid: 'חלק מהחשבונות פגומים ולא מוצגים.',
    network: 'אין חיבור לשרת הכניסה. בדקו את החיבור ונסו שוב.',
    unauthorized: 'שרת הכניסה דחה את אסימון הגישה (401).' + signInAgain,
    forbidden: 'אין הרשאה לפעולה הזו (403).',
    notFound: 'החשבון לא נמצא (404).',
    rateLimited: 'יותר מדי בקשות (429). המתינו רגע.',
    serverError: 'תקלה בשרת הכניסה. נסו שוב מאוחר יותר.',
    requestFailed: 'הבקשה נכשלה.',
    badResponse: 'תשובה לא קריאה משרת הכניסה.',
    noIdentities: 'בפרופיל אין רשימת חשבונות.',
    stateMismatch: 'תשובת כניסה לא מוכרת או משומשת.' + nothingChanged,
    stateExpired: 'הקישור נמשך יותר מ־10 דקות.' + nothingChanged + again,
    authorizeFailed: 'לא הצלחנו לקשר את החשבון.',
    primaryIdentity: 'אי אפשר לנתק את החשבון הראשי.',
    tokenRejected: 'הכניסה פגה או לא תקפה (401).' + signInAgain,
    unownedResource: 'האסימון שייך למשתמש אחר (403).',
    alreadyLinked: 'החשבון שייך למשתמש אחר. בחרו חשבון אחר.',
    sameAccount: 'החשבון הזה כבר שלכם. בחרו חשבון אחר.',
    unverifiedEmail: 'האימייל של החשבון לא אומת.' + nothingLinked + ' אמתו אותו ונסו שוב.',
    idTokenInvalid: 'בדיקת האבטחה נכשלה.' + nothingLinked,
    exchangeFailed: 'הכניסה לא הושלמה.' + nothingLinked,
    popupBlocked: 'חלון הכניסה נחסם. אפשרו חלונות קופצים.',
    popupClosed: 'חלון הכניסה נסגר.' + nothingLinked,
    popupTimeout: 'חלון הכניסה לא ענה במשך 2 דקות.' + nothingLinked,
    cancelled: 'פעולת הקישור בוטלה.' + nothingChanged,
    signedOut: 'יצאתם מהחשבון. היכנסו מחדש.',
  },
};

export default strings;
