// The admin password rule in words, public for users' own forms; rules.ts applies it. Kept apart
// from rules.ts because that module's declarations name zod's types, which must not reach a
// user's type check.

/** The special characters the API accepts in a password (at least one is required). */
export const PASSWORD_SPECIALS = "!@#$%^&*()_+-=[]{}|\"/\\.,<>:;?~'";

export const ADMIN_PASSWORD_RULE = `must be at least 6 characters (at most 50) with an upper-case letter, a lower-case letter and a special character from ${PASSWORD_SPECIALS}`;
