// View preferences: the namespace filter and the colour theme (both remembered locally).
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

export const ALL_NAMESPACES = '';

export const useUi = defineStore('ui', () => {
  const stored = (k: string) => {
    try {
      return localStorage.getItem(k);
    } catch {
      return null;
    }
  };
  const namespace = ref<string>(stored('kubedeck.namespace') ?? 'default');
  const prefersDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  const theme = ref<'light' | 'dark'>(
    (stored('kubedeck.theme') as 'light' | 'dark' | null) ?? (prefersDark ? 'dark' : 'light'),
  );
  /** YAML handed from a detail page to the editor. */
  const editorText = ref<string | undefined>();

  watch(namespace, (v) => localStorage.setItem('kubedeck.namespace', v));
  watch(
    theme,
    (v) => {
      localStorage.setItem('kubedeck.theme', v);
      document.documentElement.dataset.theme = v;
    },
    { immediate: true },
  );

  const toggleTheme = () => (theme.value = theme.value === 'dark' ? 'light' : 'dark');
  return { namespace, theme, toggleTheme, editorText };
});
