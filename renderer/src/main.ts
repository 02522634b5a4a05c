// Renderer entry: picks the bridge, then mounts Vue with Pinia and the router.
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createAppRouter } from './router.js';
import { detectBridge } from './bridge/index.js';
import { setBridge } from './bridge/current.js';
import './styles.css';

setBridge(detectBridge());
// A lazy chunk from an older build is gone after an upgrade: reload to get the current one.
window.addEventListener('vite:preloadError', () => window.location.reload());
createApp(App).use(createPinia()).use(createAppRouter()).mount('#app');
