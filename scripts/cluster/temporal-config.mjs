// The Temporal server's static config for the cluster tier: PostgreSQL (`postgres12`) for history
// and for SQL advanced visibility (so our custom Keyword search attributes work), 4 history
// shards, each service on its own ports bound to 127.0.0.1. Generated per run: the ports are free
// ports of this machine. Production runs the same server version from compose or a Helm chart.

import { join } from 'node:path';
import { ROOT } from '../stack/root.mjs';

/** Shared with docker-compose.yml: what the dev server gets from `--dynamic-config-value` flags. */
export const DYNAMIC_CONFIG_FILE = join(ROOT, 'temporal', 'cluster-dynamic-config.yaml');

const q = (value) => JSON.stringify(String(value));

function store(database, name) {
  return `      sql:
        pluginName: "postgres12"
        databaseName: ${q(name)}
        connectAddr: ${q(`${database.host}:${database.port}`)}
        connectProtocol: "tcp"
        user: ${q(database.user)}
        password: ${q(database.password)}
        maxConns: 10
        maxIdleConns: 10
        maxConnLifetime: "1h"`;
}

function service(grpcPort, membershipPort, extra = '') {
  return `    rpc:
      grpcPort: ${grpcPort}
      membershipPort: ${membershipPort}
      bindOnLocalHost: true${extra}`;
}

/**
 * @param {{ host: string, dynamicConfig: string, database: { host: string, port: string, user: string, password: string },
 *   ports: Record<string, number> }} options
 */
export function clusterConfigYaml({ host, ports, database, dynamicConfig }) {
  return `log:
  stdout: true
  level: warn
persistence:
  numHistoryShards: 4
  defaultStore: default
  visibilityStore: visibility
  datastores:
    default:
${store(database, 'temporal')}
    visibility:
${store(database, 'temporal_visibility')}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: ${q(host)}
services:
  frontend:
${service(ports.frontend, ports.frontendMembership, `\n      httpPort: ${ports.frontendHttp}`)}
  history:
${service(ports.history, ports.historyMembership)}
  matching:
${service(ports.matching, ports.matchingMembership)}
  worker:
${service(ports.worker, ports.workerMembership)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: ${q(`${host}:${ports.frontend}`)}
      httpAddress: ${q(`${host}:${ports.frontendHttp}`)}
dcRedirectionPolicy:
  policy: "noop"
archival:
  history:
    state: "disabled"
  visibility:
    state: "disabled"
namespaceDefaults:
  archival:
    history:
      state: "disabled"
    visibility:
      state: "disabled"
dynamicConfigClient:
  filepath: ${q(dynamicConfig)}
  pollInterval: "10s"
`;
}
