/**
 * zod's mini API, which every Lookout schema imports instead of `zod`: classic zod puts every method on
 * every schema, ~60 KB more in each Lambda bundle for the same checks.
 *
 * Classic zod loads its English messages when imported; mini loads none ("Invalid input" for everything).
 * The English locale alone is loaded here, so messages stay those users and tests know — never
 * `z.locales`, which carries every language.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
