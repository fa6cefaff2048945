export type { Config, DatabaseConfig, LogLevel, Mode, StorageConfig } from './config.js';
export { ENV_VARIABLES, type EnvVariable, type EnvVariableName } from './env-variables.js';
export { formatEnvExample } from './format-env-example.js';
export { isLoopbackHost } from './is-loopback-host.js';
export { loadConfig, type ConfigProblem } from './load-config.js';
export { loadConfigFromProcess } from './load-config-from-process.js';
export { parseByteSize } from './parse-byte-size.js';
