// talisman ships no type declarations; this is the one function the spelling corrector uses.
declare module 'talisman/phonetics/metaphone' {
  /** The Metaphone key of a word ("whipe" and "wipe" are both "WP"). */
  export default function metaphone(word: string): string;
}
