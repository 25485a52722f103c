/** 自助终端 (self-service kiosk): session and idle-timeout rules, the on-screen number pad, printable notices. */
export * from './session.js';
export * from './number-pad.js';
export * from './notices.js';
export * from './on-the-spot.js';
