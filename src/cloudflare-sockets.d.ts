/** Workers' TCP sockets; only src/worker.ts imports it (workerd provides the module). */
declare module 'cloudflare:sockets' {
  export const connect: import('./mail/socket-smtp-mailer.js').Connect
}
