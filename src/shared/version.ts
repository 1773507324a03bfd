import packageJson from '../../package.json';

export const FLOE_VERSION: string = packageJson.version;
