// The preload as Electron loads it: electron.vite.config.ts builds it to ONE CommonJS file that a sandboxed
// renderer can run — nothing required but 'electron' — and that exposes window.booster.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from 'electron-vite';
import { build, type InlineConfig } from 'vite';
import { contextBridge, ipcRenderer, resetElectronStub } from '../../support/electron-stub';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'booster-preload-build-'));
  const nodeEnv = process.env['NODE_ENV'];
  try {
    const resolved = await resolveConfig(
      { configFile: path.join(projectRoot, 'electron.vite.config.ts'), logLevel: 'silent' },
      'build',
      'production',
    );
    const preload = resolved.config?.preload as InlineConfig | undefined;
    if (!preload) throw new Error('electron.vite.config.ts has no preload config');
    await build({ ...preload, configFile: false, logLevel: 'silent', build: { ...preload.build, outDir } });
  } finally {
    process.env['NODE_ENV'] = nodeEnv;
  }
}, 60_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('the built preload', () => {
  it('is one index.cjs file', async () => {
    expect(await readdir(outDir)).toEqual(['index.cjs']);
  });

  it('runs in a sandbox that can require only electron, and exposes booster', async () => {
    const code = await readFile(path.join(outDir, 'index.cjs'), 'utf8');
    resetElectronStub();
    const required: string[] = [];
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`A sandboxed preload cannot require '${name}'`);
      return { contextBridge, ipcRenderer };
    };
    const module = { exports: {} };
    vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console });
    expect(required).toEqual(['electron']);
    expect([...contextBridge.exposed.keys()]).toEqual(['booster']);

    ipcRenderer.responder = async () => ({ ok: true, value: null });
    const booster = contextBridge.exposed.get('booster') as { auth: { environment(): Promise<unknown> } };
    await expect(booster.auth.environment()).resolves.toEqual({ ok: true, value: null });
    expect(ipcRenderer.invocations).toEqual([{ channel: 'auth:environment', args: [undefined] }]);
  });
});
