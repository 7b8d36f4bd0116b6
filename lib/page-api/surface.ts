import { version } from '../../package.json';
import { LanguageModel } from './language-model';
import { windowAI } from './window-ai';
import { LanguageDetector, Proofreader, Rewriter, Summarizer, Translator, Writer } from './writing';

const classes = [LanguageModel, Summarizer, Writer, Rewriter, Translator, LanguageDetector, Proofreader];
for (const c of classes) Object.freeze(Object.freeze(c).prototype);

/**
 * The page's globals, in the order of install.ts's names (a list, not an object, for fewer
 * page-script bytes; a unit test holds the two together). Loaded by install.ts on the page's
 * first touch of a global, never at document_start: see there.
 */
export default [...classes, windowAI, Object.freeze({ domain: 'own-model', version })] as const;
