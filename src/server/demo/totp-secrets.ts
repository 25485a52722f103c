/**
 * The demo staff accounts' TOTP secrets (base32, RFC 6238 defaults: SHA-1, 6 digits, 30 s), fixed so a
 * newcomer can add them to any authenticator app (README lists them) and tests can compute codes.
 * DEMO ONLY: a real deployment's staff enrol their own secret with a QR code at first login.
 */
export const DEMO_TOTP_SECRETS: Readonly<Record<string, string>> = {
  admin: 'RLKWEFGTUNRM2JEKJEHWQDPMI5EZJPSK',
  secadmin: 'XKZQOY4CRUJVNNHK7XOX3KHL5AZC3NJH',
  auditor: 'BT76CA3JPJZLC7ZDF7WGRRUUZLVCLISN',
  catadmin: '3BW6UDLS5A2VB7PO6RQS2XMSBBNK2IRN',
  provadmin: 'U6UT5FQEP6YF4P5X27MDGE35E5HZZUWP',
  halladmin: 'RKELWQT2JDROSZL5M4OQ3LHA46KHC54J',
  clerk: 'MVXIJVRE2YIXXY2XMVPN7IXPNE7VSAPP',
  clerk2: '5J5E4SB4LG4TZ26Q3ZR7HVGUE4VILPJJ',
  samr_handler: 'MJWKUHWDV6LCUCFBKR27QLKDT33VVHVE',
  samr_reviewer: 'VHZJBX7QTWO3OBQI5PTJQXIQTMS3T747',
  samr_signer: 'LOHGYT4XP2W7QUZSXIXUQWD2BE7WL2HN',
  mca_handler: '3OXCHBWONKT7P2TYE2NV7BZENHNXHTHB',
  mca_reviewer: 'YDN3PSMLOPVVW2AX72ICT4J5OGAYZPKS',
  mca_signer: 'QP2SB76ESOFWPOM72NGXXADNQIJKD6MW',
  housing_handler: 'QYMAZT5425PT74XYGB3OCCWFVQJ4A54Z',
  housing_reviewer: 'X5DWC6RYGLNRPLOAOO3VGJS76GLXPNB6',
  housing_signer: '7YSC6UJJZ2SQRGTOWXEBZBHFSD3HBTY6',
  supervisor: 'QYUCRJFFWQMEHTDLOOWENZCQMJNO42ES',
};
