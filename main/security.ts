// Window hardening per Electron's security checklist: isolated, sandboxed renderer without Node,
// no navigation away from our origin, no new windows (links open in the browser behind an
// allowlist), no permission grants.
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';

export function windowOptions(preload: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Kubedeck',
    show: false,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** Same origin as one of ours (the app scheme, or the loopback dashboard when attached). */
export function isTrustedUrl(url: string, origins: string[]): boolean {
  try {
    const u = new URL(url);
    const origin = u.protocol === 'kubedeck:' ? `kubedeck://${u.host}` : u.origin;
    return origins.includes(origin);
  } catch {
    return false;
  }
}

/**
 * Only a Service on this machine may open in the browser ("Open in browser" for NodePort and
 * LoadBalancer): http on localhost/127.0.0.1, no credentials. Anything else a page could smuggle
 * into openExternal (file:, custom schemes, remote sites) is refused.
 */
export function isExternalAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.username || u.password) return false;
    return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost');
  } catch {
    return false;
  }
}

export function guardContents(
  contents: WebContents,
  origins: string[],
  openExternal: (url: string) => void,
): void {
  const block = (e: { preventDefault(): void }, url: string) => {
    if (!isTrustedUrl(url, origins)) e.preventDefault();
  };
  contents.on('will-navigate', block);
  contents.on('will-redirect', block);
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalAllowed(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_wc, _permission, cb) => cb(false));
}
