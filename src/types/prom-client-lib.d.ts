// prom-client's Registry and Gauge, each from its own file: the package's index also loads its Pushgateway
// (node:http, node:https), cluster aggregator and default metrics, which a textfile never needs.
declare module 'prom-client/lib/registry' {
  import { Registry } from 'prom-client';
  export = Registry;
}

declare module 'prom-client/lib/gauge' {
  import { Gauge } from 'prom-client';
  export = Gauge;
}
