// Shell words for the kubectl/kubedeck equivalents shown to people.

/** Single-quotes a shell word when it needs it (the kubectl equivalents shown to people). */
export const shellQuote = (s: string) => (/^[\w.,:/=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** ` --name NAME` for a kubedeck command; '' for the default cluster (named `kubedeck`) or no name. */
export const nameFlag = (name: string): string => (name && name !== 'kubedeck' ? ` --name ${name}` : '');
