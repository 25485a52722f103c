/** The password rules as the pages state them (the server decides: src/server/identity/passwords.ts). */
export const PASSWORD_RULE = {
  zh: '至少12位；不能是常见密码或已泄露的密码（如 Password1234），不能包含用户名',
  en: 'At least 12 characters; not a common or breached password (like Password1234); must not contain the username',
};
