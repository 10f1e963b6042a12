// The app's version, from package.json (bundled into the main process at build; read as JSON by tsx).
import packageJson from '../../../../package.json';

export const appVersion: string = typeof packageJson.version === 'string' ? packageJson.version : 'unknown';
