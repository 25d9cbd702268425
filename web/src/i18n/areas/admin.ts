// The admin pages' words, English then Turkish (composed into the one catalogue in ../catalogue.ts).
export const adminEn = {} as const;

export const adminTr: Record<keyof typeof adminEn, string> = {};
