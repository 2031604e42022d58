import DefaultTheme from 'vitepress/theme';
import type { Theme } from 'vitepress';
import { defineAsyncComponent } from 'vue';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    // Loaded on demand: the demo pulls in TensorFlow.js, which only the demo page needs.
    app.component('AnyLossDemo', defineAsyncComponent(() => import('./AnyLossDemo.vue')));
  },
} satisfies Theme;
