// The chair pages' words, English then Turkish (composed into the one catalogue in ../catalogue.ts).
export const chairEn = {} as const;

export const chairTr: Record<keyof typeof chairEn, string> = {};
