/** The browse feature's fixed lists, without dependencies (the renderer imports them at runtime). */

/** The four countries of the Dakar 2017 workshop: always shown, first, in the matrix, the index and on the home screen. */
export const FOCUS_COUNTRIES = ['SN', 'CV', 'CM', 'TG'] as const;
