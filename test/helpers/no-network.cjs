'use strict';
// Preloaded into a process under test: any attempt to reach the network fails loudly and is logged.
const net = require('node:net');
const dns = require('node:dns');
const tls = require('node:tls');
const report = (what) => {
  const err = new Error(`network access attempted: ${what}`);
  process.stderr.write(`NETWORK-ATTEMPT ${what}\n`);
  throw err;
};
net.connect = net.createConnection = (...args) => report(`net.connect ${JSON.stringify(args[0])}`);
net.Socket.prototype.connect = function connect(...args) {
  return report(`socket.connect ${JSON.stringify(args[0])}`);
};
tls.connect = (...args) => report(`tls.connect ${JSON.stringify(args[0])}`);
dns.lookup = (host) => report(`dns.lookup ${host}`);
dns.resolve = (host) => report(`dns.resolve ${host}`);
if (dns.promises) {
  dns.promises.lookup = async (host) => report(`dns.promises.lookup ${host}`);
}
if (typeof globalThis.fetch === 'function') globalThis.fetch = async (url) => report(`fetch ${url}`);
