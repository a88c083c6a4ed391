// How an error is told in each language: setup messages (for the developer writing the tag) stay
// English in every table; another language leads them with its own sentence and keeps the English
// under the details. Person-facing messages are the language's own.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LinkerError } from '../../src/protocol/errors.js';
import { describeError, describeErrorParts } from '../../src/i18n/describe-error.js';
import { loadEnglishTexts } from '../../src/i18n/english-loader.js';
import { SETUP_TEXTS } from '../../src/i18n/setup-texts.js';
import { mergeStrings } from '../../src/i18n/strings.js';
import { defaultStrings } from '../../src/i18n/strings.js';
import de from '../../src/i18n/locales/de.js';
import ja from '../../src/i18n/locales/ja.js';

const german = mergeStrings(de);
const japanese = mergeStrings(ja);

describe('error texts by language', () => {
  // The setup messages are a chunk of their own: the element loads it before it says one.
  before(() => loadEnglishTexts());

  it('English says a setup problem in its own words, with nothing extra under the details', () => {
    const parts = describeErrorParts(new LinkerError('invalid-config', 'domainMissing'), defaultStrings);
    assert.equal(parts.sentence, SETUP_TEXTS.domainMissing);
    assert.equal(parts.help, undefined);
  });

  for (const [name, table] of [['German', german], ['Japanese', japanese]] as const) {
    it(`${name} leads a setup problem with its own sentence and keeps the English text under the details`, () => {
      const parts = describeErrorParts(new LinkerError('invalid-config', 'clientIdMissing'), table);
      assert.equal(parts.sentence, table.setupError);
      assert.ok(table.setupError.trim().length > 3);
      assert.equal(parts.help, SETUP_TEXTS.clientIdMissing);
    });

    it(`${name} says a person-facing error in its own words, without the setup sentence`, () => {
      const parts = describeErrorParts(new LinkerError('network', 'network'), table);
      assert.equal(parts.sentence, table.errors.network);
      assert.notEqual(parts.sentence, defaultStrings.errors.network);
      assert.equal(parts.help, undefined);
    });
  }

  it('a host override of a setup message is shown as the sentence, in any language', () => {
    const table = mergeStrings({ errors: { domainMissing: 'Bitte die Domain setzen.' } }, german);
    const parts = describeErrorParts(new LinkerError('invalid-config', 'domainMissing'), table);
    assert.equal(parts.sentence, 'Bitte die Domain setzen.');
    assert.equal(parts.help, undefined);
  });

  it('a token lacking a scope: the German lead, then the English reason and how to get the right token', () => {
    const message = describeError(new LinkerError('insufficient-scope', 'tokenScopes', 'update:current_user_identities'), german, [], 'https://tenant.example.com');
    assert.ok(message.startsWith(german.setupError), message);
    assert.ok(message.includes(SETUP_TEXTS.tokenScopes), message);
    assert.ok(message.includes('https://tenant.example.com/api/v2/'), message);
    assert.ok(message.endsWith('(update:current_user_identities)'), message);
  });
});
