// Parser for `nfsexports`: the clients each snapshot is exported to. Each one ends up in an exportfs argument
// `client:/path` (exportfs(8)), so anything exportfs would read differently is refused here.
import { InvalidValueError } from './invalid-value.ts';

// exports(5) "Machine Name Formats": host names, IPv4 addresses, networks (address/prefix or address/netmask),
// wildcards `*` and `?`, and `@netgroup`. A `:` would split `client:/path` in the wrong place, parentheses
// would start an option list, and a leading `-` would be read as an exportfs option.
const NETGROUP = /^@[A-Za-z0-9_.+-]+$/;
const HOST_OR_WILDCARD = /^[A-Za-z0-9_.*?-]+$/;

/** The space-separated NFS clients of `nfsexports`, without duplicates. */
export function parseNfsClients(text: string): string[] {
  const clients = text.split(/\s+/).filter((client) => client !== '');
  for (const client of clients) checkClient(client);
  return [...new Set(clients)];
}

function checkClient(client: string): void {
  if (client.startsWith('-')) {
    throw new InvalidValueError(`client \`${client}\` starts with \`-\`, which exportfs would read as an option`);
  }
  if (client.includes(':')) {
    throw new InvalidValueError(`client \`${client}\` contains \`:\`, which exportfs reads as the end of the client in `
      + '`client:/path` (IPv6 addresses cannot be used here)');
  }
  if (client.includes('/')) {
    if (!isIpv4Network(client)) {
      throw new InvalidValueError(`client \`${client}\` is not an IPv4 network (use e.g. 10.1.1.0/24)`);
    }
    return;
  }
  if (!NETGROUP.test(client) && !HOST_OR_WILDCARD.test(client)) {
    throw new InvalidValueError(`client \`${client}\` is not a host name, IP address, network, wildcard or @netgroup `
      + '(only letters, digits, `.`, `-`, `_`, `*` and `?` are allowed, and `@` at the start)');
  }
}

function isIpv4Network(text: string): boolean {
  const [address, mask, ...rest] = text.split('/');
  if (rest.length > 0 || !isIpv4Address(address)) return false;
  return /^\d{1,2}$/.test(mask) ? Number(mask) <= 32 : isIpv4Address(mask);
}

function isIpv4Address(text: string): boolean {
  const octets = text.split('.');
  return octets.length === 4 && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
}
